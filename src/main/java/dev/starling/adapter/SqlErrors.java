package dev.starling.adapter;

import java.sql.SQLException;
import java.util.List;

/** An engine's error as users read it: the SQL state and the first lines of the message. */
public final class SqlErrors {

    private static final int MAX_LINES = 6;

    private SqlErrors() {
    }

    /** {@code SQL error [42P01]: Catalog Error: Table with name x does not exist!} (at most six lines). */
    public static String describe(SQLException e) {
        String text = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        List<String> lines = text.lines().filter(l -> !l.isBlank()).limit(MAX_LINES).toList();
        String state = e.getSQLState() == null ? "" : " [" + e.getSQLState() + "]";
        return "SQL error" + state + ": " + String.join("\n", lines);
    }
}
