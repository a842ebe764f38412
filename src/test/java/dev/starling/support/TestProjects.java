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
