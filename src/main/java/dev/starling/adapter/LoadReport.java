package dev.starling.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What staging a source did, in the same shape on every engine: rows loaded and records rejected, where the
 * rejected records are kept, and for file-by-file loads which files were read. On DuckDB Starling's loader fills
 * it (rejects in {@code <source>_rejects}); on Redshift the adapter reads it back from the load-error view after
 * COPY, with the first rejected lines.
 *
 * @param loaded       records added to the staged table by this load, or -1 when not known (a failed load)
 * @param rejected     records of this load that were rejected
 * @param rejects      the first rejected records the engine reported (at most {@link #SHOWN}); may be empty when
 *                     they are all in {@code seeAlso}
 * @param seeAlso      where every rejected record is: {@code event_staging_rejects}, or
 *                     {@code stl_load_errors where query = 4711}; null when nowhere
 * @param filesRead    files read by this load, or -1 when the engine read the whole location without a list
 * @param filesSkipped files not read because an earlier run loaded them as they are (incremental sources)
 * @param filesChanged files read again because they changed since they were loaded (their rows were replaced)
 * @param rows         rows in the staged table after the load
 * @param patternSkips files under the location that the pattern does not match, or null when none (or not known)
 */
public record LoadReport(long loaded, long rejected, List<Reject> rejects, String seeAlso, int filesRead,
                         int filesSkipped, int filesChanged, long rows, PatternSkips patternSkips) {

    public LoadReport(long loaded, long rejected, List<Reject> rejects, String seeAlso, int filesRead,
                      int filesSkipped, int filesChanged, long rows) {
        this(loaded, rejected, rejects, seeAlso, filesRead, filesSkipped, filesChanged, rows, null);
    }

    /** This report with the files the pattern skipped. */
    public LoadReport withPatternSkips(PatternSkips skips) {
        return new LoadReport(loaded, rejected, rejects, seeAlso, filesRead, filesSkipped, filesChanged, rows, skips);
    }

    /** How many rejected records a report carries. */
    public static final int SHOWN = 10;

    /** One rejected input record. */
    public record Reject(String file, long line, String column, String reason) {
        @Override
        public String toString() {
            String col = column == null || column.isBlank() ? "" : " column " + column + ":";
            return file + ":" + line + ":" + col + " " + reason;
        }
    }

    /** A whole-location load (e.g. one COPY) into a new table: it holds exactly what was loaded. */
    public static LoadReport ofWholeLocation(long loaded, long rejected, List<Reject> rejects, String seeAlso) {
        return new LoadReport(loaded, rejected, rejects, seeAlso, -1, 0, 0, loaded);
    }

    /** A whole-location load that rejected nothing. */
    public static LoadReport clean(long loaded) {
        return ofWholeLocation(loaded, 0, List.of(), null);
    }

    /**
     * The short form on the node's line: {@code 12,345 loaded} or {@code 109 loaded from 1 new file, 362 rows}, then
     * the files the pattern skipped when there are any ({@code , 2 files skipped by pattern '...' (2 .json.gz)}).
     */
    public String brief() {
        return patternSkips == null ? counts() : counts() + ", " + patternSkips.text();
    }

    private String counts() {
        if (loaded < 0) {
            return "nothing loaded";
        }
        if (filesSkipped == 0 && filesChanged == 0) {
            return String.format(Locale.ROOT, "%,d loaded", loaded);
        }
        if (filesRead == 0) {
            return String.format(Locale.ROOT, "no new files, %,d rows", rows);
        }
        int fresh = filesRead - filesChanged;
        String what = (fresh > 0 ? fresh + " new" : "") + (fresh > 0 && filesChanged > 0 ? " and " : "")
                + (filesChanged > 0 ? filesChanged + " changed" : "") + " file" + (filesRead == 1 ? "" : "s");
        return String.format(Locale.ROOT, "%,d loaded from %s, %,d rows", loaded, what, rows);
    }

    /** {@code event_staging: 12,345 loaded, 3 rejected (see event_staging_rejects)}. */
    public String summary(String table) {
        return table + ": " + (loaded >= 0 ? String.format(Locale.ROOT, "%,d loaded", loaded) : "nothing loaded")
                + String.format(Locale.ROOT, ", %,d rejected", rejected) + (seeAlso != null ? " (see " + seeAlso + ")" : "");
    }

    /** One line per rejected record shown, then how many more there are (nothing when none were reported). */
    public List<String> rejectLines() {
        List<String> out = new ArrayList<>();
        if (rejects.isEmpty()) {
            return out;
        }
        rejects.forEach(r -> out.add("  " + r));
        if (rejected > rejects.size()) {
            out.add(String.format(Locale.ROOT, "  ... and %,d more", rejected - rejects.size()));
        }
        return out;
    }
}
