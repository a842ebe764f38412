package dev.starling.adapter;

import java.util.List;

/**
 * The first rows of a query, as text, for display (show, failing test rows). Never a data path: at most the
 * handful of rows a person reads.
 *
 * @param numeric which columns hold numbers (right-aligned when printed)
 */
public record QueryResult(List<String> columns, List<Boolean> numeric, List<List<String>> rows, boolean truncated) {
}
