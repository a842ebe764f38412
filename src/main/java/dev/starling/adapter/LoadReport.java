package dev.starling.adapter;

import java.util.List;
import java.util.Locale;

/**
 * What staging a source did, in the same shape on every engine: rows loaded and lines rejected, with the first
 * rejected lines (file, line, column, reason) and where to see all of them.
 *
 * @param loaded   rows in the staged table, or -1 when not known (a failed load)
 * @param rejected how many input lines the engine rejected
 * @param rejects  the first rejected lines (at most {@link #SHOWN})
 * @param seeAlso  where the full list is, e.g. {@code stl_load_errors where query = 4711}; null when none
 */
public record LoadReport(long loaded, long rejected, List<Reject> rejects, String seeAlso) {

    /** How many rejected lines a report carries. */
    public static final int SHOWN = 10;

    /** One rejected input line. */
    public record Reject(String file, long line, String column, String reason) {
        @Override
        public String toString() {
            String col = column == null || column.isBlank() ? "" : " column " + column + ":";
            return file + ":" + line + ":" + col + " " + reason;
        }
    }

    /** A load that rejected nothing. */
    public static LoadReport clean(long loaded) {
        return new LoadReport(loaded, 0, List.of(), null);
    }

    /** {@code 12,345 loaded, 3 rejected (see event_staging_rejects)}; {@code 12,345 loaded} when clean. */
    public String summary() {
        String head = loaded >= 0 ? String.format(Locale.ROOT, "%,d loaded", loaded) : "nothing loaded";
        if (rejected == 0) {
            return head;
        }
        return head + String.format(Locale.ROOT, ", %,d rejected", rejected) + (seeAlso != null ? " (see " + seeAlso + ")" : "");
    }

    /** The summary, then one line per rejected line shown, then how many more there are. */
    public List<String> lines() {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        out.add(summary());
        rejects.forEach(r -> out.add("  " + r));
        if (rejected > rejects.size()) {
            out.add(String.format(Locale.ROOT, "  ... and %,d more", rejected - rejects.size()));
        }
        return out;
    }
}
