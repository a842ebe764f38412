package dev.starling.execute;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.LoadInto;
import dev.starling.adapter.LoadReport;
import dev.starling.adapter.QueryResult;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
import dev.starling.adapter.SourceFile;
import dev.starling.project.Column;
import dev.starling.project.Node;
import dev.starling.project.SourceSpec;
import dev.starling.render.CompiledNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loads a source's files into its staged table, the same way on every target; the adapter lists the files and
 * reads them into temporary tables of good rows and rejected records.
 *
 * <ol>
 *   <li>List the files. An incremental source ({@code incremental: true}) whose table exists keeps, in
 *       {@value #STATE_TABLE}, each loaded file's path and fingerprint (ETag, or size and modification time):
 *       only new files are read, and a changed file is read again, its earlier rows replaced.</li>
 *   <li>Read them: every record is either a good row or a reject (file, line, raw text, reason).</li>
 *   <li>Write the rejects to {@code <source>_rejects} in their own transaction, so they stay for inspection even
 *       when the load fails; a file's rejects replace that file's earlier ones.</li>
 *   <li>More rejects than {@code max_errors} (default 0): the load fails as a whole, like COPY's MAXERROR.</li>
 *   <li>Otherwise apply in one transaction: a full load builds a new table and swaps it in; an incremental one
 *       appends to the table and records the files, together.</li>
 * </ol>
 */
final class SourceLoad {

    /** Which files incremental sources have loaded, in the target's schema. */
    static final String STATE_TABLE = "starling_loaded_files";
    /** How many rejects a failed load lists in its message. */
    static final int REJECTS_SHOWN = 5;
    /** Creating the state table is done by one load at a time (loads of several sources run side by side). */
    static final Object STATE_LOCK = new Object();

    private final Adapter adapter;
    private final Session session;
    private final String schema;
    private final CompiledNode source;
    private final Node node;
    private final SourceSpec spec;

    private SourceLoad(Adapter adapter, Session session, String schema, CompiledNode source) {
        this.adapter = adapter;
        this.session = session;
        this.schema = schema;
        this.source = source;
        this.node = source.node();
        this.spec = node.source();
    }

    static LoadReport run(Adapter adapter, Session session, String schema, CompiledNode source, RelationType existing,
                          boolean fullRefresh) throws SQLException {
        return new SourceLoad(adapter, session, schema, source).load(existing, fullRefresh);
    }

    private LoadReport load(RelationType existing, boolean fullRefresh) throws SQLException {
        String name = node.name();
        String relation = adapter.relation(schema, name);
        String state = adapter.relation(schema, STATE_TABLE);
        int maxErrors = maxErrors(source);
        // a full load of a source that is not incremental needs no list: the engine reads the location itself
        List<SourceFile> listed = spec.incremental() ? adapter.listSourceFiles(source) : null;
        List<SourceFile> toLoad = listed;
        Set<String> changed = new LinkedHashSet<>();
        boolean append = false;
        if (spec.incremental()) {
            synchronized (STATE_LOCK) {
                session.transaction(List.of(adapter.createLoadStateTable(state)));
            }
            Map<String, String> loaded = existing == RelationType.TABLE && !fullRefresh
                    ? loadedFiles(adapter, session, state, source) : Map.of();
            append = !loaded.isEmpty();
            if (append) {
                checkColumns(session, relation, node, List.of(Adapter.FILE_COLUMN));
                toLoad = new ArrayList<>();
                for (SourceFile file : listed) {
                    String before = loaded.get(file.path());
                    if (!file.fingerprint().equals(before)) {
                        toLoad.add(file);
                        if (before != null) {
                            changed.add(file.path());
                        }
                    }
                }
                if (toLoad.isEmpty()) {
                    return new LoadReport(0, 0, List.of(), name + "_rejects", 0, listed.size(), 0, count(relation));
                }
            }
        }
        // a full load reads straight into the new table, which is swapped in; an append reads into a temporary one
        String tempName = name + Materialization.TEMP_SUFFIX;
        LoadInto into = append ? new LoadInto(adapter.tempRelation(name + "__starling_rows"), true, true)
                : new LoadInto(adapter.relation(schema, tempName), false, spec.incremental());
        String rows = into.relation();
        String rejects = adapter.tempRelation(name + "__starling_rejects");
        String files = adapter.tempRelation(name + "__starling_files");
        String rejectsTable = name + "_rejects";
        String rejectsRelation = adapter.relation(schema, rejectsTable);
        try {
            if (toLoad != null) {
                session.transaction(adapter.createFilesTable(files, toLoad));
            }
            if (!append) {
                session.transaction(List.of(adapter.drop(RelationType.TABLE, rows, true)));
            }
            adapter.readSourceFiles(session, source, toLoad == null ? null : files, toLoad, into, rejects);
            if (append) {
                checkTypes(relation, rows);
            }
            long loadedRows = count(rows);
            long rejected = count(rejects);
            session.transaction(List.of(
                    adapter.createRejectsTable(rejectsRelation),
                    "delete from " + rejectsRelation + (append ? " where file in (select path from " + files + ")" : ""),
                    "insert into " + rejectsRelation + " (file, line, raw, reason, rejected_at)\nselect file, line, raw,"
                            + " reason, current_timestamp from " + rejects));
            if (rejected > maxErrors) {
                throw new StarlingException(StarlingException.Code.PROJECT, tooManyRejects(rejected, maxErrors,
                        rejects, rejectsTable));
            }
            List<String> columns = new ArrayList<>();
            for (Column column : spec.columns()) {
                columns.add(adapter.quote(column.name()));
            }
            if (spec.incremental()) {
                columns.add(adapter.quote(Adapter.FILE_COLUMN));
            }
            String columnList = String.join(", ", columns);
            List<String> apply = new ArrayList<>();
            if (append) {
                if (!changed.isEmpty()) {
                    apply.add("delete from " + relation + " where " + adapter.quote(Adapter.FILE_COLUMN)
                            + " in (select path from " + files + ")");
                }
                apply.add("insert into " + relation + " (" + columnList + ")\nselect " + columnList + " from " + rows);
            } else {
                if (existing != RelationType.NONE) {
                    apply.add(adapter.drop(existing, relation, false));
                }
                apply.add(adapter.rename(RelationType.TABLE, schema, tempName, name));
            }
            if (spec.incremental()) {
                apply.addAll(recordLoaded(adapter, state, source, files, !append));
            }
            session.transaction(apply);
            return new LoadReport(loadedRows, rejected, List.of(), rejectsTable, toLoad == null ? -1 : toLoad.size(),
                    toLoad == null ? 0 : listed.size() - toLoad.size(), changed.size(), count(relation));
        } finally {
            dropQuietly(rows);
            dropQuietly(rejects);
            dropQuietly(files);
        }
    }

    /**
     * {@code max_errors} of the source (rendered, so it may read a var); 0 when not set. The runner checks it
     * before anything runs, so a bad value is a project error (exit 2), not a failed load.
     */
    static int maxErrors(CompiledNode source) {
        Node node = source.node();
        Object value = source.options() == null ? null : source.options().get("max_errors");
        if (value == null || value.toString().isBlank()) {
            return 0;
        }
        try {
            int max = Integer.parseInt(value.toString().trim());
            if (max >= 0) {
                return max;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw StarlingException.at(node.path(), node.line(), "max_errors of source " + node.displayName()
                + " must be a whole number of 0 or more, not '" + value + "'");
    }

    /**
     * The files this source loaded before, path to fingerprint; none when they were loaded from another location
     * (data_dir changed, local moved to s3://): they are not these files, and appending would load the same
     * records twice, so the source is loaded in full again.
     */
    static Map<String, String> loadedFiles(Adapter adapter, Session session, String state, CompiledNode source)
            throws SQLException {
        QueryResult result = session.query("select path, fingerprint from " + state + " where source = "
                + adapter.stringLiteral(source.node().id()), Integer.MAX_VALUE - 1);
        Map<String, String> out = new HashMap<>();
        for (List<String> row : result.rows()) {
            out.put(row.get(0), row.get(1));
        }
        String prefix = source.location().replaceAll("/+$", "") + "/";
        return out.keySet().stream().allMatch(path -> path.startsWith(prefix)) ? out : Map.of();
    }

    /** Statements that record {@code files} (in the temporary table {@code files}) as loaded by {@code source}. */
    static List<String> recordLoaded(Adapter adapter, String state, CompiledNode source, String files, boolean replaceAll) {
        String sourceId = adapter.stringLiteral(source.node().id());
        return List.of("delete from " + state + " where source = " + sourceId
                        + (replaceAll ? "" : " and path in (select path from " + files + ")"),
                "insert into " + state + " (source, path, size, modified, etag, fingerprint, loaded_at)\n"
                        + "select " + sourceId + ", path, size, modified, etag, fingerprint, " + adapter.currentTimestamp()
                        + " from " + files);
    }

    /**
     * An incremental load appends: the table must have the columns the source declares now (and {@code extra},
     * Starling's own), else the run asks for {@code --full-refresh}.
     */
    static void checkColumns(Session session, String relation, Node node, List<String> extra) throws SQLException {
        List<String> expected = new ArrayList<>(node.source().columns().stream().map(Column::name).toList());
        expected.addAll(extra);
        List<String> actual = session.columns(relation).keySet().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        List<String> wanted = expected.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        if (!actual.equals(wanted)) {
            throw StarlingException.at(node.path(), node.line(), "the columns of source " + node.displayName()
                    + " changed since " + node.name() + " was loaded (the table has " + String.join(", ", actual)
                    + "; the source declares " + String.join(", ", wanted) + "). Nothing was loaded; reload it from all"
                    + " its files with --full-refresh (e.g. starling run --full-refresh --select source:"
                    + node.displayName() + "+).");
        }
    }

    /** The rows read for an append have the declared types: the table's must be the same to take them. */
    private void checkTypes(String relation, String rows) throws SQLException {
        Map<String, String> table = lowerCaseNames(session.columns(relation));
        List<String> changed = new ArrayList<>();
        lowerCaseNames(session.columns(rows)).forEach((column, type) -> {
            if (!type.equalsIgnoreCase(table.getOrDefault(column, type))) {
                changed.add(column + " is " + table.get(column).toLowerCase(Locale.ROOT) + " in the table and "
                        + type.toLowerCase(Locale.ROOT) + " in the source");
            }
        });
        if (!changed.isEmpty()) {
            throw StarlingException.at(node.path(), node.line(), "the column types of source " + node.displayName()
                    + " changed since " + node.name() + " was loaded (" + String.join("; ", changed) + "). Nothing"
                    + " was appended. Reload it from all files with --full-refresh (e.g. starling run --full-refresh"
                    + " --select source:" + node.displayName() + "+).");
        }
    }

    private static Map<String, String> lowerCaseNames(Map<String, String> columns) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        columns.forEach((name, type) -> out.put(name.toLowerCase(Locale.ROOT), type));
        return out;
    }

    private String tooManyRejects(long rejected, int maxErrors, String rejects, String rejectsTable)
            throws SQLException {
        QueryResult first = session.query("select file, line, reason from " + rejects + " order by file, line",
                REJECTS_SHOWN);
        StringBuilder message = new StringBuilder(String.format(Locale.ROOT,
                "%s: %,d record%s rejected, more than max_errors (%d): nothing of this load was committed, %s is as it"
                        + " was.", StarlingException.location(node.path(), node.line()).replaceAll(": $", ""),
                rejected, rejected == 1 ? "" : "s", maxErrors, node.name()));
        for (List<String> row : first.rows()) {
            message.append("\n  ").append(row.get(0)).append(':').append(row.get(1)).append(": ").append(row.get(2));
        }
        if (first.truncated()) {
            message.append("\n  ...");
        }
        message.append("\nEvery rejected line is in ").append(rejectsTable).append(" (file, line, raw, reason). Fix the"
                + " files, or raise the source's max_errors, and run again.");
        return message.toString();
    }

    private long count(String relation) throws SQLException {
        return session.queryLong("select count(*) from " + relation);
    }

    private void dropQuietly(String temp) {
        try {
            session.transaction(List.of(adapter.drop(RelationType.TABLE, temp, true)));
        } catch (SQLException ignored) {
            // a temporary table goes with the session anyway
        }
    }
}
