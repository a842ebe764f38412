package dev.starling.generate;

import java.util.Locale;

/** The progress and summary lines of {@code starling generate} (locale-independent: 10,000,000 and 41.2s). */
public final class ProgressLine {

    private ProgressLine() {
    }

    /** e.g. {@code 3,400,000 of 10,000,000 events (34%), 1,234,567 events/s}. */
    public static String progress(long done, long total, long elapsedNanos) {
        double seconds = Math.max(1e-9, elapsedNanos / 1e9);
        return String.format(Locale.ROOT, "%,d of %,d events (%d%%), %,d events/s", done, total,
                total == 0 ? 100 : done * 100 / total, Math.round(done / seconds));
    }

    /** e.g. {@code Wrote 10,000,000 events in 30 log files and 100,000 song files to out in 41.2s}. */
    public static String summary(SparkifyGenerator.Result result, String out, long elapsedNanos) {
        return String.format(Locale.ROOT, "Wrote %,d events in %,d log file%s and %,d song file%s to %s in %.1fs",
                result.events(), result.logFiles(), result.logFiles() == 1 ? "" : "s", result.songFiles(),
                result.songFiles() == 1 ? "" : "s", out, elapsedNanos / 1e9);
    }
}
