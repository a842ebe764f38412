package dev.starling.adapter;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** A session that passes everything to another; subclasses change what they must (e.g. refuse transactions). */
public abstract class DelegatingSession implements Session {

    protected final Session session;

    protected DelegatingSession(Session session) {
        this.session = session;
    }

    @Override
    public void transaction(List<String> statements, Commit commit) throws SQLException {
        session.transaction(statements, commit);
    }

    @Override
    public long queryLong(String sql) throws SQLException {
        return session.queryLong(sql);
    }

    @Override
    public QueryResult query(String sql, int maxRows) throws SQLException {
        return session.query(sql, maxRows);
    }

    @Override
    public Map<String, String> columns(String relation) throws SQLException {
        return session.columns(relation);
    }

    @Override
    public Map<String, RelationType> relations(String schema) throws SQLException {
        return session.relations(schema);
    }

    @Override
    public List<String> retried() {
        return session.retried();
    }

    @Override
    public void close() {
        session.close();
    }
}
