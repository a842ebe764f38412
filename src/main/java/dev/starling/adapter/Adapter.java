package dev.starling.adapter;

import dev.starling.render.CompiledNode;
import dev.starling.render.Dialect;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The one seam per engine. An adapter knows how its engine spells DDL and how it stages a source; the
 * materializations in {@code execute} decide what to build and call these. Constructing an adapter does not
 * connect: compile and ls never touch the engine.
 */
public interface Adapter extends Dialect, AutoCloseable {

    /** A new connection for one worker thread. */
    Session openSession() throws SQLException;

    /** Checks, before anything runs, that a source's files can be found; throws a project error if not. */
    void checkSource(CompiledNode source);

    /** Checks, before anything runs, a model's physical options (dist, sort, ...); throws a project error if bad. */
    default void checkModel(CompiledNode model) {
    }

    /**
     * What the last load of {@code source} on this session did, read right after its transaction: committed
     * ({@code succeeded}) or rolled back. Engines that record rejected lines report them here.
     */
    default LoadReport loadReport(Session session, CompiledNode source, boolean succeeded) throws SQLException {
        return LoadReport.clean(succeeded ? session.queryLong("select count(*) from " + source.relation()) : -1);
    }

    /** The connection settings in effect, for {@code starling debug}; secrets redacted. */
    default Map<String, Object> settingsForDisplay() {
        return Map.of();
    }

    /**
     * Readies a source's files right before it is staged, on the worker that stages it (the embedded target
     * downloads S3 objects to its local cache here, so compile and ls never touch S3). Returns a line for the
     * run output, or null. Throws a {@link dev.starling.StarlingException} when the files cannot be had.
     */
    default String prepareSource(CompiledNode source) {
        return null;
    }

    /**
     * Statements that create {@code relation} (which does not exist) and fill it with the source's files:
     * a {@code CREATE TABLE AS SELECT ... FROM read_json(...)} on DuckDB, a {@code CREATE TABLE} and a
     * {@code COPY} on Redshift.
     */
    List<String> stageSource(String relation, CompiledNode source);

    /** {@code CREATE TABLE relation AS select} with the model's physical options (dist, sort, ...). */
    String createTableAs(String relation, CompiledNode model);

    /** {@code CREATE OR REPLACE VIEW relation AS select} (late-binding where the engine has it). */
    String createView(String relation, CompiledNode model);

    /** {@code DROP TABLE|VIEW [IF EXISTS] relation}, never cascading to dependants. */
    String drop(RelationType type, String relation, boolean ifExists);

    /** Renames {@code schema.from} to {@code to} (same schema). */
    String rename(RelationType type, String schema, String from, String to);

    /** A short description for messages: {@code duckdb file target/sparkify.duckdb}. */
    String describe();

    @Override
    void close();
}
