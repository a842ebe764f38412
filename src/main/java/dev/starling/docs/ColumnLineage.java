package dev.starling.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Column-level lineage for SQL simple enough to trace without a SQL parser: one {@code select} list over tables
 * joined in its {@code from} clause (no {@code with}, no subquery in {@code from}, no set operation). A plain or
 * renamed column ({@code e.user_id}, {@code ts as event_ts}) is traced to its upstream column; an expression with an
 * alias ({@code epoch_ms(ts) as start_time}) to the columns it reads. Anything else is reported as not known, with
 * the reason, and the docs page says so.
 */
final class ColumnLineage {

    /** An upstream column: the node id and the column name. */
    record Upstream(String node, String column) {
    }

    /** One output column; {@code direct} when it is a plain copy (maybe renamed), else derived by an expression. */
    record Traced(String column, List<Upstream> from, boolean direct) {
    }

    /** Whether the query could be traced; if not, why. */
    record Result(boolean known, String reason, List<Traced> columns) {
        static Result unknown(String reason) {
            return new Result(false, reason, List.of());
        }
    }

    private static final Set<String> CLAUSE_ENDS = Set.of("where", "group", "order", "limit", "having", "qualify",
            "window", "offset", "fetch");
    private static final Set<String> SET_OPERATIONS = Set.of("union", "except", "intersect", "minus");
    private static final Set<String> JOIN_WORDS = Set.of("join", "left", "right", "inner", "full", "outer", "cross",
            "natural", "lateral");
    private static final Set<String> KEYWORDS = Set.of("case", "when", "then", "else", "end", "and", "or", "not",
            "null", "is", "in", "as", "cast", "distinct", "true", "false", "like", "ilike", "between", "over",
            "partition", "by", "order", "asc", "desc", "interval", "filter", "within", "group", "nulls", "first",
            "last", "rows", "range", "preceding", "following", "unbounded", "current", "row", "exists", "select",
            "from", "where", "escape", "similar", "to", "at", "time", "zone", "date", "timestamp", "try_cast");

    private ColumnLineage() {
    }

    /**
     * @param relations the relations the query reads (as rendered, e.g. {@code "main"."event_staging"}) by node id
     * @param columnsOf the known columns of an upstream node (for {@code *} and unqualified names), or an empty list
     */
    static Result trace(String sql, Map<String, String> relations, Function<String, List<String>> columnsOf) {
        if (sql == null) {
            return Result.unknown("no SQL");
        }
        List<String> tokens = tokens(sql);
        if (tokens.isEmpty() || !lower(tokens.get(0)).equals("select")) {
            return Result.unknown(tokens.isEmpty() ? "no SQL" : lower(tokens.get(0)).equals("with")
                    ? "the query has a WITH clause" : "the query does not start with select");
        }
        Map<String, String> byRelation = new LinkedHashMap<>();
        relations.forEach((id, relation) -> byRelation.put(normalize(relation), id));
        int depth = 0;
        int from = -1;
        int end = tokens.size();
        for (int i = 1; i < tokens.size(); i++) {
            String t = lower(tokens.get(i));
            if (t.equals("(")) {
                depth++;
            } else if (t.equals(")")) {
                depth--;
            } else if (depth == 0) {
                if (SET_OPERATIONS.contains(t)) {
                    return Result.unknown("the query combines selects with " + t);
                }
                if (from < 0 && t.equals("from")) {
                    from = i;
                } else if (from >= 0 && CLAUSE_ENDS.contains(t) && end == tokens.size()) {
                    end = i;
                }
            }
        }
        if (from < 0) {
            return Result.unknown("the query has no from clause");
        }
        // from clause: relation [as] alias, joined by join words, with on conditions skipped
        Map<String, String> aliases = new LinkedHashMap<>(); // alias or relation name -> node id
        List<String> order = new ArrayList<>();
        int i = from + 1;
        while (i < end) {
            String t = lower(tokens.get(i));
            if (t.equals("(")) {
                return Result.unknown("the from clause has a subquery");
            }
            if (t.equals(",") || JOIN_WORDS.contains(t)) {
                i++;
                continue;
            }
            if (t.equals("on") || t.equals("using")) {
                int d = 0;
                i++;
                while (i < end && !(d == 0 && (JOIN_WORDS.contains(lower(tokens.get(i))) || tokens.get(i).equals(",")))) {
                    if (tokens.get(i).equals("(")) {
                        d++;
                    } else if (tokens.get(i).equals(")")) {
                        d--;
                    }
                    i++;
                }
                continue;
            }
            StringBuilder relation = new StringBuilder(tokens.get(i++));
            while (i + 1 < end && tokens.get(i).equals(".")) {
                relation.append('.').append(tokens.get(i + 1));
                i += 2;
            }
            String id = byRelation.get(normalize(relation.toString()));
            if (id == null) {
                return Result.unknown("it reads " + relation + ", which is not a model or source");
            }
            String alias = unquote(relation.substring(relation.lastIndexOf(".") + 1));
            if (i < end && lower(tokens.get(i)).equals("as")) {
                i++;
            }
            if (i < end && isIdentifier(tokens.get(i)) && !JOIN_WORDS.contains(lower(tokens.get(i)))
                    && !Set.of("on", "using").contains(lower(tokens.get(i)))) {
                alias = unquote(tokens.get(i++));
            }
            aliases.put(alias.toLowerCase(Locale.ROOT), id);
            order.add(id);
        }
        if (order.isEmpty()) {
            return Result.unknown("the from clause names no relation");
        }
        int start = 1;
        if (lower(tokens.get(1)).equals("distinct") || lower(tokens.get(1)).equals("all")) {
            start = 2;
        }
        List<Traced> out = new ArrayList<>();
        for (List<String> item : splitTopLevel(tokens.subList(start, from))) {
            if (item.isEmpty()) {
                continue;
            }
            String last = item.get(item.size() - 1);
            if (last.equals("*")) {
                List<String> targets = item.size() == 1 ? order
                        : aliases.containsKey(unquote(item.get(0)).toLowerCase(Locale.ROOT))
                        ? List.of(aliases.get(unquote(item.get(0)).toLowerCase(Locale.ROOT))) : List.of();
                for (String id : targets) {
                    List<String> columns = columnsOf.apply(id);
                    if (columns.isEmpty()) {
                        return Result.unknown("it selects * from a relation whose columns are not known");
                    }
                    columns.forEach(c -> out.add(new Traced(c, List.of(new Upstream(id, c)), true)));
                }
                continue;
            }
            String alias = null;
            List<String> expression = item;
            if (item.size() >= 2 && isIdentifier(last) && !KEYWORDS.contains(lower(last))) {
                String before = lower(item.get(item.size() - 2));
                if (before.equals("as")) {
                    alias = unquote(last);
                    expression = item.subList(0, item.size() - 2);
                } else if (isIdentifier(item.get(item.size() - 2)) || before.equals(")")) {
                    alias = unquote(last);
                    expression = item.subList(0, item.size() - 1);
                }
            }
            boolean plain = expression.size() == 1 && isIdentifier(expression.get(0))
                    || expression.size() == 3 && isIdentifier(expression.get(0)) && expression.get(1).equals(".")
                    && isIdentifier(expression.get(2));
            List<Upstream> refs = references(expression, aliases, order, columnsOf);
            String name = alias != null ? alias : plain ? unquote(expression.get(expression.size() - 1)) : null;
            if (name == null) {
                continue; // an unnamed expression: its column name is the engine's, not traced
            }
            out.add(new Traced(name, refs, plain && refs.size() == 1));
        }
        return new Result(true, null, out);
    }

