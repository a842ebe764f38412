package dev.starling.artifact;

import dev.starling.execute.NodeResult;
import dev.starling.execute.RunResults;
import dev.starling.graph.Dag;
import dev.starling.render.CompiledNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@code target/manifest.json} (every node with its file, dependencies and relation) and
 * {@code target/run_results.json} (one entry per executed node), versioned for the tools that read them.
 */
public final class Artifacts {

    public static final int SCHEMA_VERSION = 1;

    private Artifacts() {
    }

    public static void writeManifest(Path targetDir, String project, String target, Dag dag) {
        Map<String, Object> nodes = new LinkedHashMap<>();
        for (CompiledNode compiled : dag.nodes()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("kind", compiled.node().kind().label);
            node.put("name", compiled.node().displayName());
            node.put("path", compiled.node().path().toString().replace('\\', '/'));
            node.put("line", compiled.node().line());
            node.put("depends_on", new ArrayList<>(compiled.dependsOn()));
            node.put("tags", new ArrayList<>(compiled.node().tags()));
            node.put("description", compiled.node().description());
            if (compiled.relation() != null) {
                node.put("relation", compiled.relation());
            }
            if (compiled.node().kind() == dev.starling.project.NodeKind.MODEL
                    || compiled.node().kind() == dev.starling.project.NodeKind.SEED) {
                node.put("config", new LinkedHashMap<>(compiled.node().config()));
            }
            if (compiled.node().kind() == dev.starling.project.NodeKind.TEST) {
                node.put("severity", compiled.node().severity());
            }
            nodes.put(compiled.id(), node);
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schema_version", SCHEMA_VERSION);
        manifest.put("generated_at", Instant.now().toString());
        manifest.put("project", project);
        manifest.put("target", target);
        manifest.put("nodes", nodes);
        write(targetDir.resolve("manifest.json"), Json.write(manifest));
    }

    public static void writeRunResults(Path targetDir, String target, RunResults run) {
        List<Object> results = new ArrayList<>();
        for (NodeResult result : run.results()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("unique_id", result.id());
            entry.put("status", result.status().name().toLowerCase());
            entry.put("action", result.action());
            entry.put("rows", result.rows());
            if (result.load() != null) {
                Map<String, Object> load = new LinkedHashMap<>();
                load.put("loaded", result.load().loaded());
                load.put("rejected", result.load().rejected());
                load.put("rejects_in", result.load().seeAlso());
                load.put("files_read", result.load().filesRead());
                load.put("files_skipped", result.load().filesSkipped());
                load.put("files_changed", result.load().filesChanged());
                entry.put("load", load);
            }
            entry.put("execution_time", Math.round(result.seconds() * 1000) / 1000.0);
            entry.put("message", result.message());
            results.add(entry);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema_version", SCHEMA_VERSION);
        out.put("generated_at", Instant.now().toString());
        out.put("command", run.command());
        out.put("target", target);
        out.put("elapsed_time", Math.round(run.seconds() * 1000) / 1000.0);
        out.put("summary", run.summary());
        out.put("results", results);
        write(targetDir.resolve("run_results.json"), Json.write(out));
    }

    /**
     * Writes many text files in parallel (tens of thousands for a large project's compiled SQL), creating each
     * folder once.
     */
    public static void writeAll(Map<Path, String> files) {
        Set<Path> folders = new HashSet<>();
        files.keySet().forEach(file -> folders.add(file.getParent()));
        folders.parallelStream().forEach(folder -> {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + folder, e);
            }
        });
        // one folder's files are written by one thread: threads creating files in the same folder would only
        // queue on that folder's lock in the kernel
        Map<Path, List<Map.Entry<Path, String>>> byFolder = new LinkedHashMap<>();
        files.entrySet().forEach(file -> byFolder.computeIfAbsent(file.getKey().getParent(), f -> new ArrayList<>()).add(file));
        byFolder.values().parallelStream().forEach(group -> group.forEach(file -> writeIfChanged(file.getKey(), file.getValue())));
    }

    /** Creating or truncating a file costs far more than reading it, so a file that already holds the text stays. */
    private static void writeIfChanged(Path file, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            if (Files.isRegularFile(file) && Files.size(file) == bytes.length
                    && Arrays.equals(Files.readAllBytes(file), bytes)) {
                return;
            }
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes a text file, creating its folders. */
    public static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
