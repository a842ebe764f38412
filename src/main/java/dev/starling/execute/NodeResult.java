package dev.starling.execute;

import dev.starling.adapter.LoadReport;
import dev.starling.adapter.QueryResult;
import dev.starling.project.NodeKind;

/**
 * What happened to one node in a run.
 *
 * @param action      what was done: load, table, view or test
 * @param rows        rows in the built relation, or failing rows of a test; -1 when not known
 * @param message     the error, the reason for a skip, or null
 * @param failingRows a test's first failing rows (at most 10), or null
 * @param load        what a source load did (loaded, rejected, files), or null for other nodes
 */
public record NodeResult(String id, NodeKind kind, String name, String action, Status status, long rows,
                         double seconds, String message, QueryResult failingRows, LoadReport load) {

    public NodeResult(String id, NodeKind kind, String name, String action, Status status, long rows,
                      double seconds, String message, QueryResult failingRows) {
        this(id, kind, name, action, status, rows, seconds, message, failingRows, null);
    }

    public enum Status {
        /** A model or source was built. */
        SUCCESS,
        /** A test found no failing rows. */
        PASS,
        /** A test with severity warn found failing rows. */
        WARN,
        /** A test with severity error found failing rows. */
        FAIL,
        /** A node could not be built (SQL error, missing files). */
        ERROR,
        /** Not run, because something upstream failed. */
        SKIPPED;

        public boolean failed() {
            return this == FAIL || this == ERROR;
        }
    }
}
