package dev.starling.project;

import java.util.List;
import java.util.Map;

/**
 * A source table: raw files that a target stages into a table of the same name.
 *
 * @param sourceName the source group (e.g. {@code sparkify})
 * @param tableName  the staged table (e.g. {@code event_staging})
 * @param format     the file format, {@code json}
 * @param layout     {@code lines} (default: one JSON object per line, any number per file) or {@code document}
 *                   (each file is one JSON object, pretty-printed or not; a file that is not one JSON document is
 *                   read line by line)
 * @param incremental whether a run loads only the files it has not loaded before (see {@code starling_loaded_files})
 * @param locations  where the files are, by target type or target name ({@code duckdb: data/log_data})
 * @param pattern    the files to read under the location, as a glob (default {@code **}{@code /*.json})
 * @param options    every other key of the source table, rendered (e.g. {@code max_errors}, {@code redshift: {...}})
 * @param columns    the staged columns, in order, with their JSON field and type
 */
public record SourceSpec(String sourceName, String tableName, String format, String layout, boolean incremental,
                         Map<String, String> locations, String pattern, Map<String, Object> options,
                         List<Column> columns) {

    public static final String LAYOUT_LINES = "lines";
    public static final String LAYOUT_DOCUMENT = "document";

    /** The location for a target: its name first, then its type. Null when the source has none for it. */
    public String locationFor(String targetName, String targetType) {
        String byName = locations.get(targetName);
        return byName != null ? byName : locations.get(targetType);
    }
}
