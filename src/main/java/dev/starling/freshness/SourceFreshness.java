package dev.starling.freshness;

import dev.starling.StarlingException;
import dev.starling.adapter.Adapter;
import dev.starling.adapter.SourceFile;
import dev.starling.adapter.SourceLoader;
import dev.starling.adapter.QueryResult;
import dev.starling.adapter.Session;
import dev.starling.adapter.SqlErrors;
import dev.starling.artifact.Artifacts;
import dev.starling.artifact.Json;
import dev.starling.project.Node;
import dev.starling.project.Suggest;
import dev.starling.project.TargetConfig;
import dev.starling.render.CompiledNode;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How old each source's newest data is, and whether that passes its {@code freshness:} rule
 * ({@code starling source freshness}). The newest data is {@code max(loaded_at_field)} of the staged table when the
 * source names a {@code loaded_at_field}; otherwise the newest modification time among the source's files (local
 * mtime, or the object's LastModified on S3): when the data arrived, not when Starling last loaded it, so a
 * {@code --full-refresh} does not make a stale source look fresh. Only file metadata and one aggregate query pass
 * through the JVM.
 */
public final class SourceFreshness {

    /** Test-only: an ISO-8601 instant that stands for "now" (a fixed clock), e.g. 2026-01-02T03:04:05Z. */
    public static final String NOW_VARIABLE = "STARLING_NOW";

    public enum Status {
        PASS, WARN, ERROR,
        /** The source declares no rule: its age is shown, nothing is checked. */
        NONE;

        public String label() {
            return this == NONE ? "no rule" : name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code warn_after} or {@code error_after}: {@code {count: 1, period: day}}. */
    public record Threshold(long count, String period) {
        public Duration duration() {
            return switch (period) {
                case "minute" -> Duration.ofMinutes(count);
                case "hour" -> Duration.ofHours(count);
                default -> Duration.ofDays(count);
            };
        }

        @Override
        public String toString() {
            return count + " " + period + (count == 1 ? "" : "s");
        }
    }

    /**
     * One source's freshness.
     *
     * @param latest  the newest data (null when there is none, or it could not be read: then {@code message} says why)
     * @param basis   what {@code latest} is: "loaded_at_field ts" or "newest file"
     * @param newest  the newest file's name, when the basis is files
     */
    public record Result(String id, String name, Path file, int line, String basis, Instant latest, String newest,
                         Duration age, Threshold warnAfter, Threshold errorAfter, Status status, String message) {
    }

    private static final List<String> PERIODS = List.of("minute", "hour", "day");

    private SourceFreshness() {
    }

