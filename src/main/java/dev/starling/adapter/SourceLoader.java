package dev.starling.adapter;

import dev.starling.render.CompiledNode;
import java.sql.SQLException;
import java.util.List;

/**
 * How one engine reads a source's files: the seam for loading. Each adapter has one ({@link Adapter#sourceLoader()}):
 * DuckDB's reads the files with its JSON reader and, when a record does not read, line by line, keeping the bad
 * records; Redshift's sends COPY, whose rejects the engine keeps in its load-error log.
 *
 * <p>What does not depend on the engine lives once in {@code execute} (the source-load materialization): which
 * files an incremental source has loaded ({@code starling_loaded_files}), which to read now, the swap or the append
 * and its state rows in one transaction, {@code max_errors} over Starling's rejects table, and the report.
 */
public interface SourceLoader {

    /** Checks, before anything runs, that the source's location and options suit this engine; a project error if not. */
    void check(CompiledNode source);

    /**
     * At run time only, right before the load is planned, on the worker that loads it: readies the files (DuckDB
     * fetches an {@code s3://} location's objects to its local cache). A line for the run output, or null.
     */
    default String prepare(CompiledNode source) {
        return null;
    }

    /** What {@code compile} shows for a source: the statements that fill {@code relation} (new) from every file. */
    List<String> compile(String relation, CompiledNode source);

    /**
     * The files the location and pattern match now, sorted by path (metadata only: the engine reads the bytes).
     * {@code prepared}: {@link #prepare} ran; when false (a dry run) nothing is downloaded, and a location that
     * cannot be listed without it throws {@link Unlisted}. Other failures are project errors.
     */
    List<SourceFile> list(CompiledNode source, boolean prepared);

    /**
     * The files under the source's location that its pattern does not match, at run time after {@link #prepare}
     * (and {@link #list}, for an incremental source), or null when there are none or the engine reads every file
     * under the location (COPY of a whole prefix).
     */
    default PatternSkips patternSkips(CompiledNode source) {
        return null;
    }

    /** The listing was skipped (a dry run without access to the location); the reason says why. */
    final class Unlisted extends RuntimeException {
        public Unlisted(String reason) {
            super(reason);
        }
    }

    /**
     * True when each staged row carries its file ({@link Adapter#FILE_COLUMN}), so that an incremental source can
     * replace a changed file's rows; false when it cannot (COPY), and a changed file asks for {@code --full-refresh}.
     */
    boolean tagsRowsWithFile();

    /**
     * True when the engine keeps the records it rejects itself (Redshift's load-error log), and enforces
     * {@code max_errors} in its own load; false when the loader puts them in the request's temporary
     * {@code rejects} table, which the load keeps in {@code <source>_rejects} and checks against {@code max_errors}.
     */
    boolean rejectsKeptByEngine();

    /** The verb of a step that reads one file: {@code COPY} on Redshift, {@code read} on DuckDB. */
    String readVerb();

    /**
     * What a load reads and where its good rows go; {@code session} is the one the load will run on (null in a dry
     * run without a connection), for what the loader must know of the engine (e.g. which load-error log it has).
     */
    record Request(CompiledNode source, List<SourceFile> files, LoadInto into, String rejects, boolean append,
                   Session session) {

        /** Every file of the location (a source that is not incremental), which spares listing them. */
        public boolean wholeLocation() {
            return files == null;
        }
    }

    /**
     * How the engine reads one load.
     *
     * @param steps   run first, each on its own (DuckDB's read, which fills {@code into} and Starling's {@code rejects})
     * @param inApply statements that must run in the transaction that applies the load, before its own statements
     *                (COPY into the new table, or into a temporary one appended from)
     * @param report  reads what the engine kept of the load (its load-error log), or null when the rejects are
     *                Starling's ({@code request.rejects}, checked against {@code max_errors} by the load)
     * @param counted where the engine logs this load's rejects, to sum them inside the load's transaction (null
     *                when the rejects are Starling's)
     */
    record Reading(List<Step> steps, List<String> inApply, Report report, Counted counted) {
        public Reading {
            steps = List.copyOf(steps);
            inApply = List.copyOf(inApply);
        }
    }

    /**
     * How to count, inside the load's transaction, the records that the engine rejected in this load, and where
     * they are: {@code countSql} gives the number, {@code idsSql} the ids of the load's reads (COPY query ids),
     * which select them in {@code table} by {@code idColumn}.
     */
    record Counted(String countSql, String idsSql, String table, String idColumn) {
    }

    /** What the engine kept of a load, read right after its transaction. */
    interface Report {
        /**
         * @param succeeded  whether the load committed
         * @param rowsBefore the table's rows before an append (0 for a load into a new table)
         */
        LoadReport read(Session session, boolean succeeded, long rowsBefore) throws SQLException;
    }

    /** How to read {@code request}'s files. */
    Reading read(Request request);
}
