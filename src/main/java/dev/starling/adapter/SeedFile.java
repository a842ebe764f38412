package dev.starling.adapter;

import dev.starling.StarlingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A seed's CSV file as an adapter loads it: RFC 4180 as dbt reads seeds (a header row, fields quoted with
 * {@code "}, a doubled {@code ""} inside quotes, the delimiter of the seed's config, an empty field is NULL).
 * Engines that read CSV themselves (DuckDB) get only the path; this class reads the file in the JVM only where
 * the engine cannot: the header (to check {@code column_types}), a sample (to choose column types for a
 * {@code CREATE TABLE}), the rows of a small seed sent as INSERTs, and, after a load failed, the first malformed
 * record (to name its line).
 *
 * @param name        the seed's name (its table)
 * @param file        the CSV file, absolute
 * @param shown       the file relative to the project, for messages
 * @param delimiter   the field delimiter
 * @param columnTypes types set in YAML by column name (used as written)
 */
public record SeedFile(String name, Path file, Path shown, char delimiter, Map<String, String> columnTypes) {

    /** The kinds of column a seed's values are inferred as, in the order of the checks (first that fits all). */
    public enum Kind { INTEGER, DECIMAL, DATE, TIMESTAMP, BOOLEAN, TEXT }

    /** One record of the file: its fields (null for an empty field) and the line it starts on (1-based). */
    public record Row(int line, List<String> fields) {
    }

    /** A record that does not read: its line and what is wrong. */
    public static final class Malformed extends RuntimeException {
        public final int line;

        Malformed(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    /** The header's column names. */
    public List<String> header() {
        List<String> out = new ArrayList<>();
        read(row -> {
            if (out.isEmpty()) {
                out.addAll(row.fields());
                throw new Stop();
            }
        });
        if (out.isEmpty()) {
            throw StarlingException.at(shown, 1, "the seed file is empty; its first line must name the columns");
        }
        return out;
    }

    /** Reads every record after the header; throws {@link Malformed} at the first that does not read. */
    public void rows(Consumer<Row> each) {
        int[] columns = {-1};
        read(row -> {
            if (columns[0] < 0) {
                columns[0] = row.fields().size();
                return;
            }
            if (row.fields().size() != columns[0]) {
                throw new Malformed(row.line(), "has " + row.fields().size() + " field" + (row.fields().size() == 1
                        ? "" : "s") + " but the header has " + columns[0]);
            }
            each.accept(row);
        });
    }

    /** The first record that does not read, as a project error naming its line; null when the whole file reads. */
    public StarlingException firstProblem() {
        try {
            rows(row -> { });
            return null;
        } catch (Malformed m) {
            return problem(m);
        }
    }

    /** A malformed record as a project error: file, line, what is wrong and what to do. */
    public StarlingException problem(Malformed m) {
        return StarlingException.at(shown, m.line, "malformed CSV: the record " + m.getMessage() + ". Quote a field"
                + " that contains the delimiter '" + printable(delimiter) + "', a quote or a line break with \"...\""
                + " (a quote inside is written \"\"), or set the seed's delimiter (config: {delimiter: ...}).");
    }

    /**
     * The kind of each column from the first {@code sampleRows} records (all of them when negative): the first of
     * integer, decimal, date, timestamp, boolean that every non-empty value fits, else text.
     */
    public List<Kind> inferKinds(int sampleRows) {
        List<String> header = header();
        List<Kind> kinds = new ArrayList<>();
        header.forEach(h -> kinds.add(null));
        int[] seen = {0};
        try {
            rows(row -> {
                if (sampleRows >= 0 && seen[0]++ >= sampleRows) {
                    throw new Stop();
                }
                for (int i = 0; i < kinds.size(); i++) {
                    kinds.set(i, widen(kinds.get(i), row.fields().get(i)));
                }
            });
        } catch (Malformed m) {
            throw problem(m);
        }
        kinds.replaceAll(k -> k == null ? Kind.TEXT : k);
        return kinds;
    }

    /** The columns with their types: {@code column_types} where set, else {@code typeOf} the inferred kind. */
    public Map<String, String> columns(int sampleRows, java.util.function.Function<Kind, String> typeOf) {
        List<String> header = header();
        List<Kind> kinds = inferKinds(sampleRows);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String set = columnTypes.get(header.get(i));
            out.put(header.get(i), set != null ? set : typeOf.apply(kinds.get(i)));
        }
        return out;
    }

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?");
    private static final Pattern BOOLEAN = Pattern.compile("(?i)true|false");

    private static Kind widen(Kind before, String value) {
        if (value == null) {
            return before;
        }
        for (Kind k : Kind.values()) {
            if (before != null && k.ordinal() < before.ordinal()) {
                continue;
            }
            if (fits(k, value) && (before == null || before == k || compatible(before, k))) {
                return k;
            }
        }
        return Kind.TEXT;
    }

    /** Integers widen to decimals; every other mix is text. */
    private static boolean compatible(Kind before, Kind now) {
        return before == Kind.INTEGER && now == Kind.DECIMAL;
    }

    private static boolean fits(Kind kind, String value) {
        return switch (kind) {
            case INTEGER -> INTEGER.matcher(value).matches();
            case DECIMAL -> DECIMAL.matcher(value).matches();
            case DATE -> DATE.matcher(value).matches();
            case TIMESTAMP -> TIMESTAMP.matcher(value).matches();
            case BOOLEAN -> BOOLEAN.matcher(value).matches();
            case TEXT -> true;
        };
    }

    private static String printable(char c) {
        return c == '\t' ? "\\t" : String.valueOf(c);
    }

    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    /** Parses the file record by record; a quote left open at the end is malformed at the line it opened. */
    private void read(Consumer<Row> each) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean inQuotes = false;
            boolean afterQuote = false;
            boolean any = false;
            int line = 1;
            int recordLine = 1;
            int quoteLine = 0;
            int c;
            boolean first = true;
            while ((c = in.read()) != -1) {
                if (first && c == '\uFEFF') {
                    first = false;
                    continue;
                }
                first = false;
                if (inQuotes) {
                    if (c == '"') {
                        inQuotes = false;
                        afterQuote = true;
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append((char) c);
                    }
                    continue;
                }
                if (c == '"') {
                    if (afterQuote) { // "" inside a quoted field
                        field.append('"');
                        inQuotes = true;
                        afterQuote = false;
                    } else if (field.length() == 0 && !quoted) {
                        inQuotes = true;
                        quoted = true;
                        quoteLine = line;
                    } else {
                        throw new Malformed(line, "has a quote inside an unquoted field ('" + field + "\"...')");
                    }
                    any = true;
                    continue;
                }
                if (c == delimiter) {
                    fields.add(value(field, quoted));
                    field.setLength(0);
                    quoted = false;
                    afterQuote = false;
                    any = true;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r') {
                        in.mark(1);
                        if (in.read() != '\n') {
                            in.reset();
                        }
                    }
                    if (any || field.length() > 0) {
                        fields.add(value(field, quoted));
                        each.accept(new Row(recordLine, nullable(fields)));
                    }
                    fields.clear();
                    field.setLength(0);
                    quoted = false;
                    afterQuote = false;
                    any = false;
                    line++;
                    recordLine = line;
                } else {
                    if (afterQuote) {
                        throw new Malformed(line, "has text after a closing quote ('\"" + field + "\"" + (char) c
                                + "...')");
                    }
                    field.append((char) c);
                    any = true;
                }
            }
            if (inQuotes) {
                throw new Malformed(quoteLine, "opens a quote that is never closed");
            }
            if (any || field.length() > 0) {
                fields.add(value(field, quoted));
                each.accept(new Row(recordLine, nullable(fields)));
            }
        } catch (Stop stop) {
            // the reader has what it wanted
        } catch (IOException e) {
            throw StarlingException.at(shown, 0, "cannot read the seed file: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw StarlingException.at(shown, 0, "cannot read the seed file: " + e.getCause().getMessage());
        }
    }

    private static final String NULL = "\u0000null";

    /** An empty field, quoted or not, is NULL (as dbt's seeds). */
    private static String value(StringBuilder field, boolean quoted) {
        return field.length() == 0 ? NULL : field.toString();
    }

    private static List<String> nullable(List<String> fields) {
        List<String> out = new ArrayList<>(fields.size());
        fields.forEach(f -> out.add(f.equals(NULL) ? null : f));
        return java.util.Collections.unmodifiableList(out);
    }
}
