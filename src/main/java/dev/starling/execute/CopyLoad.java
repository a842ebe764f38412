package dev.starling.execute;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.LoadReport;
import dev.starling.adapter.RelationType;
import dev.starling.adapter.Session;
import dev.starling.adapter.SourceFile;
import dev.starling.project.Node;
import dev.starling.render.CompiledNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An incremental source on an engine that loads sources itself (Redshift's COPY): the same load state as
 * {@link SourceLoad} ({@value SourceLoad#STATE_TABLE}), but the engine reads the files.
 * <ol>
 *   <li>List the files under the location that match the pattern.</li>
 *   <li>Nothing loaded yet (or {@code --full-refresh}, or another location): a new table of every listed file,
 *       each read on its own (so exactly the listed files are loaded and recorded, whatever arrives meanwhile),
 *       swapped in with the state rows in one transaction.</li>
 *   <li>Else: load only the files not loaded before, appended to the table with their state rows in one
 *       transaction. A file that changed since it was loaded stops the run: the engine cannot tell its earlier
 *       rows from the others, so it asks for {@code --full-refresh}; so do columns that changed.</li>
 * </ol>
 */
final class CopyLoad {

    private CopyLoad() {
    }

    static LoadReport run(Adapter adapter, Session session, String schema, CompiledNode source, RelationType existing,
                          boolean fullRefresh) throws SQLException {
        Node node = source.node();
        String relation = adapter.relation(schema, node.name());
        String state = adapter.relation(schema, SourceLoad.STATE_TABLE);
        List<SourceFile> listed = adapter.listSourceFiles(source);
        if (listed.isEmpty()) {
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": no file under "
                    + source.location() + " matches '" + node.source().pattern() + "'. Nothing was loaded; check the"
                    + " location and run again.");
        }
        synchronized (SourceLoad.STATE_LOCK) {
            session.transaction(List.of(adapter.createLoadStateTable(state)));
        }
        Map<String, String> loaded = existing == RelationType.TABLE && !fullRefresh
                ? SourceLoad.loadedFiles(adapter, session, state, source) : Map.of();
        String files = adapter.tempRelation(node.name() + "__starling_files");
        if (loaded.isEmpty()) {
            String tempName = node.name() + Materialization.TEMP_SUFFIX;
            String temp = adapter.relation(schema, tempName);
            List<String> statements = new ArrayList<>(List.of(adapter.drop(RelationType.TABLE, temp, true),
                    adapter.createSourceTable(temp, source)));
            statements.addAll(adapter.appendFiles(temp, source, listed));
            if (existing != RelationType.NONE) {
                statements.add(adapter.drop(existing, relation, false));
            }
            statements.add(adapter.rename(RelationType.TABLE, schema, tempName, node.name()));
            statements.addAll(adapter.createFilesTable(files, listed));
            statements.addAll(SourceLoad.recordLoaded(adapter, state, source, files, true));
            statements.add(adapter.drop(RelationType.TABLE, files, false));
            session.transaction(statements);
            LoadReport whole = adapter.appendReport(session, source, true, 0);
            return new LoadReport(whole.loaded(), whole.rejected(), whole.rejects(), whole.seeAlso(), listed.size(), 0,
                    0, whole.rows());
        }
        SourceLoad.checkColumns(session, relation, node, List.of());
        List<SourceFile> fresh = new ArrayList<>();
        for (SourceFile file : listed) {
            String before = loaded.get(file.path());
            if (before == null) {
                fresh.add(file);
            } else if (!before.equals(file.fingerprint())) {
                throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": " + file.path()
                        + " changed since it was loaded, and COPY cannot replace one file's rows. Nothing was loaded;"
                        + " reload the source from all its files with --full-refresh (e.g. starling run --full-refresh"
                        + " --select source:" + node.displayName() + "+).");
            }
        }
        long before = session.queryLong("select count(*) from " + relation);
        if (fresh.isEmpty()) {
            return new LoadReport(0, 0, List.of(), null, 0, listed.size(), 0, before);
        }
        List<String> statements = new ArrayList<>(adapter.appendFiles(relation, source, fresh));
        statements.addAll(adapter.createFilesTable(files, fresh));
        statements.addAll(SourceLoad.recordLoaded(adapter, state, source, files, false));
        statements.add(adapter.drop(RelationType.TABLE, files, false));
        session.transaction(statements);
        LoadReport appended = adapter.appendReport(session, source, true, before);
        return new LoadReport(appended.loaded(), appended.rejected(), appended.rejects(), appended.seeAlso(),
                fresh.size(), listed.size() - fresh.size(), 0, appended.rows());
    }
}
