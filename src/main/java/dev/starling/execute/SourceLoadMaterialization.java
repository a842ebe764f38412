package dev.starling.execute;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.Commit;
import dev.starling.adapter.LoadInto;
import dev.starling.adapter.LoadReport;
import dev.starling.adapter.PatternSkips;
import dev.starling.adapter.QueryResult;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
import dev.starling.adapter.SourceFile;
import dev.starling.adapter.SourceLoader;
import dev.starling.adapter.Step;
import dev.starling.plan.NodePlan;
import dev.starling.project.Column;
import dev.starling.project.Node;
import dev.starling.render.CompiledNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loads a source's files into its staged table ({@code load}), the same way on every engine; the engine's
 * {@link SourceLoader} lists the files and reads them.
 *
 * <ol>
 *   <li>List the files. An incremental source ({@code incremental: true}) whose table exists keeps, in
 *       {@value #STATE_TABLE}, each loaded file's path and fingerprint (ETag, or size and modification time):
 *       only new files are read; a changed file is read again and its earlier rows replaced where the engine tags
 *       rows with their file, else the load asks for {@code --full-refresh}.</li>
 *   <li>Read them (the loader's steps): every record is a good row or a reject.</li>
 *   <li>Where Starling keeps the rejects, write them to {@code <source>_rejects} in their own transaction, so they
 *       stay for inspection even when the load fails (a file's rejects replace that file's earlier ones), and fail
 *       the load when there are more than {@code max_errors} (default 0), like COPY's MAXERROR.</li>
 *   <li>Apply in one transaction: a full load swaps the new table in; an incremental one appends to the table and
 *       records the files, together.</li>
 * </ol>
 */
final class SourceLoadMaterialization implements Materialization {

    /** Which files incremental sources have loaded, in the target's schema. */
    static final String STATE_TABLE = "starling_loaded_files";
    /** How many rejects a failed load lists in its message. */
    static final int REJECTS_SHOWN = 5;

    @Override
    public String name() {
        return Materializations.LOAD;
    }

    @Override
    public void check(PlanContext context, CompiledNode source) {
        context.adapter().sourceLoader().check(source);
        maxErrors(source);
    }


    @Override
    public NodePlan plan(PlanContext context, CompiledNode source) throws SQLException {
        Adapter adapter = context.adapter();
        SourceLoader loader = adapter.sourceLoader();
        Node node = source.node();
        String name = node.name();
        String relation = context.relation(name);
        String state = context.relation(STATE_TABLE);
        int maxErrors = maxErrors(source);
        if (!context.dryRun()) {
            String note = loader.prepare(source);
            if (note != null) {
                context.notes().accept(note);
            }
        }
        List<Step> steps = new ArrayList<>();
        boolean incremental = node.source().incremental();
        // a full load of a source that is not incremental needs no list: the engine reads the location itself
        List<SourceFile> listed = null;
        List<SourceFile> toLoad = null;
        Set<String> changed = new LinkedHashSet<>();
        Set<String> deleted = new LinkedHashSet<>();
        boolean append = false;
        Batches batches = context.batches();
        steps.addAll(batches.createTables(context));
        String reason = context.fullRefresh() ? "--full-refresh"
                : context.existing(name) != RelationType.TABLE ? "first load" : "not incremental: loaded in full every run";
        if (incremental) {
            try {
                listed = loader.list(source, !context.dryRun());
            } catch (SourceLoader.Unlisted skipped) {
                return unlisted(source, loader, skipped.getMessage());
            }
            if (listed.isEmpty()) {
                throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": no file under "
                        + source.location() + " matches '" + node.source().pattern() + "'. Nothing was loaded; check"
                        + " the location and run again.");
            }
            String createState = adapter.createLoadStateTable(state);
            steps.addAll(OwnTables.createIfMissing(context, STATE_TABLE, "create the load state table if it is missing",
                    createState));
            Map<String, String> loaded = context.existing(name) == RelationType.TABLE && !context.fullRefresh()
                    && context.existing(STATE_TABLE) == RelationType.TABLE && context.connected()
                    ? loadedFiles(adapter, context.session(), state, source) : Map.of();
            if (context.existing(name) == RelationType.TABLE && !context.fullRefresh()) {
                reason = loaded == null ? "its location changed" : "no record of the files it loaded";
            }
            if (loaded != null && !loaded.isEmpty() && !context.session().columns(relation).keySet().stream()
                    .anyMatch(Adapter.BATCH_COLUMN::equalsIgnoreCase)) {
                reason = "its table was loaded before batches were kept";
                loaded = Map.of();
            }
            append = loaded != null && !loaded.isEmpty();
            toLoad = listed;
            if (append) {
                List<String> extra = new ArrayList<>(loader.tagsRowsWithFile() ? List.of(Adapter.FILE_COLUMN) : List.of());
                extra.add(Adapter.BATCH_COLUMN);
                steps.add(new Step.Guard("the table has the columns the source declares (else: --full-refresh)",
                        session -> checkColumns(session, relation, node, extra)));
                toLoad = new ArrayList<>();
                Set<String> present = new java.util.HashSet<>();
                listed.forEach(file -> present.add(file.path()));
                loaded.keySet().stream().filter(path -> !present.contains(path)).sorted().forEach(deleted::add);
                for (SourceFile file : listed) {
                    String before = loaded.get(file.path());
                    if (!file.fingerprint().equals(before)) {
                        toLoad.add(file);
                        if (before != null) {
                            changed.add(file.path());
                        }
                    }
                }
                if ((!changed.isEmpty() || !deleted.isEmpty()) && !loader.tagsRowsWithFile()) {
                    String file = (changed.isEmpty() ? deleted : changed).iterator().next();
                    String what = changed.isEmpty() ? "was deleted" : "changed";
                    steps.add(new Step.Guard(file + " " + what + " since it was loaded: refused", session -> {
                        throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": "
                                + file + " " + what + " since it was loaded, and COPY cannot " + (changed.isEmpty() ? "remove" : "replace") + " one file's rows."
                                + " Nothing was loaded; reload the source from all its files with --full-refresh (e.g."
                                + " starling run --full-refresh --select source:" + node.displayName() + "+).");
                    }));
                    return new NodePlan(source, name(), steps, List.of(), RelationType.TABLE, NodePlan.Observer.NONE);
                }
                if (toLoad.isEmpty() && !deleted.isEmpty()) {
                    return deletedOnly(context, source, steps, deleted, batches.next(context), listed.size());
                }
                if (toLoad.isEmpty()) {
                    int all = listed.size();
                    String seeAlso = loader.rejectsKeptByEngine() ? null : name + "_rejects";
                    PatternSkips skips = context.dryRun() ? null : loader.patternSkips(source);
                    steps.add(new Step.Note("no new or changed file among the " + all + " listed: nothing to load"));
                    return new NodePlan(source, name(), steps, List.of(), RelationType.TABLE, session -> {
                        long rows = count(session, relation);
                        return new NodePlan.Outcome(rows, new LoadReport(0, 0, List.of(), seeAlso, 0, all, 0, rows,
                                skips));
                    });
                }
            }
        }
        // a full load reads straight into the new table, which is swapped in; an append reads into a temporary one
        String tempName = name + TEMP_SUFFIX;
        long batch = batches.next(context);
        LoadInto into = append
                ? new LoadInto(adapter.tempRelation(name + "__starling_rows"), true, loader.tagsRowsWithFile(), true)
                : new LoadInto(context.relation(tempName), false, incremental && loader.tagsRowsWithFile(), incremental);
        String rejects = adapter.tempRelation(name + "__starling_rejects");
        String files = adapter.tempRelation(name + "__starling_files");
        SourceLoader.Reading reading = loader.read(new SourceLoader.Request(source, toLoad, into, rejects, append,
                context.session()));
        boolean ownRejects = !loader.rejectsKeptByEngine();
        List<String> apply = new ArrayList<>();
        if (!append) {
            // a temporary table that a killed run left behind
            String dropLeftover = adapter.drop(RelationType.TABLE, into.relation(), true);
            if (reading.steps().isEmpty()) {
                apply.add(dropLeftover);
            } else {
                steps.add(new Step.Transaction("drop a leftover temporary table", List.of(dropLeftover)));
            }
        }
        steps.addAll(reading.steps());
        if (ownRejects) {
            if (append) {
                steps.add(new Step.Guard("the rows read have the table's column types (else: --full-refresh)",
                        session -> checkTypes(session, node, relation, into.relation())));
            }
            String rejectsTable = context.relation(name + "_rejects");
            List<String> keep = new ArrayList<>();
            if (append) {
                keep.addAll(adapter.createFilesTable(files, toLoad));
            }
            if (context.existing(name + "_rejects") != RelationType.TABLE) {
                keep.add(adapter.createRejectsTable(rejectsTable));
            }
            keep.addAll(List.of("delete from " + rejectsTable + (append ? " where file in (select path from " + files + ")" : ""),
                    "insert into " + rejectsTable + " (file, line, raw, reason, rejected_at)\nselect file, line, raw,"
                            + " reason, current_timestamp from " + rejects));
            steps.add(new Step.Transaction("keep the rejected records in " + name + "_rejects (kept even if the load"
                    + " fails)", keep));
            steps.add(new Step.Guard("at most max_errors (" + maxErrors + ") records rejected, else nothing is applied",
                    session -> {
                        long rejected = count(session, rejects);
                        if (rejected > maxErrors) {
                            throw new StarlingException(StarlingException.Code.PROJECT, tooManyRejects(session, node,
                                    rejected, maxErrors, rejects, name + "_rejects"));
                        }
                    }));
        }
        apply.addAll(reading.inApply());
        if (incremental && !(append && ownRejects)) {
            apply.addAll(adapter.createFilesTable(files, toLoad));
        }
        if (append) {
            List<String> columns = new ArrayList<>();
            for (Column column : node.source().columns()) {
                columns.add(adapter.quote(column.name()));
            }
            if (into.fileColumn()) {
                columns.add(adapter.quote(Adapter.FILE_COLUMN));
            }
            String columnList = String.join(", ", columns);
            if (!changed.isEmpty()) {
                apply.add("delete from " + relation + " where " + adapter.quote(Adapter.FILE_COLUMN)
                        + " in (select path from " + files + ")");
            }
            apply.addAll(forgetDeleted(context, node, deleted, ownRejects));
            apply.add("insert into " + relation + " (" + columnList + ", " + adapter.quote(Adapter.BATCH_COLUMN)
                    + ")\nselect " + columnList + ", " + batch + " from " + into.relation());
        } else {
            apply.addAll(TableMaterialization.swap(context, name, tempName));
        }
        if (incremental) {
            apply.addAll(recordLoaded(adapter, state, source, files, !append));
            apply.add(adapter.drop(RelationType.TABLE, files, false));
        }
        int loadedFiles = toLoad == null ? 0 : toLoad.size();
        if (!append) {
            apply.add(batches.record(context, node, batch, Batches.FULL, reason, loadedFiles));
        } else if (changed.isEmpty() && deleted.isEmpty()) {
            apply.add(batches.record(context, node, batch, Batches.APPEND, "new files", loadedFiles));
        } else {
            apply.add(batches.record(context, node, batch, Batches.REPLACE, changedOrDeleted(changed, deleted),
                    loadedFiles));
        }
        Commit commit = Commit.PLAIN;
        if (reading.counted() != null) {
            SourceLoader.Counted counted = reading.counted();
            commit = commit.withCheck("at most max_errors (" + maxErrors + ") records rejected over all of this"
                    + " load's reads, else nothing of it is committed", inTransaction -> {
                        long rejected = inTransaction.queryLong(counted.countSql());
                        if (rejected > maxErrors) {
                            String ids = String.join(", ", inTransaction.query(counted.idsSql(), Integer.MAX_VALUE - 1)
                                    .rows().stream().map(row -> row.get(0)).toList());
                            throw new StarlingException(StarlingException.Code.PROJECT, String.format(Locale.ROOT,
                                    "%s: %,d record%s rejected, more than max_errors (%d): nothing of this load was"
                                            + " committed, %s is as it was.\nEvery rejected line is in select * from"
                                            + " %s where %s in (%s). Fix the files, or raise the source's max_errors,"
                                            + " and run again.", StarlingException.location(node.path(), node.line())
                                            .replaceAll(": $", ""), rejected, rejected == 1 ? "" : "s", maxErrors, name,
                                    counted.table(), counted.idColumn(), ids));
                        }
                    });
        }
        if (append) {
            steps.addAll(ApplyMarks.createTable(context));
            Commit.ApplyMark mark = ApplyMarks.mark(context);
            apply.add(ApplyMarks.insert(context, mark, node.id()));
            commit = commit.withMark(mark);
        }
        steps.add(new Step.Transaction((append ? "append the rows" : "swap the new table in")
                + (incremental ? " and record the files as loaded, together" : ""), apply, commit));
        List<Step> cleanup = new ArrayList<>();
        if (ownRejects) {
            for (String temp : List.of(into.relation(), rejects, files)) {
                cleanup.add(new Step.Transaction("drop a temporary table", List.of(adapter.drop(RelationType.TABLE,
                        temp, true))));
            }
        }
        int filesRead = toLoad == null ? -1 : toLoad.size();
        int skipped = listed == null ? 0 : listed.size() - toLoad.size();
        int changedFiles = changed.size();
        long rowsBefore = append && !ownRejects ? count(context.session(), relation) : 0;
        boolean appended = append;
        PatternSkips skips = context.dryRun() ? null : loader.patternSkips(source);
        NodePlan.Observer observer = new NodePlan.Observer() {
            @Override
            public NodePlan.Outcome succeeded(Session session) throws SQLException {
                if (ownRejects) {
                    long loadedRows = appended ? count(session, into.relation()) : count(session, relation);
                    long rows = count(session, relation);
                    return new NodePlan.Outcome(rows, new LoadReport(loadedRows, count(session, rejects), List.of(),
                            name + "_rejects", filesRead, skipped, changedFiles, rows, skips));
                }
                LoadReport report = reading.report().read(session, true, rowsBefore);
                if (filesRead >= 0) {
                    report = new LoadReport(report.loaded(), report.rejected(), report.rejects(), report.seeAlso(),
                            filesRead, skipped, 0, report.rows());
                }
                return new NodePlan.Outcome(report.rows(), report.withPatternSkips(skips));
            }

            @Override
            public LoadReport failed(Session session) throws SQLException {
                return ownRejects ? null : reading.report().read(session, false, rowsBefore);
            }
        };
        return new NodePlan(source, name(), steps, cleanup, RelationType.TABLE, observer);
    }

    /** Why a load replaces rows: its changed and deleted files, the first few named. */
    private static String changedOrDeleted(Set<String> changed, Set<String> deleted) {
        List<String> parts = new ArrayList<>();
        for (Set<String> paths : List.of(changed, deleted)) {
            if (!paths.isEmpty()) {
                parts.add(paths.size() + " file" + (paths.size() == 1 ? " " : "s ") + (paths == changed ? "changed"
                        : "deleted") + ": " + String.join(", ", paths.stream().limit(3).toList())
                        + (paths.size() > 3 ? ", ..." : ""));
            }
        }
        return String.join("; ", parts);
    }

    /** Statements that remove the rows, the record and the rejects of files deleted since they were loaded. */
    private static List<String> forgetDeleted(PlanContext context, Node node, Set<String> deleted, boolean ownRejects) {
        if (deleted.isEmpty()) {
            return List.of();
        }
        Adapter adapter = context.adapter();
        String paths = OwnTables.inList(adapter, deleted);
        List<String> out = new ArrayList<>(List.of(
                "delete from " + context.relation(node.name()) + " where " + adapter.quote(Adapter.FILE_COLUMN)
                        + " in (" + paths + ")",
                "delete from " + context.relation(STATE_TABLE) + " where source = " + adapter.stringLiteral(node.id())
                        + " and path in (" + paths + ")"));
        if (ownRejects && context.existing(node.name() + "_rejects") == RelationType.TABLE) {
            out.add("delete from " + context.relation(node.name() + "_rejects") + " where file in (" + paths + ")");
        }
        return out;
    }

    /** A load where files were only deleted: their rows go, in one transaction with the batch that says so. */
    private NodePlan deletedOnly(PlanContext context, CompiledNode source, List<Step> steps, Set<String> deleted,
                                 long batch, int listed) {
        Node node = source.node();
        List<String> apply = new ArrayList<>(forgetDeleted(context, node, deleted, true));
        apply.add(context.batches().record(context, node, batch, Batches.REPLACE,
                changedOrDeleted(Set.of(), deleted), 0));
        steps.addAll(ApplyMarks.createTable(context));
        Commit.ApplyMark mark = ApplyMarks.mark(context);
        apply.add(ApplyMarks.insert(context, mark, node.id()));
        steps.add(new Step.Transaction("remove the rows of " + deleted.size() + " deleted file"
                + (deleted.size() == 1 ? "" : "s") + " and record the batch, together", apply,
                Commit.PLAIN.withMark(mark)));
        String relation = context.relation(node.name());
        return new NodePlan(source, name(), steps, List.of(), RelationType.TABLE, session -> {
            long rows = count(session, relation);
            return new NodePlan.Outcome(rows, new LoadReport(0, 0, List.of(), null, 0, listed, deleted.size(), rows));
        });
    }

    /** A dry run that could not list an incremental source's files: one step for all of them, and why. */
    private NodePlan unlisted(CompiledNode source, SourceLoader loader, String reason) {
        Node node = source.node();
        return new NodePlan(source, name(), List.of(
                new Step.Note("the listing was skipped: " + reason),
                new Step.Note(loader.readVerb() + " each object under " + source.location() + " matching '"
                        + node.source().pattern() + "' that is not loaded yet, then record them as loaded")),
                List.of(), RelationType.TABLE, NodePlan.Observer.NONE);
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
     * The files this source loaded before, path to fingerprint; null when they were loaded from another location
     * (data_dir changed, local moved to s3://): they are not these files, and appending would load the same
     * records twice, so the source is loaded in full again.
     */
    private static Map<String, String> loadedFiles(Adapter adapter, Session session, String state, CompiledNode source)
            throws SQLException {
        QueryResult result = session.query("select path, fingerprint from " + state + " where source = "
                + adapter.stringLiteral(source.node().id()), Integer.MAX_VALUE - 1);
        Map<String, String> out = new HashMap<>();
        for (List<String> row : result.rows()) {
            out.put(row.get(0), row.get(1));
        }
        String prefix = source.location().replaceAll("/+$", "") + "/";
        return out.keySet().stream().allMatch(path -> path.startsWith(prefix)) ? out : null;
    }

    /** Statements that record {@code files} (in the temporary table {@code files}) as loaded by {@code source}. */
    private static List<String> recordLoaded(Adapter adapter, String state, CompiledNode source, String files,
                                             boolean replaceAll) {
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
    private static void checkColumns(Session session, String relation, Node node, List<String> extra)
            throws SQLException {
        List<String> expected = new ArrayList<>(node.source().columns().stream().map(Column::name).toList());
        expected.addAll(extra);
        List<String> actual = session.columns(relation).keySet().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        List<String> wanted = expected.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        if (!actual.equals(wanted)) {
            throw StarlingException.at(node.path(), node.line(), "the columns of source " + node.displayName()
                    + " changed since " + node.name() + " was loaded (the table has " + String.join(", ", declared(actual))
                    + "; the source declares " + String.join(", ", declared(wanted)) + "). Nothing was loaded; reload it from all"
                    + " its files with --full-refresh (e.g. starling run --full-refresh --select source:"
                    + node.displayName() + "+).");
        }
    }

    /** Columns without Starling's own ({@code _starling_file}, {@code _starling_batch}). */
    private static List<String> declared(List<String> columns) {
        return columns.stream().filter(c -> !c.startsWith("_starling_")).toList();
    }

    /** The rows read for an append have the declared types: the table's must be the same to take them. */
    private static void checkTypes(Session session, Node node, String relation, String rows) throws SQLException {
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
        Map<String, String> out = new LinkedHashMap<>();
        columns.forEach((name, type) -> out.put(name.toLowerCase(Locale.ROOT), type));
        return out;
    }

    private static String tooManyRejects(Session session, Node node, long rejected, int maxErrors, String rejects,
                                         String rejectsTable) throws SQLException {
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

    private static long count(Session session, String relation) throws SQLException {
        return session.queryLong("select count(*) from " + relation);
    }
}
