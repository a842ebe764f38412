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
 * Column-level lineage for SQL simple enough to trace without a full SQL parser: a {@code select} list over tables,
 * CTEs ({@code with a as (select ...)}) and subqueries joined in its {@code from} clause, each traced the same way
 * (no set operation such as {@code union}, no recursive CTE). A plain or renamed column ({@code e.user_id},
 * {@code ts as event_ts}) is traced to its upstream column; an expression with an alias
 * ({@code epoch_ms(ts) as start_time}) to the columns it reads. Anything else is reported as not known, with the
 * reason, and the docs page says so.
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

    /** A relation in scope: a model or source (by id), or a CTE or subquery traced already. */
    private record From(String id, Result traced) {
        List<String> columns(Function<String, List<String>> columnsOf) {
            return id != null ? columnsOf.apply(id) : traced.columns().stream().map(Traced::column).toList();
        }

        /** The upstream columns of one of its columns, and whether it is a plain copy of one. */
        Traced resolve(String column) {
            if (id != null) {
                return new Traced(column, List.of(new Upstream(id, column)), true);
            }
            for (Traced t : traced.columns()) {
                if (t.column().equalsIgnoreCase(column)) {
                    return t;
                }
            }
            return new Traced(column, List.of(), true); // not among its columns: not traced (direct with no upstream)
        }
    }

    /**
     * @param relations the relations the query reads (as rendered, e.g. {@code "main"."event_staging"}) by node id
     * @param columnsOf the known columns of an upstream node (for {@code *} and unqualified names), or an empty list
     */
    static Result trace(String sql, Map<String, String> relations, Function<String, List<String>> columnsOf) {
        if (sql == null) {
            return Result.unknown("no SQL");
        }
        Map<String, String> byRelation = new LinkedHashMap<>();
        relations.forEach((id, relation) -> byRelation.put(normalize(relation), id));
        List<String> tokens = tokens(sql);
        if (tokens.isEmpty()) {
            return Result.unknown("no SQL");
        }
        return query(tokens, new LinkedHashMap<>(), byRelation, columnsOf);
    }

    /** A query: optional CTEs, then one select. */
    private static Result query(List<String> tokens, Map<String, Result> ctes, Map<String, String> byRelation,
                                Function<String, List<String>> columnsOf) {
        int i = 0;
        if (lower(tokens.get(0)).equals("with")) {
            i = 1;
            if (i < tokens.size() && lower(tokens.get(i)).equals("recursive")) {
                return Result.unknown("the query has a recursive WITH clause");
            }
            ctes = new LinkedHashMap<>(ctes);
            while (true) {
                if (i + 2 >= tokens.size() || !isIdentifier(tokens.get(i)) || !lower(tokens.get(i + 1)).equals("as")
                        || !tokens.get(i + 2).equals("(")) {
                    return Result.unknown("a WITH clause that is not name as (select ...)");
                }
                String name = unquote(tokens.get(i)).toLowerCase(Locale.ROOT);
                int close = closing(tokens, i + 2);
                if (close < 0) {
                    return Result.unknown("unbalanced parentheses");
                }
                Result inner = query(tokens.subList(i + 3, close), ctes, byRelation, columnsOf);
                if (!inner.known()) {
                    return Result.unknown("in " + name + ": " + inner.reason());
                }
                ctes.put(name, inner);
                i = close + 1;
                if (i < tokens.size() && tokens.get(i).equals(",")) {
                    i++;
                    continue;
                }
                break;
            }
        }
        List<String> rest = tokens.subList(i, tokens.size());
        if (rest.isEmpty() || !lower(rest.get(0)).equals("select")) {
            return Result.unknown("the query does not start with select");
        }
        return select(rest, ctes, byRelation, columnsOf);
    }

    private static int closing(List<String> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).equals("(")) {
                depth++;
            } else if (tokens.get(i).equals(")") && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static Result select(List<String> tokens, Map<String, Result> ctes, Map<String, String> byRelation,
                                 Function<String, List<String>> columnsOf) {
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
        // from clause: relation [as] alias, or (subquery) [as] alias, joined by join words, on conditions skipped
        Map<String, From> aliases = new LinkedHashMap<>();
        List<From> order = new ArrayList<>();
        int i = from + 1;
        while (i < end) {
            String t = lower(tokens.get(i));
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
            From source;
            String alias;
            if (t.equals("(")) {
                int close = closing(tokens, i);
                if (close < 0 || close >= end) {
                    return Result.unknown("unbalanced parentheses");
                }
                List<String> inner = tokens.subList(i + 1, close);
                if (inner.isEmpty() || !Set.of("select", "with").contains(lower(inner.get(0)))) {
                    return Result.unknown("the from clause reads something other than a table or a subquery");
                }
                Result traced = query(inner, ctes, byRelation, columnsOf);
                if (!traced.known()) {
                    return Result.unknown("in a subquery: " + traced.reason());
                }
                source = new From(null, traced);
                alias = null;
                i = close + 1;
            } else {
                StringBuilder relation = new StringBuilder(tokens.get(i++));
                while (i + 1 < end && tokens.get(i).equals(".")) {
                    relation.append('.').append(tokens.get(i + 1));
                    i += 2;
                }
                Result cte = relation.indexOf(".") < 0 ? ctes.get(unquote(relation.toString()).toLowerCase(Locale.ROOT)) : null;
                String id = cte != null ? null : byRelation.get(normalize(relation.toString()));
                if (cte == null && id == null) {
                    return Result.unknown("it reads " + relation + ", which is not a model or source");
                }
                source = new From(id, cte);
                alias = unquote(relation.substring(relation.lastIndexOf(".") + 1));
            }
            if (i < end && lower(tokens.get(i)).equals("as")) {
                i++;
            }
            if (i < end && isIdentifier(tokens.get(i)) && !JOIN_WORDS.contains(lower(tokens.get(i)))
                    && !Set.of("on", "using").contains(lower(tokens.get(i)))) {
                alias = unquote(tokens.get(i++));
            }
            if (alias != null) {
                aliases.put(alias.toLowerCase(Locale.ROOT), source);
            }
            order.add(source);
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
                List<From> targets = item.size() == 1 ? order
                        : aliases.containsKey(unquote(item.get(0)).toLowerCase(Locale.ROOT))
                        ? List.of(aliases.get(unquote(item.get(0)).toLowerCase(Locale.ROOT))) : List.of();
                for (From source : targets) {
                    List<String> columns = source.columns(columnsOf);
                    if (columns.isEmpty()) {
                        return Result.unknown("it selects * from a relation whose columns are not known");
                    }
                    columns.forEach(c -> out.add(source.resolve(c)));
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
            String name = alias != null ? alias : plain ? unquote(expression.get(expression.size() - 1)) : null;
            if (name == null) {
                continue; // an unnamed expression: its column name is the engine's, not traced
            }
            List<Traced> refs = references(expression, aliases, order, columnsOf);
            Set<Upstream> upstream = new LinkedHashSet<>();
            refs.forEach(r -> upstream.addAll(r.from()));
            boolean direct = plain && refs.size() == 1 && refs.get(0).direct();
            out.add(new Traced(name, new ArrayList<>(upstream), direct));
        }
        return new Result(true, null, out);
    }

    private static List<Traced> references(List<String> expression, Map<String, From> aliases, List<From> order,
                                           Function<String, List<String>> columnsOf) {
        List<Traced> refs = new ArrayList<>();
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
            if (i + 1 < expression.size() && lower(expression.get(i + 1)).equals("from")) {
                continue; // a date part: extract(hour from start_time)
            }
            if (i + 2 < expression.size() && expression.get(i + 1).equals(".") && isIdentifier(expression.get(i + 2))) {
                From source = aliases.get(unquote(t).toLowerCase(Locale.ROOT));
                if (source != null) {
                    refs.add(source.resolve(unquote(expression.get(i + 2))));
                }
                i += 2;
                continue;
            }
            String column = unquote(t);
            if (order.size() == 1) {
                refs.add(order.get(0).resolve(column));
            } else {
                for (From source : order) {
                    if (source.columns(columnsOf).stream().anyMatch(c -> c.equalsIgnoreCase(column))) {
                        refs.add(source.resolve(column));
                        break;
                    }
                }
            }
        }
        return refs;
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
