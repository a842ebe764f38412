package dev.starling.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Copies of real projects in temporary folders, so tests can change files and build without touching the repo. */
public final class TestProjects {

    /** The repository root (Maven runs tests from it). */
    public static final Path REPO = Path.of("").toAbsolutePath();

    private TestProjects() {
    }

    /** The Sparkify project (project.yml, models, tests, analyses, sample data) copied into {@code dir}. */
    public static Path sparkify(Path dir) {
        for (String part : List.of("project.yml", "models", "snapshots", "tests", "analyses", "data/sample")) {
            copy(REPO.resolve(part), dir.resolve(part));
        }
        return dir;
    }

    /**
     * Removes the Redshift-only {@code dist:} and {@code sort:} configs from the Sparkify models' YAML, for the
     * Redshift adapter on PostgreSQL (their DDL is checked by the golden files).
     */
    public static void withoutDistAndSort(Path project) {
        for (String yml : List.of("models/marts/schema.yml", "models/intermediate/schema.yml")) {
            Path file = project.resolve(yml);
            write(file, String.join("\n", read(file).lines().filter(line -> !line.trim().startsWith("dist:")
                    && !line.trim().startsWith("sort:")).toList()) + "\n");
        }
    }

    /** A project with just a project.yml naming it {@code name} and a DuckDB target in the folder. */
    public static Path empty(Path dir, String name) {
        write(dir.resolve("project.yml"), "name: " + name + "\n");
        return dir;
    }

    public static void copy(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
