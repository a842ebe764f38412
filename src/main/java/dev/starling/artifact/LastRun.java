package dev.starling.artifact;

import dev.starling.StarlingException;
import dev.starling.project.YamlNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What {@code target/run_results.json} says of the last run, for {@code retry}: its command and the nodes that
 * did not succeed (status error, fail or skipped).
 *
 * @param command     run, test or build
 * @param generatedAt when the run finished
 * @param notDone     the unique ids that failed or were skipped, in the order they finished
 */
public record LastRun(String command, String generatedAt, List<String> notDone) {

    private static final Set<String> RETRIED = Set.of("error", "fail", "skipped");
    private static final Set<String> COMMANDS = Set.of("run", "test", "build");

    /** Reads the run results in {@code targetDir}; a missing or unreadable file is a usage error saying why. */
    public static LastRun read(Path projectDir, Path targetDir) {
        Path file = targetDir.resolve("run_results.json");
        Path shown = file.startsWith(projectDir) ? projectDir.relativize(file) : file;
        if (!Files.isRegularFile(file)) {
            throw StarlingException.usage("nothing to retry: there is no " + shown + " (retry re-runs what failed or"
                    + " was skipped in the last run, build or test). Run one first.");
        }
        YamlNode root;
        try {
            root = YamlNode.load(file, shown);
        } catch (StarlingException e) {
            throw StarlingException.usage("cannot read the last run's results: " + e.getMessage()
                    + ". Run the command again instead of retrying it.");
        }
        String command = root.isMap() ? root.string("command", "") : "";
        if (!COMMANDS.contains(command) || !root.get("results").isList()) {
            throw StarlingException.usage(shown + " is not the results of a run, build or test (command '" + command
                    + "'); run the command again instead of retrying it.");
        }
        List<String> notDone = new ArrayList<>();
        for (YamlNode result : root.get("results").asList()) {
            if (result.isMap() && RETRIED.contains(result.string("status", ""))) {
                notDone.add(result.string("unique_id"));
            }
        }
        return new LastRun(command, root.string("generated_at", "?"), notDone);
    }
}
