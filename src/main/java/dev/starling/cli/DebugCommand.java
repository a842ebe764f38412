package dev.starling.cli;

import dev.starling.Diagnosis;
import dev.starling.Workspace;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "debug", mixinStandardHelpOptions = true,
        description = "Check a target: print its settings (secrets redacted), connect, run a query, check the schema"
                + " and that a table can be created and dropped; say how to fix what fails.")
final class DebugCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Diagnosis diagnosis = Workspace.debug(common.toOptions());
        out.println("Starling debug: target " + diagnosis.target() + (diagnosis.type() != null ? " (" + diagnosis.type() + ")" : ""));
        diagnosis.settings().forEach((key, value) -> out.println("  " + key + ": " + value));
        for (Diagnosis.Check check : diagnosis.checks()) {
            out.println(String.format(Locale.ROOT, "%-5s %-13s %s", check.ok() ? "OK" : "FAIL", check.name(), check.detail()));
            if (check.fix() != null) {
                out.println("      fix: " + check.fix());
            }
        }
        long failed = diagnosis.checks().stream().filter(c -> !c.ok()).count();
        out.println(failed == 0 ? "All checks passed." : failed + " check" + (failed == 1 ? "" : "s") + " failed.");
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}
