package dev.starling.adapter.redshift;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.Commit;
import dev.starling.adapter.DelegatingSession;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
import dev.starling.adapter.SourceLoader;
import dev.starling.render.CompiledNode;
import java.sql.SQLException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The Redshift adapter as it is, for tests that replace some statements its plans send (COPY FROM S3, which
 * PostgreSQL cannot run) and keep the rest: every transaction a session sends passes through {@link #rewrite}
 * first, so the statements are recorded and replaced exactly as the plan sent them.
 */
abstract class DelegatingAdapter implements Adapter {

    final Adapter redshift;

    DelegatingAdapter(Adapter redshift) {
        this.redshift = redshift;
    }

    /** The statements of one transaction, as the session will send them to PostgreSQL. */
    abstract List<String> rewrite(List<String> statements);

    @Override
    public String type() {
        return redshift.type();
    }

    @Override
    public String describe() {
        return redshift.describe();
    }

    @Override
    public Session openSession() throws SQLException {
        return new Rewriting(redshift.openSession(), this::rewrite);
    }

    @Override
    public Session inspect() {
        return redshift.inspect();
    }

    @Override
    public dev.starling.adapter.QueryResult queryReadOnly(String sql, int maxRows) throws SQLException {
        return redshift.queryReadOnly(sql, maxRows);
    }

    @Override
    public void checkConnectionSettings() {
        redshift.checkConnectionSettings();
    }

    @Override
    public SourceLoader sourceLoader() {
        return redshift.sourceLoader();
    }

    @Override
    public String textType() {
        return redshift.textType();
    }

    @Override
    public String currentTimestamp() {
        return redshift.currentTimestamp();
    }

    @Override
    public String nullSafeEquals(String left, String right) {
        return redshift.nullSafeEquals(left, right);
    }

    @Override
    public boolean replacesViewsWithOtherColumns() {
        return redshift.replacesViewsWithOtherColumns();
    }

    @Override
    public String createTableAs(String relation, CompiledNode model) {
        return redshift.createTableAs(relation, model);
    }

    @Override
    public String createView(String relation, CompiledNode model) {
        return redshift.createView(relation, model);
    }

    @Override
    public String drop(RelationType type, String relation, boolean ifExists) {
        return redshift.drop(type, relation, ifExists);
    }

    @Override
    public String rename(RelationType type, String schema, String from, String to) {
        return redshift.rename(type, schema, from, to);
    }

    @Override
    public dev.starling.adapter.SeedLoad loadSeed(String temp, dev.starling.adapter.SeedFile seed) {
        return redshift.loadSeed(temp, seed);
    }

    @Override
    public void close() {
        redshift.close();
    }

    /** A session whose transactions are rewritten before they are sent. */
    private static final class Rewriting extends DelegatingSession {
        private final UnaryOperator<List<String>> rewrite;

        Rewriting(Session session, UnaryOperator<List<String>> rewrite) {
            super(session);
            this.rewrite = rewrite;
        }

        @Override
        public void transaction(List<String> statements, Commit commit) throws SQLException {
            session.transaction(rewrite.apply(statements), commit);
        }
    }
}
