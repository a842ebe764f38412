package dev.starling.adapter;

import dev.starling.render.CompiledNode;
import dev.starling.render.Dialect;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one seam per engine. An adapter knows how its engine spells DDL, and its {@link SourceLoader} how it reads a
 * source's files; the materializations in {@code execute} plan what to build with these, and the runner sends the
 * plans through its sessions. Constructing an adapter neither connects nor reads connection settings: compile, ls
 * and a dry run without a connection never touch the engine, and need no host or password.
 *
 * <p>Capabilities are boolean methods ({@link #replacesViewsWithOtherColumns()},
 * {@link SourceLoader#tagsRowsWithFile()}): every method is valid on every engine.
 */
public interface Adapter extends Dialect, AutoCloseable {

    /** A new connection for one worker thread. */
    Session openSession() throws SQLException;

    /** The engine's source loader: how it lists and reads a source's files (see {@link SourceLoader}). */
    SourceLoader sourceLoader();

    /**
     * Runs {@code show}'s query, changing nothing: the text must be exactly one query (classified by the engine's
     * own parser where it has one, before anything is prepared), run read-only. Anything else is a usage error
     * ({@link QueryText#notAQuery}) and nothing runs.
     */
    QueryResult queryReadOnly(String sql, int maxRows) throws SQLException;

    /**
     * The real cause of an engine error when the engine's own message hides it (a full disk reported as a
     * failed commit), naming the place (the database file, the temp directory, ...); null when the message says it.
     */
    default String diagnose(SQLException e) {
        return null;
    }

    /** Checks, before anything runs, a model's physical options (dist, sort, ...); throws a project error if bad. */
    default void checkModel(CompiledNode model) {
    }

    /**
     * Reads and checks the settings a connection needs (host, password, ...), without connecting: a command that
     * will connect calls it first, so a missing one is one line before anything runs. Commands that only look
     * never call it.
     */
    default void checkConnectionSettings() {
    }

    /** The connection settings in effect, for {@code starling debug}; secrets redacted. */
    default Map<String, Object> settingsForDisplay() {
        return Map.of();
    }

    /**
     * Where the engine listens (host and port), for {@code starling debug}'s quick reachability check before it
     * connects; null for an embedded engine or when the driver finds the host itself.
     */
    default java.net.InetSocketAddress endpoint() {
        return null;
    }

    /**
     * A session for a dry run, to see what exists: it only reads ({@link ReadOnlySession} refuses any
     * transaction), and opening it creates nothing (DuckDB opens an existing file read-only). Throws
     * {@link NotConnected}, saying why, when the target cannot be read as it is: settings or secrets missing, no
     * database file yet, no answer.
     */
    Session inspect();

    /** The target cannot be inspected; a dry run then plans a first build. */
    final class NotConnected extends RuntimeException {
        public NotConnected(String reason) {
            super(reason);
        }

        public NotConnected(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** The column of a staged row that names the file it came from (kept in incremental sources' tables). */
    String FILE_COLUMN = "_starling_file";

    /**
     * The column of an incremental source's staged row that names the batch (the load) that added it; NULL for rows
     * of a full load, which every incremental model downstream rebuilds from. See {@code execute.Batches}.
     */
    String BATCH_COLUMN = "_starling_batch";

    /**
     * Statements that create the temporary table {@code relation} of the files of one load, a row per file:
     * path, local, size, modified, etag, fingerprint (see {@link SourceFile}). The default inserts them as VALUES.
     */
    default List<String> createFilesTable(String relation, List<SourceFile> files) {
        List<String> statements = new ArrayList<>();
        statements.add(drop(RelationType.TABLE, relation, true));
        String text = textType();
        statements.add(createTempTableAs(relation, "select cast(null as " + text + ") as path, cast(null as " + text
                + ") as local, cast(null as bigint) as size, cast(null as timestamp) as modified, cast(null as " + text
                + ") as etag, cast(null as " + text + ") as fingerprint where 1 = 0"));
        for (int from = 0; from < files.size(); from += 1000) {
            List<String> values = new ArrayList<>();
            for (SourceFile file : files.subList(from, Math.min(files.size(), from + 1000))) {
                values.add("(" + stringLiteral(file.path()) + ", " + stringLiteral(file.local()) + ", " + file.size()
                        + ", " + timestampLiteral(file.modified()) + ", " + stringLiteral(file.etag()) + ", "
                        + stringLiteral(file.fingerprint()) + ")");
            }
            statements.add("insert into " + relation + " values\n" + String.join(",\n", values));
        }
        return statements;
    }

    /** A temporary relation's name as statements write it (unqualified on engines with a temp schema). */
    default String tempRelation(String name) {
        return quote(name);
    }

    /** {@code CREATE TEMP TABLE relation AS select}. */
    default String createTempTableAs(String relation, String select) {
        return "create temp table " + relation + " as\n" + select;
    }

    /** The table that keeps a source's rejected records: file, line (1-based), raw text, reason, when. */
    default String createRejectsTable(String relation) {
        return "create table if not exists " + relation + " (file varchar, line bigint, raw varchar, reason varchar,"
                + " rejected_at timestamp)";
    }

    /** The table of files that incremental sources have loaded: {@code starling_loaded_files}. */
    default String createLoadStateTable(String relation) {
        String text = textType();
        return "create table if not exists " + relation + " (source " + text + ", path " + text + ", size bigint,"
                + " modified timestamp, etag " + text + ", fingerprint " + text + ", loaded_at timestamp)";
    }

    /** {@code CREATE SCHEMA IF NOT EXISTS schema}: a custom schema is created before the first node built in it. */
    default String createSchema(String schema) {
        return "create schema if not exists " + quote(schema);
    }

    /** The type of Starling's own text columns (paths, reasons): {@code varchar} where it has no length limit. */
    default String textType() {
        return "varchar";
    }

    /** The current time as a query over a user table may use it. */
    default String currentTimestamp() {
        return "current_timestamp";
    }

    /** A string literal: {@code 'it''s'}. */
    default String stringLiteral(String text) {
        return text == null ? "null" : "'" + text.replace("'", "''") + "'";
    }

    /** A timestamp literal (UTC, milliseconds). */
    default String timestampLiteral(Instant instant) {
        return "timestamp '" + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC)
                .format(instant) + "'";
    }

    // ---- incremental models ----------------------------------------------------------------------------------

    /** A comparison that is true when both sides are equal or both are NULL. */
    default String nullSafeEquals(String left, String right) {
        return left + " is not distinct from " + right;
    }

    /**
     * Statements that apply the new rows in {@code temp} to {@code target} (an existing table with the same
     * columns), by strategy: {@code append} inserts them; {@code delete+insert} deletes the target's rows whose
     * key matches a new row, then inserts; {@code merge} updates the matching rows and inserts the others. Keys
     * match NULL-safely, so a NULL in a key column never duplicates a row.
     */
    default List<String> applyIncremental(String strategy, String target, String targetName, String temp,
                                          List<String> columns, List<String> keys) {
        String columnList = String.join(", ", columns.stream().map(this::quote).toList());
        String insertAll = "insert into " + target + " (" + columnList + ")\nselect " + columnList + " from " + temp;
        List<String> statements = new ArrayList<>();
        switch (strategy) {
            case "append" -> statements.add(insertAll);
            case "delete+insert" -> {
                statements.add("delete from " + target + " using " + temp + " as __starling_new\nwhere "
                        + keyMatch(quote(targetName), "__starling_new", keys));
                statements.add(insertAll);
            }
            case "merge" -> {
                List<String> sets = columns.stream().filter(c -> !keys.contains(c))
                        .map(c -> quote(c) + " = __starling_new." + quote(c)).toList();
                if (!sets.isEmpty()) {
                    statements.add("update " + target + " set " + String.join(", ", sets) + "\nfrom " + temp
                            + " as __starling_new\nwhere " + keyMatch(quote(targetName), "__starling_new", keys));
                }
                statements.add("insert into " + target + " (" + columnList + ")\nselect " + columnList + " from "
                        + temp + " as __starling_new\nwhere not exists (select 1 from " + target + " as t where "
                        + keyMatch("t", "__starling_new", keys) + ")");
            }
            default -> throw new IllegalArgumentException("unknown incremental strategy " + strategy);
        }
        return statements;
    }

    private String keyMatch(String left, String right, List<String> keys) {
        return String.join(" and ", keys.stream()
                .map(k -> nullSafeEquals(left + "." + quote(k), right + "." + quote(k))).toList());
    }

    // ---- seeds -----------------------------------------------------------------------------------------------

    /** Rows per INSERT statement when a seed's rows are sent as statements. */
    int SEED_ROWS_PER_INSERT = 1000;

    /**
     * How the seed's CSV becomes the table {@code temp} (quoted, new): by default the JVM reads the file, chooses
     * the column types ({@code column_types}, else inferred from all rows) and sends multi-row INSERTs of
     * {@link #SEED_ROWS_PER_INSERT} rows; an engine that reads files itself overrides this.
     */
    default SeedLoad loadSeed(String temp, SeedFile seed) {
        java.util.Map<String, String> columns = seed.columns(-1, this::seedType);
        List<String> statements = new ArrayList<>();
        statements.add(createSeedTable(temp, columns));
        List<String> values = new ArrayList<>();
        try {
            seed.rows(row -> {
                values.add("(" + String.join(", ", row.fields().stream().map(this::stringLiteral).toList()) + ")");
                if (values.size() == SEED_ROWS_PER_INSERT) {
                    statements.add("insert into " + temp + " values\n" + String.join(",\n", values));
                    values.clear();
                }
            });
        } catch (SeedFile.Malformed m) {
            throw seed.problem(m);
        }
        if (!values.isEmpty()) {
            statements.add("insert into " + temp + " values\n" + String.join(",\n", values));
        }
        return new SeedLoad(List.of(), statements);
    }

    /** {@code CREATE TABLE temp (column type, ...)} for a seed. */
    default String createSeedTable(String temp, java.util.Map<String, String> columns) {
        List<String> defs = new ArrayList<>();
        columns.forEach((name, type) -> defs.add(quote(name) + " " + type));
        return "create table " + temp + " (" + String.join(", ", defs) + ")";
    }

    /** The engine's type for an inferred seed column. */
    default String seedType(SeedFile.Kind kind) {
        return switch (kind) {
            case INTEGER -> "bigint";
            case DECIMAL -> "double precision";
            case DATE -> "date";
            case TIMESTAMP -> "timestamp";
            case BOOLEAN -> "boolean";
            case TEXT -> textType();
        };
    }

    /** {@code CREATE TABLE relation AS select} with the model's physical options (dist, sort, ...). */
    String createTableAs(String relation, CompiledNode model);

    /**
     * True when {@code CREATE OR REPLACE VIEW} accepts a view whose columns changed (DuckDB); false when it does
     * not (Redshift, PostgreSQL): the old view is then dropped first, in the same transaction.
     */
    default boolean replacesViewsWithOtherColumns() {
        return true;
    }

    /** {@code CREATE OR REPLACE VIEW relation AS select} (late-binding where the engine has it). */
    String createView(String relation, CompiledNode model);

    /** {@code DROP TABLE|VIEW [IF EXISTS] relation}, never cascading to dependants. */
    String drop(RelationType type, String relation, boolean ifExists);

    /** Renames {@code schema.from} to {@code to} (same schema). */
    String rename(RelationType type, String schema, String from, String to);

    /** A short description for messages: {@code duckdb file target/sparkify.duckdb}. */
    String describe();

    /**
     * Starts loading the engine in the background (for DuckDB: its native library; nothing is opened), so that
     * it overlaps with loading and rendering the project. Called once, before any session, by commands that will
     * run SQL; a failure surfaces at the first {@link #openSession()}.
     */
    default void warmUp() {
    }

    @Override
    void close();
}
