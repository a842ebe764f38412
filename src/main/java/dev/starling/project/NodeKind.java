package dev.starling.project;

/** What a node of the project is. */
public enum NodeKind {
    /** A raw input staged into the target (JSON files loaded into a table). */
    SOURCE("source"),
    /** A CSV file of the project loaded into a table ({@code seeds/*.csv}), referenced with ref() like a model. */
    SEED("seed"),
    /** A SELECT materialized as a table or view. */
    MODEL("model"),
    /** A history table (SCD type 2) of a SELECT: rows are closed and opened as they change, never rebuilt. */
    SNAPSHOT("snapshot"),
    /** A data test: a query that returns the failing rows. */
    TEST("test"),
    /** A query kept with the project, rendered by compile and run by show, never materialized. */
    ANALYSIS("analysis");

    public final String label;

    NodeKind(String label) {
        this.label = label;
    }
}
