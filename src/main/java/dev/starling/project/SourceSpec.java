package dev.starling.project;

import java.util.List;
import java.util.Map;

/**
 * A source table: raw files that a target stages into a table of the same name.
 *
 * @param sourceName the source group (e.g. {@code sparkify})
 * @param tableName  the staged table (e.g. {@code event_staging})
 * @param format     the file format, {@code json} (newline-delimited JSON objects, one or many per file)
 * @param locations  where the files are, by target type or target name ({@code duckdb: data/log_data})
 * @param pattern    the files to read under the location, as a glob (default {@code **}{@code /*.json})
 * @param options    every other key of the source table, rendered (e.g. {@code max_errors}, {@code redshift: {...}})
 * @param columns    the staged columns, in order, with their JSON field and type
 */
public record SourceSpec(String sourceName, String tableName, String format, Map<String, String> locations,
                         String pattern, Map<String, Object> options, List<Column> columns) {

    /** The location for a target: its name first, then its type. Null when the source has none for it. */
    public String locationFor(String targetName, String targetType) {
        String byName = locations.get(targetName);
        return byName != null ? byName : locations.get(targetType);
    }
}
