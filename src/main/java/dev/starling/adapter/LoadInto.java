package dev.starling.adapter;

/**
 * The table a load creates for its good rows: a temporary table for rows appended to an incremental source's table,
 * or the new table itself (a persistent one swapped in afterwards) for a full load, so no row is copied twice.
 *
 * @param relation   the table to create
 * @param temporary  whether it is a temporary table
 * @param fileColumn  whether it has {@link Adapter#FILE_COLUMN} after the source's columns
 * @param batchColumn whether it has {@link Adapter#BATCH_COLUMN} last (an incremental source's table), NULL as read:
 *                    the load sets it when it appends the rows
 */
public record LoadInto(String relation, boolean temporary, boolean fileColumn, boolean batchColumn) {

    /** Starling's own columns after the source's, as the loader adds them: the file, then the batch (both optional). */
    public String ownColumns(java.util.function.UnaryOperator<String> quote, String file) {
        return (fileColumn ? ", " + file + " as " + quote.apply(Adapter.FILE_COLUMN) : "")
                + (batchColumn ? ", cast(null as bigint) as " + quote.apply(Adapter.BATCH_COLUMN) : "");
    }
}
