package dev.starling.adapter;

/**
 * The table a load creates for its good rows: a temporary table for rows appended to an incremental source's table,
 * or the new table itself (a persistent one swapped in afterwards) for a full load, so no row is copied twice.
 *
 * @param relation   the table to create
 * @param temporary  whether it is a temporary table
 * @param fileColumn whether it has {@link Adapter#FILE_COLUMN} after the source's columns
 */
public record LoadInto(String relation, boolean temporary, boolean fileColumn) {
}
