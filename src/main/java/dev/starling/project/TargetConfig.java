package dev.starling.project;

import dev.starling.StarlingException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One entry of {@code targets:} in project.yml, with environment variables already substituted.
 * {@code settings} holds every key as written (path, host, memory_limit, ...); the adapter reads what it needs.
 */
public record TargetConfig(String name, String type, String schema, int threads, Map<String, Object> settings,
                           Path file, int line) {

    public String setting(String key) {
        Object value = settings.get(key);
        return value == null ? null : String.valueOf(value);
    }

    public String setting(String key, String fallback) {
        String value = setting(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A setting the adapter cannot work without: missing gives a one-line error naming the setting. */
    public String required(String key, String what) {
        String value = setting(key);
        if (value == null || value.isBlank()) {
            throw StarlingException.at(file, line, "target '" + name + "' needs '" + key + "' (" + what
                    + "). Add it under targets." + name + " in project.yml.");
        }
        return value;
    }
}
