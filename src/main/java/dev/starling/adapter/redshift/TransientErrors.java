package dev.starling.adapter.redshift;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * Which errors are worth a retry: the ones another transaction or the network caused, which the same work can
 * get past a moment later. Anything else (a syntax error, a missing table, a permission) fails fast.
 */
final class TransientErrors {

    /** Message fragments of transient errors, lower case. */
    private static final List<String> MESSAGES = List.of(
            "serializable isolation violation",         // Redshift error 1023
            "conflict with concurrent transaction",
            "concurrent transaction",
            "could not open relation with oid",          // a relation dropped and recreated by another session
            "could not serialize access",                // PostgreSQL's serialization failure
            "deadlock detected",
            "connection has been closed",
            "an i/o error occurred");

    private TransientErrors() {
    }

    static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (isTransientState(sql.getSQLState()) || isTransientMessage(sql.getMessage()))) {
                return true;
            }
        }
        return false;
    }

    /** The connection is gone: a new one is needed before a retry. */
    static boolean isConnectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    private static boolean isTransientState(String state) {
        if (state == null) {
            return false;
        }
        return state.startsWith("08")              // connection exception
                || state.equals("40001")           // serialization failure
                || state.equals("40P01")           // deadlock
                || state.equals("57P01")           // admin shutdown (terminated backend, cluster maintenance)
                || state.equals("57P02")           // crash shutdown
                || state.equals("57P03");          // cannot connect now (starting up)
    }

    private static boolean isTransientMessage(String message) {
        if (message == null) {
            return false;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        return MESSAGES.stream().anyMatch(lower::contains) || lower.matches("(?s).*\\b1023\\b.*serializ.*");
    }
}
