package dev.starling.adapter.duckdb;

import dev.starling.adapter.Session;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/**
 * The lines of gzip files for the line-by-line reader, decompressed by DuckDB: {@code read_blob} gives a file's
 * compressed bytes, so gzip files are read with DuckDB's CSV reader instead, one VARCHAR column with no delimiter,
 * quote or escape (each line as it is), in file order (insertion order kept for this session), so a temporary
 * table's rowid numbers the lines. A line that is not UTF-8 is set aside by the reader ({@code store_rejects}) with
 * its line number, and kept as a not-UTF-8 line; the other lines are numbered around it. Each file's lines are
 * joined again into its text, which the line reader splits like any other file's.
 */
final class GzipLines {

    /** The longest line read (DuckDB's CSV default is 2 MB): the JSON reader's default limit on a record. */
    private static final long MAX_LINE_BYTES = 16L << 20;

    private final DuckDbAdapter adapter;
    private final List<String> files;
    private final String lines;
    private final String undecoded;
    private final String errors = "__starling_gzip_errors";
    private final String scans = "__starling_gzip_scans";

    /** {@code files}: the local gzip files to read (none: nothing is read). */
    GzipLines(DuckDbAdapter adapter, List<String> files) {
        this.adapter = adapter;
        this.files = List.copyOf(files);
        this.lines = adapter.tempRelation("__starling_gzip_lines");
        this.undecoded = adapter.tempRelation("__starling_gzip_undecoded");
    }

    /** Reads every line of the files into temporary tables. */
    void read(Session session) throws SQLException {
        String list = list();
        try {
            session.transaction(List.of("set session preserve_insertion_order = true",
                    "drop table if exists " + lines, "drop table if exists " + errors, "drop table if exists " + scans,
                    adapter.createTempTableAs(lines, "select filename, raw from read_csv(" + list
                            + ", columns = {'raw': 'VARCHAR'}, header = false, auto_detect = false, delim = '',"
                            + " quote = '', escape = '', new_line = '\\r\\n', strict_mode = false, compression = 'gzip',"
                            + " filename = true, max_line_size = " + MAX_LINE_BYTES + ", buffer_size = " + 2 * MAX_LINE_BYTES
                            + ", ignore_errors = true, store_rejects = true, rejects_table = '" + errors + "',"
                            + " rejects_scan = '" + scans + "')")));
        } finally {
            session.transaction(List.of("reset session preserve_insertion_order"));
        }
        // the i-th set-aside line of a file (by line) has line - i read lines before it
        session.transaction(List.of("drop table if exists " + undecoded, adapter.createTempTableAs(undecoded,
                "select s.file_path as filename, e.line, e.csv_line as raw,"
                        + " row_number() over (partition by s.file_path order by e.line) as i\nfrom " + errors
                        + " as e join " + scans + " as s on e.scan_id = s.scan_id and e.file_id = s.file_id"),
                "drop table " + errors, "drop table " + scans));
    }

    /**
     * Each file as (file, local, text): its lines joined with newlines in file order, a set-aside line left blank
     * (it comes from {@link #undecoded}); an empty file has an empty text.
     */
    String texts(Function<String, String> pathOf) {
        String numbered = "select filename, raw, k + (select count(*) from " + undecoded + " as u where u.filename ="
                + " g.filename and u.line - u.i < g.k) as line\nfrom (select filename, raw, row_number() over"
                + " (partition by filename order by rowid) as k from " + lines + ") as g";
        return "select " + pathOf.apply("f.local") + " as file, f.local, coalesce(t.text, '') as text\nfrom (select"
                + " unnest(" + list() + ") as local) as f left join (select filename, string_agg(coalesce(raw, ''),"
                + " chr(10) order by line) as text from (" + numbered + "\nunion all select filename, '' as raw, line"
                + " from " + undecoded + ") group by filename) as t on t.filename = f.local";
    }

    /** The lines set aside as not UTF-8: (file, line, raw, not_utf8), as the line reader's lines. */
    String undecoded(Function<String, String> pathOf) {
        return "select " + pathOf.apply("filename") + " as file, line, raw, true as not_utf8 from " + undecoded;
    }

    /** Drops the lines once they are in the texts. */
    String dropTexts() {
        return "drop table if exists " + lines;
    }

    /** Drops the set-aside lines once the lines are parsed. */
    String dropUndecoded() {
        return "drop table if exists " + undecoded;
    }

    private String list() {
        return "[" + String.join(", ", files.stream().map(f -> "'" + f.replace("'", "''") + "'").toList()) + "]";
    }
}
