package dev.starling.cli;

import dev.starling.StarlingException;
import dev.starling.Workspace;
import dev.starling.project.YamlNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command that opens a project takes. */
public final class CommonOptions {

    @Option(names = "--project-dir", paramLabel = "DIR", description = "The project folder (default: the current folder).")
    Path projectDir = Path.of(".");

    @Option(names = {"-t", "--target"}, paramLabel = "NAME", description = "The target from project.yml (default: its 'target:').")
    String target;

    @Option(names = "--vars", paramLabel = "YAML", description = "Vars as YAML, over project.yml's vars, e.g. --vars '{data_dir: /data}'.")
    String vars;

    @Option(names = "--threads", paramLabel = "N", description = "Nodes run at once (default: the target's threads).")
    Integer threads;

    @Option(names = "--debug", description = "Print stack traces of errors, and phase timings and the JVM heap peak at the end.")
    boolean debug;

    Workspace.Options toOptions() {
        if (threads != null && threads < 1) {
            throw StarlingException.usage("--threads must be at least 1");
        }
        return new Workspace.Options(projectDir.toAbsolutePath().normalize(), target, parseVars(), threads,
                Main.environment());
    }

    private Map<String, Object> parseVars() {
        if (vars == null || vars.isBlank()) {
            return Map.of();
        }
        YamlNode node;
        try {
            node = YamlNode.parse(vars, Path.of("--vars"));
        } catch (StarlingException e) {
            throw StarlingException.usage(e.getMessage());
        }
        if (!node.isMap()) {
            throw StarlingException.usage("--vars takes a YAML mapping, e.g. --vars '{data_dir: /data, max_errors: 5}'");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) node.toPlain();
        return new LinkedHashMap<>(map);
    }
}
