package dev.starling.render;

import dev.starling.adapter.Adapter;
import java.util.regex.Pattern;

/**
 * What {@code ${new_rows(X)}} renders to. In a model's full build: X itself. In its incremental SQL: X's rows of
 * batches after the model's mark, {@code (select * from X where _starling_batch > /*starling:mark:ID*}{@code /-1)};
 * the run puts the mark in place of the -1 (every batch), so compiled SQL runs as it is shown.
 */
public final class NewRows {

    /** A marker and the input node id it names (group 1). */
    public static final Pattern MARKER = Pattern.compile("/\\*starling:mark:([^*]+)\\*/-1");

    private NewRows() {
    }

    /** The incremental form for {@code relation}, which is the relation of node {@code inputId}. */
    public static String filtered(String relation, String inputId) {
        return "(select * from " + relation + " where " + Adapter.BATCH_COLUMN + " > " + marker(inputId) + ")";
    }

    /** The marker of input {@code inputId}, with -1 (every batch) as its value. */
    public static String marker(String inputId) {
        return "/*starling:mark:" + inputId + "*/-1";
    }
}
