package dev.starling.project;

import dev.starling.StarlingException;
import java.nio.file.Path;
import java.util.Map;

/**
 * One entry of {@code targets:} in project.yml, with environment variables substituted.
 * {@code settings} holds every key as written (path, host, memory_limit, ...); the adapter reads what it needs,
 * when it needs it. A value whose {@code ${env.NAME}} is not set is kept as {@link Unresolved}: reading it is the
 * error, so a password that only a connection needs stops only commands that connect.
 */
public record TargetConfig(String name, String type, String schema, int threads, Map<String, Object> settings,
                           Path file, int line) {

    public String setting(String key) {
        Object value = settings.get(key);
        if (value instanceof Unresolved unresolved) {
            throw unresolved.error();
        }
        return value == null ? null : String.valueOf(value);
    }

    /** A setting whose environment variable is not set: the error its reading raises, with the YAML line. */
    public record Unresolved(StarlingException cause) {
        StarlingException error() {
            return new StarlingException(cause.code(), cause.getMessage(), cause);
        }

        @Override
        public String toString() {
            return "(not set: " + cause.getMessage() + ")";
        }
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
