package dev.starling.execute;

import java.util.Locale;

/**
 * What one source load did, the same on every target (DuckDB parses the lines itself; Redshift reads its
 * load-error view into the same shape).
 *
 * @param loaded        records added to the staged table by this load
 * @param rejected      records of this load kept in {@code rejectsTable} instead
 * @param rejectsTable  where rejected records are kept: {@code <source>_rejects}
 * @param filesRead     files read by this load, or -1 when the engine read the whole location without a list
 * @param filesSkipped  files not read because an earlier run loaded them as they are (incremental sources)
 * @param filesChanged  files read again because they changed since they were loaded; their earlier rows were replaced
 * @param rows          rows in the staged table after the load
 */
public record LoadReport(long loaded, long rejected, String rejectsTable, int filesRead, int filesSkipped,
                         int filesChanged, long rows) {

    /** {@code event_staging: 12,345 loaded, 3 rejected (see event_staging_rejects)}. */
    public String summary(String table) {
        return String.format(Locale.ROOT, "%s: %,d loaded, %,d rejected (see %s)", table, loaded, rejected, rejectsTable);
    }

    /** The short form on the node's line: {@code 12,345 loaded} or {@code 109 loaded from 1 new file, 362 rows}. */
    public String brief() {
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
}