    /** The real clock, or a fixed one when {@value #NOW_VARIABLE} is set (for tests only). */
    public static Clock clock(Function<String, String> env) {
        String now = env.apply(NOW_VARIABLE);
        if (now == null || now.isBlank()) {
            return Clock.systemUTC();
        }
        try {
            return Clock.fixed(Instant.parse(now.trim()), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw StarlingException.usage(NOW_VARIABLE + " '" + now + "' is not an ISO-8601 instant such as"
                    + " 2026-01-02T03:04:05Z (it is for tests only; unset it to use the real clock)");
        }
    }

    /** Checks every rule first (a bad rule stops before anything is read: exit 2), then measures each source. */
    public static List<Result> check(List<CompiledNode> sources, Adapter adapter, TargetConfig target, Path projectDir,
                                     Clock clock) {
        Map<String, Threshold[]> rules = new LinkedHashMap<>();
        for (CompiledNode source : sources) {
            rules.put(source.id(), rule(source));
        }
        Instant now = clock.instant();
        List<Result> out = new ArrayList<>();
        for (CompiledNode source : sources) {
            Threshold[] rule = rules.get(source.id());
            out.add(measure(source, rule[0], rule[1], adapter, now));
        }
        return out;
    }

    private static Threshold[] rule(CompiledNode source) {
        Map<String, Object> options = source.options() == null ? Map.of() : source.options();
        Object freshness = options.get("freshness");
        if (freshness == null) {
            return new Threshold[2];
        }
        Node node = source.node();
        if (!(freshness instanceof Map<?, ?> map)) {
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": freshness is a"
                    + " mapping, e.g. freshness: {warn_after: {count: 1, period: day}, error_after: {count: 3, period: day}}");
        }
        for (Object key : map.keySet()) {
            if (!List.of("warn_after", "error_after").contains(String.valueOf(key))) {
                throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": unknown key '"
                        + key + "' in freshness; it takes warn_after and error_after."
                        + Suggest.didYouMean(String.valueOf(key), List.of("warn_after", "error_after")));
            }
        }
        Threshold warn = threshold(node, "warn_after", map.get("warn_after"));
        Threshold error = threshold(node, "error_after", map.get("error_after"));
        if (warn == null && error == null) {
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": freshness needs"
                    + " warn_after and/or error_after, e.g. warn_after: {count: 1, period: day}");
        }
        return new Threshold[] {warn, error};
    }

    private static Threshold threshold(Node node, String key, Object value) {
        if (value == null) {
            return null;
        }
        String where = "source " + node.displayName() + ": freshness " + key;
        if (!(value instanceof Map<?, ?> map) || !map.containsKey("count") || !map.containsKey("period")) {
            throw StarlingException.at(node.path(), node.line(), where + " is {count: N, period: minute|hour|day},"
                    + " e.g. {count: 1, period: day}");
        }
        long count;
        try {
            count = Long.parseLong(String.valueOf(map.get("count")).trim());
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count <= 0) {
            throw StarlingException.at(node.path(), node.line(), where + " count '" + map.get("count")
                    + "' must be a whole number above 0");
        }
        String period = String.valueOf(map.get("period")).trim().toLowerCase(Locale.ROOT);
        if (!PERIODS.contains(period)) {
            throw StarlingException.at(node.path(), node.line(), where + " period '" + map.get("period")
                    + "' is not one of minute, hour, day." + Suggest.didYouMean(period, PERIODS));
        }
        return new Threshold(count, period);
    }

    private static Result measure(CompiledNode source, Threshold warn, Threshold error, Adapter adapter,
                                  Instant now) {
        Node node = source.node();
        Object field = source.options() == null ? null : source.options().get("loaded_at_field");
        String basis = field != null && !field.toString().isBlank() ? "loaded_at_field " + field : "newest file";
        Instant latest = null;
        String newest = null;
        String problem = null;
        try {
            if (field != null && !field.toString().isBlank()) {
                latest = maxLoadedAt(adapter, source, field.toString().trim());
                if (latest == null) {
                    problem = "the table has no rows with a " + field;
                }
            } else {
                String[] found = newestFile(source, adapter);
                if (found == null) {
                    problem = "no file matches " + source.node().source().pattern() + " under " + source.location();
                } else {
                    newest = found[0];
                    latest = Instant.parse(found[1]);
                }
            }
        } catch (StarlingException e) {
            problem = e.getMessage();
        }
        Duration age = latest == null ? null : Duration.between(latest, now);
        Status status;
        if (latest == null) {
            status = Status.ERROR;
        } else if (error != null && age.compareTo(error.duration()) > 0) {
            status = Status.ERROR;
        } else if (warn != null && age.compareTo(warn.duration()) > 0) {
            status = Status.WARN;
        } else if (warn == null && error == null) {
            status = Status.NONE;
        } else {
            status = Status.PASS;
        }
        return new Result(node.id(), node.displayName(), node.path(), node.line(), basis, latest, newest, age, warn,
                error, status, problem);
    }

    private static Instant maxLoadedAt(Adapter adapter, CompiledNode source, String field) {
        Node node = source.node();
        String sql = "select max(" + field + ") from " + source.relation();
        try (Session session = adapter.openSession()) {
            QueryResult result = session.query(sql, 1);
            String value = result.rows().isEmpty() ? null : result.rows().get(0).get(0);
            if (value == null) {
                return null;
            }
            Instant parsed = parseInstant(value.trim());
            if (parsed == null) {
                throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": loaded_at_field "
                        + field + " gave '" + value + "', which is neither a timestamp nor epoch milliseconds");
            }
            return parsed;
        } catch (SQLException e) {
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": cannot read"
                    + " max(" + field + ") from " + source.relation() + ": " + SqlErrors.describe(e)
                    + " (run 'starling build' first if the table does not exist yet)");
        }
    }

    /** A timestamp as the drivers print it (UTC when it has no zone), or a number of epoch milliseconds. */
    static Instant parseInstant(String text) {
        if (text.matches("-?\\d+(\\.\\d+)?")) {
            return Instant.ofEpochMilli((long) Double.parseDouble(text));
        }
        String iso = text.replace(' ', 'T');
        // "+00" (PostgreSQL's offset) is not ISO's "+00:00"
        if (iso.matches(".*[+-]\\d\\d$")) {
            iso = iso + ":00";
        }
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /**
     * {name, ISO instant} of the newest file of the source, or null when none matches: listed by the target's own
     * source loader, as a load lists them, without fetching anything (S3 objects' LastModified, local files'
     * modification times).
     */
    private static String[] newestFile(CompiledNode source, Adapter adapter) {
        Node node = source.node();
        List<SourceFile> files;
        try {
            files = adapter.sourceLoader().list(source, false);
        } catch (SourceLoader.Unlisted e) {
            throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + ": cannot list "
                    + source.location() + ": " + e.getMessage() + ". Give credentials, or set loaded_at_field.");
        }
        SourceFile best = null;
        for (SourceFile file : files) {
            if (best == null || file.modified().isAfter(best.modified())) {
                best = file;
            }
        }
        return best == null ? null : new String[] {best.path(), best.modified().toString()};
    }

    /** An age for people: {@code 2d 3h}, {@code 5h 12m}, {@code 40s}. */
    public static String describe(Duration age) {
        if (age == null) {
            return "-";
        }
        boolean negative = age.isNegative();
        Duration d = age.abs();
        String text;
        if (d.toDays() > 0) {
            text = d.toDays() + "d " + d.toHoursPart() + "h";
        } else if (d.toHours() > 0) {
            text = d.toHours() + "h " + d.toMinutesPart() + "m";
        } else if (d.toMinutes() > 0) {
            text = d.toMinutes() + "m " + d.toSecondsPart() + "s";
        } else {
            text = d.toSeconds() + "s";
        }
        return negative ? "in the future by " + text : text;
    }

    /** {@code target/sources.json}: every source checked, with its age and status. */
    public static void write(Path targetDir, String target, Instant now, List<Result> results) {
        List<Object> entries = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("unique_id", r.id());
            entry.put("name", r.name());
            entry.put("status", r.status().name().toLowerCase(Locale.ROOT));
            entry.put("basis", r.basis());
            entry.put("max_loaded_at", r.latest() == null ? null : r.latest().toString());
            entry.put("newest_file", r.newest());
            entry.put("age_seconds", r.age() == null ? null : r.age().toSeconds());
            entry.put("warn_after", r.warnAfter() == null ? null : r.warnAfter().toString());
            entry.put("error_after", r.errorAfter() == null ? null : r.errorAfter().toString());
            entry.put("message", r.message());
            entries.add(entry);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema_version", Artifacts.SCHEMA_VERSION);
        out.put("generated_at", now.toString());
        out.put("target", target);
        out.put("results", entries);
        Artifacts.write(targetDir.resolve("sources.json"), Json.write(out));
    }
}
