package dev.starling.adapter.redshift;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.LoadReport;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
import dev.starling.adapter.SourceFile;
import dev.starling.render.CompiledNode;
import java.sql.SQLException;
import java.util.List;

/**
 * The Redshift adapter as it is, for tests that replace one of its statements (COPY FROM S3, which PostgreSQL
 * cannot run) and keep the rest.
 */
abstract class DelegatingAdapter implements Adapter {

    final Adapter redshift;

    DelegatingAdapter(Adapter redshift) {
        this.redshift = redshift;
    }

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
        return redshift.openSession();
    }

    @Override
    public dev.starling.adapter.QueryResult queryReadOnly(String sql, int maxRows) throws SQLException {
        return redshift.queryReadOnly(sql, maxRows);
    }

    @Override
    public void checkSource(CompiledNode source) {
        redshift.checkSource(source);
    }

    @Override
    public List<String> stageSource(String relation, CompiledNode source) {
        return redshift.stageSource(relation, source);
    }

    @Override
    public boolean loadsSourcesItself() {
        return redshift.loadsSourcesItself();
    }

    @Override
    public LoadReport loadReport(Session session, CompiledNode source, boolean succeeded) throws SQLException {
        return redshift.loadReport(session, source, succeeded);
    }

    @Override
    public List<SourceFile> listSourceFiles(CompiledNode source) {
        return redshift.listSourceFiles(source);
    }

    @Override
    public String createSourceTable(String relation, CompiledNode source) {
        return redshift.createSourceTable(relation, source);
    }

    @Override
    public List<String> appendFiles(String relation, CompiledNode source, List<SourceFile> files) {
        return redshift.appendFiles(relation, source, files);
    }

    @Override
    public LoadReport appendReport(Session session, CompiledNode source, boolean succeeded, long rowsBefore)
            throws SQLException {
        return redshift.appendReport(session, source, succeeded, rowsBefore);
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
    public void close() {
        redshift.close();
    }
}
