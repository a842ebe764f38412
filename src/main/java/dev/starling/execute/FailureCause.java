package dev.starling.execute;

import dev.starling.adapter.RelationType;
import dev.starling.adapter.SqlErrors;
import dev.starling.project.Node;
import dev.starling.project.NodeKind;
import dev.starling.render.CompiledNode;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words a failed node's message by its real cause: the engine's own diagnosis (a full disk, and where), an
 * upstream relation that was never built, a test on a column that is not there (a YAML typo, not SQL), a
 * table that did not exist before; else the SQL to fix. DuckDB's {@code LINE n} is mapped to the model file.
 */
final class FailureCause {

    private static final Pattern LINE = Pattern.compile("(?m)^LINE (\\d+): ?(.*)$");

    private FailureCause() {
    }

    /**
     * @param engineCause the adapter's diagnosis of {@code e} (e.g. "the disk holding ... is full"), or null
     * @param relations   what the schema held before this node ran, by name (null when not listed)
     * @param history     how the last run ended for an upstream that is not built
     */
    static String describe(CompiledNode node, SQLException e, String engineCause, Map<String, RelationType> relations,
                           UpstreamHistory history) {
        Node n = node.node();
        String where = n.path() + (n.template() != null ? "" : ":" + n.line());
        String error = mapLines(node, SqlErrors.describe(e));
        String was = wasBefore(node, relations);
        if (engineCause != null) {
            return where + ": " + engineCause + "\n(" + error + ")\n" + (n.kind() == NodeKind.TEST
                    ? "The test did not run." : "Nothing was changed. " + was);
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        String upstreamId = missingUpstream(node, message, relations);
        if (upstreamId != null) {
            String upstream = (upstreamId.startsWith("source.") ? "The source " : "The upstream model ")
                    + upstreamId.substring(upstreamId.indexOf('.') + 1);
            UpstreamHistory.Earlier earlier = history.of(upstreamId);
            if (earlier != null) {
                return where + ": " + error + "\n" + upstream + " was not built: it " + (earlier.failed() ? "failed"
                        : "was skipped") + " in the last run" + (earlier.when() == null ? "" : " (" + earlier.when() + ")")
                        + (earlier.firstLine() == null ? "" : ": " + earlier.firstLine()) + "\n"
                        + (n.kind() == NodeKind.TEST ? "" : was + " ") + (earlier.failed()
                        ? "Fix it, then run: starling run -s " + selector(upstreamId) + "+"
                        : "Build it and what it needs: starling run -s +" + selector(upstreamId) + "+");
            }
            return where + ": " + error + "\n" + upstream + " has not been built (it is not in the database)."
                    + " Build it first, e.g. starling run -s +" + n.name() + (n.kind() == NodeKind.TEST ? ""
                    : "; " + was);
        }
        String advice = switch (n.kind()) {
            case SEED -> "Nothing was loaded: " + was + " Fix the CSV file (or the seed's column_types) and run again.";
            case SOURCE -> "Nothing was loaded: " + was + " Fix the input file (or the source's columns) and run again.";
            case MODEL -> was + " Fix the SQL (rendered in target/compiled/" + n.path().toString().replace('\\', '/')
                    + (node.incrementalSql() != null && !node.incrementalSql().equals(node.sql())
                    ? "; an incremental run runs " + n.path().getFileName().toString().replaceAll("\\.sql$", "")
                    + ".incremental.sql beside it" : "") + ") and run again.";
            default -> n.test() != null ? generatedTestAdvice(n, message) : "Fix the test's SQL and run again.";
        };
        return where + ": " + error + "\n" + advice;
    }

    /** "The table x is as it was." or, for a relation that did not exist, that nothing was created. */
    private static String wasBefore(CompiledNode node, Map<String, RelationType> relations) {
        Node n = node.node();
        String kind = n.kind() == NodeKind.SOURCE ? "The staged table" : Materializations.action(node).equals("view")
                ? "The view" : "The table";
        if (relations != null && relations.getOrDefault(n.name(), RelationType.NONE) == RelationType.NONE) {
            return kind + " " + n.name() + " did not exist before and was not created.";
        }
        return kind + " " + n.name() + " is as it was.";
    }

    /** How {@code --select} names a node: {@code songplay}, {@code source:sparkify.event_staging}. */
    private static String selector(String id) {
        String rest = id.substring(id.indexOf('.') + 1);
        return id.startsWith("source.") ? "source:" + rest : rest.substring(rest.lastIndexOf('.') + 1);
    }

    /** The id of the first relation this node reads that is not in the database and that the error names, or null. */
    private static String missingUpstream(CompiledNode node, String message, Map<String, RelationType> relations) {
        if (relations == null) {
            return null;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        for (String id : node.dependsOn()) {
            String name = id.substring(id.lastIndexOf('.') + 1);
            if (relations.getOrDefault(name, RelationType.NONE) == RelationType.NONE
                    && lower.contains(name.toLowerCase(Locale.ROOT))) {
                return id;
            }
        }
        return null;
    }

    /** A generic test is generated from YAML: a missing column is a typo there, not SQL the user wrote. */
    private static String generatedTestAdvice(Node test, String message) {
        String column = test.test().column();
        String lower = message.toLowerCase(Locale.ROOT);
        String yaml = test.path() + ":" + test.line();
        if (column != null && lower.contains(column.toLowerCase(Locale.ROOT))
                && (lower.contains("not found") || lower.contains("does not exist"))) {
            return "The column " + column + " is not in " + test.test().attachedTo().replaceFirst("^[a-z]+\\.", "")
                    + ": check its name in " + yaml + ".";
        }
        return "The test is generated from " + yaml + " (" + test.test().testName() + "): check its column and"
                + " arguments there.";
    }

    /**
     * DuckDB's {@code LINE n} counts lines of the statement it ran (a model's SQL wrapped in DDL); the line of
     * the rendered model (its file, line for line) that holds the quoted text is given instead.
     */
    private static String mapLines(CompiledNode node, String error) {
        Matcher m = LINE.matcher(error);
        if (!m.find() || node.node().template() == null || node.sql() == null) {
            return error;
        }
        String snippet = m.group(2).replaceAll("\\.\\.\\.\\s*$", "").strip();
        List<String> lines = node.sql().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!snippet.isEmpty() && !line.isEmpty() && (line.contains(snippet) || snippet.contains(line))) {
                return error.substring(0, m.start()) + "LINE " + (i + 1) + ": " + m.group(2) + error.substring(m.end());
            }
        }
        return error;
    }
}
