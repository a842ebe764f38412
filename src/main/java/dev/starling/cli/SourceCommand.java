package dev.starling.cli;

import dev.starling.Workspace;
import dev.starling.freshness.SourceFreshness;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "source", mixinStandardHelpOptions = true, description = "Commands about sources.",
        subcommands = {SourceCommand.Freshness.class})
final class SourceCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "freshness", mixinStandardHelpOptions = true,
            description = "Print each source's age (its newest file, or max(loaded_at_field)) and status against its"
                    + " freshness rule; write target/sources.json. Exit 1 when a source is in error.")
    static final class Freshness extends ProjectCommand {

        @Mixin
        SelectionOptions selection;

        @Override
        boolean runsSql() {
            return true;
        }

        @Override
        int run(Workspace workspace) {
            return check(workspace, selection.toSelection(), false, out());
        }
    }

    /**
     * Prints the freshness of the selected sources (with {@code upstream}, also of those the selected nodes read);
     * returns 1 when any is in error, else 0.
     */
    static int check(Workspace workspace, Workspace.Selection selection, boolean upstream, PrintWriter out) {
        java.time.Clock clock = SourceFreshness.clock(Main.environment());
        out.println("Starling: source freshness " + workspace.project().config().name() + " on target "
                + workspace.target().name() + " at " + clock.instant());
        out.flush();
        List<SourceFreshness.Result> results = workspace.freshness(selection, upstream, clock);
        int width = results.stream().mapToInt(r -> r.name().length()).max().orElse(0) + 2;
        int[] counts = new int[SourceFreshness.Status.values().length];
        for (SourceFreshness.Result r : results) {
            counts[r.status().ordinal()]++;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-7s %-" + width + "s age %s",
                    r.status().label().toUpperCase(Locale.ROOT).replace("NO RULE", "-"), r.name(),
                    SourceFreshness.describe(r.age())));
            if (r.latest() != null) {
                line.append(" (").append(r.basis().equals("newest file") ? "newest file " + r.newest() : r.basis())
                        .append(" at ").append(r.latest()).append(")");
            }
            if (r.warnAfter() != null || r.errorAfter() != null) {
                line.append(";").append(r.warnAfter() == null ? "" : " warn after " + r.warnAfter())
                        .append(r.warnAfter() != null && r.errorAfter() != null ? "," : "")
                        .append(r.errorAfter() == null ? "" : " error after " + r.errorAfter());
            } else {
                line.append("; no freshness rule");
            }
            out.println(line);
            if (r.message() != null) {
                out.println("          " + r.message());
            }
        }
        out.println("Freshness: " + counts[SourceFreshness.Status.PASS.ordinal()] + " pass, "
                + counts[SourceFreshness.Status.WARN.ordinal()] + " warn, "
                + counts[SourceFreshness.Status.ERROR.ordinal()] + " error, "
                + counts[SourceFreshness.Status.NONE.ordinal()] + " without a rule");
        out.flush();
        return counts[SourceFreshness.Status.ERROR.ordinal()] > 0 ? 1 : 0;
    }
}
