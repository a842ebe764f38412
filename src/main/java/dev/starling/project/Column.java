package dev.starling.project;

/**
 * A documented column. For sources, {@code type} is the declared SQL type (varchar, integer, bigint, double,
 * boolean, timestamp) and {@code field} the name of the JSON field it is read from (default: the column name).
 */
public record Column(String name, String field, String type, String description) {
}
