package dev.starling.adapter.duckdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A full disk under DuckDB, named with its place. DuckDB says "No space left on device" with the file when a
 * statement's write fails, but a commit whose write-ahead log cannot be written reports only "cannot commit - no
 * transaction is active"; then the free space where it writes tells.
 */
final class DiskFull {

    /** Less free space than this where DuckDB writes, after a failed write, is taken as the disk being full. */
    static final long NEARLY_FULL_BYTES = 8L << 20;
    private static final Pattern QUOTED_PATH = Pattern.compile("\"(/[^\"]+)\"");

    private final Path database;
    private final Path tempDirectory;

    /** @param database the database file (null for :memory:); @param tempDirectory DuckDB's spill folder */
    DiskFull(Path database, Path tempDirectory) {
        this.database = database;
        this.tempDirectory = tempDirectory;
    }

    /** "the disk holding the database file target/x.duckdb is full (12 KB free). ..." or null. */
    String diagnose(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        boolean said = lower.contains("no space left on device") || lower.contains("disk full")
                || lower.contains("not enough space");
        if (said) {
            Matcher m = QUOTED_PATH.matcher(message);
            Path file = m.find() ? Path.of(m.group(1)) : null;
            return full(file != null && tempDirectory != null && file.startsWith(tempDirectory) ? tempDirectory
                    : file != null && database != null && !file.startsWith(database.getParent()) ? file : database);
        }
        boolean failedWrite = lower.contains("cannot commit") || lower.contains("io error")
                || lower.contains("could not write") || lower.contains("failed to write");
        if (!failedWrite) {
            return null;
        }
        for (Path place : new Path[] {database, tempDirectory}) {
            if (place != null && free(place) < NEARLY_FULL_BYTES) {
                return full(place);
            }
        }
        return null;
    }

    private String full(Path place) {
        String what = place == null ? "the disk" : place.equals(tempDirectory) ? "DuckDB's temp directory " + place
                : place.equals(database) ? "the database file " + place : place.toString();
        long free = place == null ? -1 : free(place);
        return "the disk is full: no space to write " + what + (free >= 0 ? " (" + (free >> 10) + " KB free)" : "")
                + ". Free space there" + (place != null && place.equals(database)
                ? ", or point the target's path: at a disk with room" : place != null && place.equals(tempDirectory)
                ? ", or set the target's temp_directory to a disk with room" : "") + ", then run again.";
    }

    /** Usable bytes on the file system of {@code place} (or its nearest existing parent); MAX_VALUE if unknown. */
    private static long free(Path place) {
        Path p = place.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        try {
            return p == null ? Long.MAX_VALUE : Files.getFileStore(p).getUsableSpace();
        } catch (IOException | SecurityException e) {
            return Long.MAX_VALUE;
        }
    }
}
