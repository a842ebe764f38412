package dev.starling.adapter;

import java.sql.SQLException;

/**
 * What a plan step does on a session when it is more than a fixed list of statements: DuckDB's read of a source's
 * files (the JSON reader, and the line-by-line reader when a record does not read), or a run-time guard (rejects
 * over {@code max_errors}, columns that changed). The step that carries it says in words, and where it can in SQL,
 * what it sends.
 */
@FunctionalInterface
public interface EngineAction {

    void run(Session session) throws SQLException;
}
