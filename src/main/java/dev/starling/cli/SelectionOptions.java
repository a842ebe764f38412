package dev.starling.cli;

import dev.starling.Workspace;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --select} and {@code --exclude}. */
public final class SelectionOptions {

    @Option(names = {"-s", "--select"}, arity = "1..*", paramLabel = "SELECTOR",
            description = "Nodes to include: name, +name (and ancestors), name+ (and descendants), tag:x, path:models/dims,"
                    + " source:x. Several are a union; a,b is an intersection.")
    List<String> select = new ArrayList<>();

    @Option(names = "--exclude", arity = "1..*", paramLabel = "SELECTOR", description = "Nodes to leave out (same syntax).")
    List<String> exclude = new ArrayList<>();

    /** What was asked, as typed: {@code --select 'a' 'b' --exclude 'c'}, or "the whole project". */
    String describe() {
        if (select.isEmpty() && exclude.isEmpty()) {
            return "the whole project";
        }
        StringBuilder out = new StringBuilder();
        if (!select.isEmpty()) {
            out.append("--select");
            select.forEach(s -> out.append(" '").append(s).append("'"));
        }
        if (!exclude.isEmpty()) {
            out.append(out.length() > 0 ? " " : "").append("--exclude");
            exclude.forEach(s -> out.append(" '").append(s).append("'"));
        }
        return out.toString();
    }

    Workspace.Selection toSelection() {
        return new Workspace.Selection(select, exclude);
    }
}