    private static List<Upstream> references(List<String> expression, Map<String, String> aliases, List<String> order,
                                             Function<String, List<String>> columnsOf) {
        Set<Upstream> refs = new LinkedHashSet<>();
        for (int i = 0; i < expression.size(); i++) {
            String t = expression.get(i);
            if (!isIdentifier(t) || KEYWORDS.contains(lower(t))) {
                continue;
            }
            if (i > 0 && (lower(expression.get(i - 1)).equals("as") || expression.get(i - 1).equals("::"))) {
                continue; // a type: cast(x as integer), x::integer
            }
            if (i + 1 < expression.size() && expression.get(i + 1).equals("(")) {
                continue; // a function
            }
            if (i + 2 < expression.size() && expression.get(i + 1).equals(".") && isIdentifier(expression.get(i + 2))) {
                String id = aliases.get(unquote(t).toLowerCase(Locale.ROOT));
                if (id != null) {
                    refs.add(new Upstream(id, unquote(expression.get(i + 2))));
                }
                i += 2;
                continue;
            }
            String column = unquote(t);
            if (order.size() == 1) {
                refs.add(new Upstream(order.get(0), column));
            } else {
                for (String id : order) {
                    if (columnsOf.apply(id).stream().anyMatch(c -> c.equalsIgnoreCase(column))) {
                        refs.add(new Upstream(id, column));
                        break;
                    }
                }
            }
        }
        return new ArrayList<>(refs);
    }

    private static List<List<String>> splitTopLevel(List<String> tokens) {
        List<List<String>> items = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int depth = 0;
        for (String t : tokens) {
            if (t.equals("(")) {
                depth++;
            } else if (t.equals(")")) {
                depth--;
            }
            if (depth == 0 && t.equals(",")) {
                items.add(current);
                current = new ArrayList<>();
            } else {
                current.add(t);
            }
        }
        items.add(current);
        return items;
    }

    /** Identifiers (quoted ones keep their quotes), string literals, numbers and punctuation; comments dropped. */
    static List<String> tokens(String sql) {
        List<String> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                int j = i + 1;
                while (j < n) {
                    if (sql.charAt(j) == c) {
                        if (j + 1 < n && sql.charAt(j + 1) == c) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                out.add(sql.substring(i, Math.min(n, j + 1)));
                i = j + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_' || sql.charAt(j) == '$')) {
                    j++;
                }
                out.add(sql.substring(i, j));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '.')) {
                    j++;
                }
                out.add(sql.substring(i, j));
                i = j;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                out.add("::");
                i += 2;
            } else {
                out.add(String.valueOf(c));
                i++;
            }
        }
        return out;
    }

    private static boolean isIdentifier(String token) {
        char c = token.charAt(0);
        return c == '"' || c == '`' || Character.isLetter(c) || c == '_';
    }

    private static String unquote(String token) {
        if (token.length() >= 2 && (token.charAt(0) == '"' || token.charAt(0) == '`')) {
            return token.substring(1, token.length() - 1);
        }
        return token;
    }

    private static String normalize(String relation) {
        StringBuilder out = new StringBuilder();
        for (String part : tokens(relation)) {
            out.append(part.equals(".") ? "." : unquote(part).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    private static String lower(String token) {
        return token.toLowerCase(Locale.ROOT);
    }
}
