package dev.starling.adapter;

import dev.starling.StarlingException;
import dev.starling.project.Column;
import dev.starling.project.Node;
import java.util.Locale;

/**
 * The types a source column may declare, with their usual synonyms, reduced to one spelling per type; each
 * adapter then spells that type its own way. An unknown type is an error naming the source's YAML line.
 */
public final class SourceTypes {

    private SourceTypes() {
    }

    /**
     * One of varchar, integer, bigint, smallint, double, real, boolean, timestamp, date, or a sized type as
     * written without spaces ({@code decimal(10,2)}, {@code varchar(20)}).
     */
    public static String canonical(Node source, Column column) {
        String type = column.type().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
        return switch (type) {
            case "varchar", "string", "text" -> "varchar";
            case "int", "integer", "int4" -> "integer";
            case "bigint", "int8", "long" -> "bigint";
            case "smallint", "int2" -> "smallint";
            case "double", "double precision", "float8", "float" -> "double";
            case "real", "float4" -> "real";
            case "boolean", "bool" -> "boolean";
            case "timestamp" -> "timestamp";
            case "date" -> "date";
            default -> {
                if (type.matches("(varchar|decimal|numeric)\\s*\\([0-9, ]+\\)")) {
                    yield type.replaceAll("\\s+", "");
                }
                throw StarlingException.at(source.path(), source.line(), "column " + column.name() + " of source "
                        + source.displayName() + " has unknown type '" + column.type() + "'; use varchar, integer,"
                        + " bigint, smallint, double, real, boolean, timestamp, date or decimal(p,s)");
            }
        };
    }
}
