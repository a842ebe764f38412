package dev.starling.adapter;

import java.sql.SQLException;

/**
 * What a transaction adds to its statements, both optional: a check that reads, on the transaction's own
 * connection, after its statements and before its commit (a failure rolls everything back), and an apply mark that
 * makes the transaction safe to repeat after a lost commit.
 *
 * @param checkLabel   what the check checks, in words, for plans
 * @param beforeCommit reads inside the transaction (e.g. sums the rejects of its COPYs); throws to roll back
 * @param mark         the transaction inserts this mark with its statements; a session that retries it after a
 *                     lost connection first looks for the mark and, finding it, knows the commit had succeeded
 */
public record Commit(String checkLabel, Check beforeCommit, ApplyMark mark) {

    /** No check, no mark. */
    public static final Commit PLAIN = new Commit(null, null, null);

    /** With a check before the commit, described by {@code label} in plans. */
    public Commit withCheck(String label, Check check) {
        return new Commit(label, check, mark);
    }

    /** With an apply mark. */
    public Commit withMark(ApplyMark applyMark) {
        return new Commit(checkLabel, beforeCommit, applyMark);
    }

    /** A read inside the transaction, before its commit. */
    @FunctionalInterface
    public interface Check {
        void check(Session inTransaction) throws SQLException;
    }

    /**
     * A row that one transaction inserts in {@code table} ({@code starling_applied}: id, node, applied_at) with
     * its statements: its presence says that the transaction committed.
     */
    public record ApplyMark(String table, String id) {

        /** The query a retry runs first: 1 when the transaction had committed. */
        public String lookup() {
            return "select count(*) from " + table + " where id = '" + id.replace("'", "''") + "'";
        }
    }
}
