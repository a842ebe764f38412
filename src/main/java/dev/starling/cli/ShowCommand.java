package dev.starling.cli;

import dev.starling.StarlingException;
import dev.starling.Workspace;
import dev.starling.adapter.QueryResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Render a query (refs allowed), run it and print its first rows as a table.")
final class ShowCommand extends ProjectCommand {

    @Parameters(paramLabel = "FILE.sql|MODEL", arity = "0..*", description = "SQL files, e.g. analyses/top_songs.sql, or built models by name (several are shown in turn).")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-s", "--select"}, paramLabel = "MODEL", description = "A built model (or a loaded source) to show"
            + " the rows of; as 'show MODEL'.")
    String select;

    @Option(names = "--inline", paramLabel = "SQL", description = "A query given on the command line instead of a file.")
    String inline;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Rows to print (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    boolean runsSql() {
        return true;
    }

    @Override
    int run(Workspace workspace) {
        if (files.isEmpty() ? (inline == null) == (select == null) : inline != null || select != null) {
            throw StarlingException.usage("show takes FILE.sql or MODEL (one or more), --select MODEL, or --inline"
                    + " \"SQL\"");
        }
        if (limit < 1) {
            throw StarlingException.usage("--limit must be at least 1");
        }
        if (inline != null) {
            print(workspace.show(null, inline, limit));
            return 0;
        }
        if (select != null) {
            print(workspace.showRelation(select, limit));
            return 0;
        }
        for (int i = 0; i < files.size(); i++) {
            if (files.size() > 1) {
                out().println((i == 0 ? "" : "\n") + "== " + files.get(i));
            }
            Path file = files.get(i);
            boolean isFile = Files.isRegularFile(file) || Files.isRegularFile(workspace.project().dir().resolve(file));
            print(isFile || file.toString().endsWith(".sql") ? workspace.show(file, null, limit)
                    : workspace.showRelation(file.toString(), limit));
        }
        return 0;
    }

    private void print(QueryResult result) {
        TablePrinter.lines(result).forEach(out()::println);
        int n = result.rows().size();
        out().println(result.truncated() ? "(first " + n + " rows; use --limit to see more)"
                : "(" + n + " row" + (n == 1 ? "" : "s") + ")");
        out().flush();
    }
}
