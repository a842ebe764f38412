package dev.starling.adapter;

import dev.starling.StarlingException;
import java.util.Locale;

/**
 * What a text given to {@code show} is, read lexically (quotes, dollar quotes and comments skipped): how many
 * statements it holds and the keyword each starts with. Engines classify with their own parser where they can;
 * this names what was refused, and on engines without a parse-only call it keeps a text to one statement.
 */
public final class QueryText {

    private QueryText() {
    }

    /** The statements of a text: its non-blank pieces between semicolons that are outside quotes and comments. */
    public static int statements(String sql) {
        // a backslash escapes a quote on Redshift but not in standard SQL strings: count both ways, keep the larger
        return Math.max(statements(sql, false), statements(sql, true));
    }

    private static int statements(String sql, boolean backslashEscapes) {
        int count = 0;
        boolean content = false;
        int i = 0;
        while (i < sql.length()) {
            int skipped = skip(sql, i, backslashEscapes);
            if (skipped != i) {
                content |= !isComment(sql, i);
                i = skipped;
                continue;
            }
            char c = sql.charAt(i);
            if (c == ';') {
                count += content ? 1 : 0;
                content = false;
            } else if (!Character.isWhitespace(c)) {
                content = true;
            }
            i++;
        }
        return count + (content ? 1 : 0);
    }

    /** The first word of the text, lower case, comments skipped ("" when there is none). */
    public static String firstKeyword(String sql) {
        int i = 0;
        while (i < sql.length()) {
            if (isComment(sql, i)) {
                i = skip(sql, i, false);
            } else if (Character.isWhitespace(sql.charAt(i)) || sql.charAt(i) == ';') {
                i++;
            } else {
                break;
            }
        }
        int start = i;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return i > start ? sql.substring(start, i).toLowerCase(Locale.ROOT)
                : i < sql.length() ? String.valueOf(sql.charAt(i)) : "";
    }

    /**
     * Throws the usage error {@code show} gives for a text that is not one query: {@code what} is "a DELETE
     * statement", "2 statements", ...
     */
    public static StarlingException notAQuery(String sql) {
        int n = statements(sql);
        String what = n == 0 ? "empty" : n > 1 ? n + " statements"
                : "a " + firstKeyword(sql).toUpperCase(Locale.ROOT) + " statement";
        return StarlingException.usage("show runs exactly one query (SELECT, WITH, VALUES, ...) and changes nothing;"
                + " this text is " + what + ". Nothing was run.");
    }

    /**
     * For engines with no parse-only call: refuses a text that is not one statement starting as a query does.
     * The engine's read-only transaction refuses the rest (a write hidden in a query).
     */
    public static void requireOneQuery(String sql) {
        String keyword = firstKeyword(sql);
        boolean query = switch (keyword) {
            case "select", "with", "values", "(", "table", "show" -> true;
            default -> false;
        };
        if (statements(sql) != 1 || !query) {
            throw notAQuery(sql);
        }
    }

    private static boolean isComment(String sql, int i) {
        return sql.startsWith("--", i) || sql.startsWith("/*", i);
    }

    /** The index after a quoted string or comment starting at {@code i}, or {@code i} when none starts there. */
    private static int skip(String sql, int i, boolean backslashEscapes) {
        char c = sql.charAt(i);
        if (sql.startsWith("--", i)) {
            int end = sql.indexOf('\n', i);
            return end < 0 ? sql.length() : end + 1;
        }
        if (sql.startsWith("/*", i)) {
            int depth = 0;
            int j = i;
            while (j < sql.length()) {
                if (sql.startsWith("/*", j)) {
                    depth++;
                    j += 2;
                } else if (sql.startsWith("*/", j)) {
                    depth--;
                    j += 2;
                    if (depth == 0) {
                        return j;
                    }
                } else {
                    j++;
                }
            }
            return sql.length();
        }
        if (c == '\'' || c == '"') {
            int j = i + 1;
            while (j < sql.length()) {
                if (sql.charAt(j) == c) {
                    if (j + 1 < sql.length() && sql.charAt(j + 1) == c) {
                        j += 2;
                        continue;
                    }
                    return j + 1;
                }
                if (backslashEscapes && c == '\'' && sql.charAt(j) == '\\') {
                    j++;
                }
                j++;
            }
            return sql.length();
        }
        if (c == '$') {
            int close = sql.indexOf('$', i + 1);
            if (close > i && sql.substring(i + 1, close).matches("[A-Za-z_0-9]*")
                    && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
                String tag = sql.substring(i, close + 1);
                int end = sql.indexOf(tag, close + 1);
                return end < 0 ? sql.length() : end + tag.length();
            }
        }
        return i;
    }
}
