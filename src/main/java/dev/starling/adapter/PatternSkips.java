package dev.starling.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files under a source's location that its pattern does not match, counted by kind, for the load line:
 * {@code 2 files skipped by pattern '**}{@code /*.json' (2 .json.gz)}.
 *
 * @param pattern the source's pattern
 * @param count   files skipped
 * @param kinds   how many of each kind (the file name's extension, with a compression extension the one before it
 *                too: {@code .json.gz}), in name order
 */
public record PatternSkips(String pattern, int count, Map<String, Integer> kinds) {

    private static final List<String> COMPRESSION = List.of("gz", "bz2", "zst", "lzo", "zip");
    /** How many kinds the line names; the rest are "other". */
    private static final int KINDS_SHOWN = 3;

    /** The skipped files named {@code names} (paths or keys), or null when there are none. */
    public static PatternSkips of(String pattern, List<String> names) {
        if (names.isEmpty()) {
            return null;
        }
        Map<String, Integer> kinds = new TreeMap<>();
        names.forEach(name -> kinds.merge(kind(name), 1, Integer::sum));
        return new PatternSkips(pattern, names.size(), kinds);
    }

    /** {@code .json.gz}, {@code .txt}, or {@code no extension}; from the last part of a path. */
    static String kind(String name) {
        String file = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        String[] parts = file.split("\\.", -1);
        if (parts.length < 2 || (parts.length == 2 && parts[0].isEmpty())) {
            return file.startsWith(".") ? file : "no extension";
        }
        String last = parts[parts.length - 1].toLowerCase(Locale.ROOT);
        if (COMPRESSION.contains(last) && parts.length >= 3 && !(parts.length == 3 && parts[0].isEmpty())) {
            return "." + parts[parts.length - 2] + "." + parts[parts.length - 1];
        }
        return "." + parts[parts.length - 1];
    }

    /** {@code 2 files skipped by pattern '**}{@code /*.json' (2 .json.gz)}. */
    public String text() {
        List<String> each = new ArrayList<>();
        int other = 0;
        for (Map.Entry<String, Integer> kind : kinds.entrySet()) {
            if (each.size() < KINDS_SHOWN) {
                each.add(kind.getValue() + " " + kind.getKey());
            } else {
                other += kind.getValue();
            }
        }
        if (other > 0) {
            each.add(other + " other");
        }
        return String.format(Locale.ROOT, "%,d file%s skipped by pattern '%s' (%s)", count, count == 1 ? "" : "s",
                pattern, String.join(", ", each));
    }
}
