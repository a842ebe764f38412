package dev.starling.project;

import dev.starling.StarlingException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code starling clean}: deletes the folders project.yml lists under {@code clean-targets} (default: the
 * {@code target-path}), as dbt does, and nothing else: a folder outside the project, the project itself, one that
 * holds the project's models, tests, analyses, macros or project.yml, or a link leaving the project is refused
 * before anything is deleted. Links inside a deleted folder are deleted, never followed.
 */
public final class CleanTargets {

    private CleanTargets() {
    }

    /** Deletes the clean targets; returns one line per target saying what was deleted. */
    public static List<String> clean(ProjectConfig config) {
        Path dir = config.dir();
        YamlNode root = YamlNode.load(dir.resolve(ProjectConfig.FILE_NAME), Path.of(ProjectConfig.FILE_NAME));
        List<String> names = root.has("clean-targets") ? root.strings("clean-targets")
                : List.of(dir.relativize(config.targetDir()).toString());
        List<Path> keep = new ArrayList<>(List.of(dir.resolve(ProjectConfig.FILE_NAME)));
        for (List<String> folders : List.of(config.modelPaths(), config.testPaths(), config.analysisPaths(),
                config.macroPaths())) {
            folders.forEach(f -> keep.add(dir.resolve(f).normalize()));
        }
        Path realProject = real(dir);
        List<Path> targets = new ArrayList<>();
        for (String name : names) {
            Path target = dir.resolve(name).normalize();
            String where = "clean-targets '" + name + "' in " + ProjectConfig.FILE_NAME;
            if (!target.startsWith(dir) || target.equals(dir)) {
                throw refused(where, "is " + (target.equals(dir) ? "the project folder itself" : "outside the project"));
            }
            for (Path k : keep) {
                if (k.startsWith(target)) {
                    throw refused(where, "holds the project's own " + dir.relativize(k));
                }
            }
            Path parent = real(target.getParent());
            Path real = Files.exists(target) ? real(target) : parent.resolve(target.getFileName());
            if (!real.startsWith(realProject) || real.equals(realProject)) {
                throw refused(where, "leads through a symbolic link to " + real + ", outside the project");
            }
            targets.add(target);
        }
        List<String> lines = new ArrayList<>();
        for (Path target : targets) {
            String shown = dir.relativize(target) + "/";
            if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                lines.add(shown + ": nothing to delete");
                continue;
            }
            lines.add("Deleted " + shown + " (" + delete(target, shown) + " files)");
        }
        return lines;
    }

    private static StarlingException refused(String where, String why) {
        return StarlingException.usage(where + " " + why + "; clean deletes only folders inside the project that"
                + " hold no models, tests, analyses, macros or project.yml. Nothing was deleted.");
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** Deletes a folder (or file, or link) without following links; returns how many files it held. */
    private static long delete(Path target, String shown) {
        AtomicLong files = new AtomicLong();
        try {
            if (!Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(target);
                return 1;
            }
            Files.walkFileTree(target, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    files.incrementAndGet();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw StarlingException.project("cannot delete " + shown + ": " + FileReasons.of(e)
                    + ". Close what holds it open (another starling, a database client) and run clean again.");
        }
        return files.get();
    }
}
