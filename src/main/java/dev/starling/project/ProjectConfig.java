package dev.starling.project;

import dev.starling.StarlingException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * project.yml: the project's name, where its files live, its vars and its targets.
 *
 * <p>String values of {@code vars:} and {@code targets:} may read environment variables as
 * {@code ${env.NAME}} or {@code ${env.NAME:-default}}; a target's variables are read only when that target is used,
 * so a missing password for {@code prod} does not stop a build on {@code dev}.
 */
public final class ProjectConfig {

    public static final String FILE_NAME = "project.yml";
    private static final Pattern ENV = Pattern.compile("\\$\\{env\\.([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Path dir;
    private final String name;
    private final List<String> modelPaths;
    private final List<String> testPaths;
    private final List<String> analysisPaths;
    private final List<String> seedPaths;
    private final List<String> macroPaths;
    private final List<String> snapshotPaths;
    private final String targetPath;
    private final Map<String, Object> vars;
    private final String defaultTarget;
    private final YamlNode targets;
    private final YamlNode root;
    private final Function<String, String> env;

    ProjectConfig(Path dir, YamlNode root, Map<String, Object> varOverrides, Function<String, String> env) {
        this.dir = dir;
        this.root = root;
        this.env = env;
        ProjectSchema.check(root);
        this.name = root.requiredString("name", "the project's name, e.g. name: sparkify");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw root.get("name").error("project name '" + name + "' must be a plain identifier (letters, digits, _)");
        }
        this.modelPaths = paths(root, "model-paths", "models");
        this.testPaths = paths(root, "test-paths", "tests");
        this.analysisPaths = paths(root, "analysis-paths", "analyses");
        this.seedPaths = paths(root, "seed-paths", "seeds");
        this.macroPaths = paths(root, "macro-paths", "macros");
        this.snapshotPaths = paths(root, "snapshot-paths", "snapshots");
        this.targetPath = root.string("target-path", "target");
        Map<String, Object> merged = new LinkedHashMap<>();
        root.get("vars").asMap().forEach((key, value) -> {
            if (!varOverrides.containsKey(key)) { // an overridden default is never read, nor its ${env.X}
                merged.put(key, substitute(value));
            }
        });
        merged.putAll(varOverrides);
        this.vars = merged;
        this.targets = root.get("targets");
        this.defaultTarget = root.string("target", targets.isMap() && !targets.asMap().isEmpty()
                ? targets.asMap().keySet().iterator().next() : "dev");
    }

    private static List<String> paths(YamlNode root, String key, String fallback) {
        return root.has(key) ? root.strings(key) : List.of(fallback);
    }

    public Path dir() {
        return dir;
    }

    public String name() {
        return name;
    }

    public List<String> modelPaths() {
        return modelPaths;
    }

    public List<String> testPaths() {
        return testPaths;
    }

    /** Folders of seed CSV files ({@code seed-paths}, default {@code [seeds]}). */
    public List<String> seedPaths() {
        return seedPaths;
    }

    public List<String> analysisPaths() {
        return analysisPaths;
    }

    public List<String> macroPaths() {
        return macroPaths;
    }

    /** Where snapshots ({@code *.sql}) and their properties live (default {@code snapshots/}). */
    public List<String> snapshotPaths() {
        return snapshotPaths;
    }

    /** Where compiled SQL, artifacts and the default DuckDB file go (default {@code target/}). */
    public Path targetDir() {
        return dir.resolve(targetPath);
    }

    public Map<String, Object> vars() {
        return vars;
    }

    public String defaultTarget() {
        return defaultTarget;
    }

    /**
     * The named target (null = the default). Without a {@code targets:} section the default target is an
     * embedded DuckDB file {@code target/<name>.duckdb}.
     */
    public TargetConfig target(String requested) {
        String wanted = requested != null ? requested : defaultTarget;
        Path file = dir.resolve(FILE_NAME);
        if (!targets.isMap() || targets.asMap().isEmpty()) {
            if (!wanted.equals(defaultTarget)) {
                throw StarlingException.usage("unknown target '" + wanted + "': project.yml declares no targets;"
                        + " the only one is the embedded default '" + defaultTarget + "'");
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("path", targetPath + "/" + name + ".duckdb");
            return new TargetConfig(wanted, "duckdb", "main", 4, settings, file, 0);
        }
        YamlNode node = targets.asMap().get(wanted);
        if (node == null) {
            throw StarlingException.usage("unknown target '" + wanted + "'; project.yml declares: "
                    + String.join(", ", targets.asMap().keySet()));
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        node.asMap().forEach((key, value) -> {
            try {
                settings.put(key, substitute(value));
            } catch (StarlingException unset) {
                settings.put(key, new TargetConfig.Unresolved(unset)); // an error only for what reads it
            }
        });
        String type = node.requiredString("type", "the engine, e.g. type: duckdb");
        String schema = node.string("schema", "duckdb".equals(type) ? "main" : "public");
        int threads;
        String threadsText = String.valueOf(settings.getOrDefault("threads", "4")).trim();
        try {
            threads = Integer.parseInt(threadsText);
        } catch (NumberFormatException e) {
            throw node.get("threads").error("threads of target '" + wanted + "' must be a whole number of 1 or more,"
                    + " not '" + threadsText + "'");
        }
        if (threads < 1) {
            throw node.get("threads").error("threads of target '" + wanted + "' must be 1 or more, not " + threads);
        }
        Object memory = settings.get("memory_limit");
        if (memory != null && !YamlSchema.isSize(memory.toString())) {
            throw node.get("memory_limit").error("memory_limit of target '" + wanted + "' '" + memory
                    + "' is not a size such as 4GB, 512MB or 80%");
        }
        return new TargetConfig(wanted, type, schema, threads, settings, node.file(), node.line());
    }

    /** A top-level section of project.yml as written (e.g. {@code infra:}), for the package that owns it. */
    public YamlNode section(String key) {
        return root.get(key);
    }

    /** A value of project.yml with {@code ${env.NAME}} substituted, as for targets; errors name the node's line. */
    public Object resolve(YamlNode node) {
        return substitute(node);
    }

    private Object substitute(YamlNode node) {
        Object plain = node.toPlain();
        return substituteEnv(plain, node);
    }

    @SuppressWarnings("unchecked")
    private Object substituteEnv(Object value, YamlNode at) {
        if (value instanceof String text) {
            return interpolateEnv(text, at);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, substituteEnv(v, at)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> substituteEnv(v, at)).toList();
        }
        return value;
    }

    private String interpolateEnv(String text, YamlNode at) {
        Matcher m = ENV.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                throw at.error("environment variable " + m.group(1) + " is not set. Export it, or write ${env."
                        + m.group(1) + ":-default} to give a default.");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
