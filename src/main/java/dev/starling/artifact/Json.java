package dev.starling.artifact;

import java.util.Collection;
import java.util.Map;

/** A small JSON writer for Starling's own artifacts (maps, lists, strings, numbers, booleans, null). */
public final class Json {

    private Json() {
    }

    /** A JSON file as Starling writes it, read with the YAML parser (JSON is YAML); null when missing or not an object. */
    public static Map<String, Object> read(java.nio.file.Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            return null;
        }
        try {
            return readText(java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** JSON text read with the YAML parser (JSON is YAML); null when it is not an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readText(String text) {
        org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        Object value = new org.yaml.snakeyaml.Yaml(options).load(text);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.append('\n').toString();
    }

    /** On one line, with no spaces: for large data the docs site reads as a script. */
    public static String writeCompact(Object value) {
        StringBuilder out = new StringBuilder();
        compact(value, out);
        return out.toString();
    }

    private static void compact(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (i++ > 0) {
                    out.append(',');
                }
                string(String.valueOf(entry.getKey()), out);
                out.append(':');
                compact(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            int i = 0;
            for (Object item : list) {
                if (i++ > 0) {
                    out.append(',');
                }
                compact(item, out);
            }
            out.append(']');
        } else {
            write(value, out, 0);
        }
    }

    private static void write(Object value, StringBuilder out, int indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            string(text, out);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                pad(out, indent + 2);
                string(String.valueOf(entry.getKey()), out);
                out.append(": ");
                write(entry.getValue(), out, indent + 2);
                out.append(++i < map.size() ? ",\n" : "\n");
            }
            pad(out, indent);
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            int i = 0;
            for (Object item : list) {
                pad(out, indent + 2);
                write(item, out, indent + 2);
                out.append(++i < list.size() ? ",\n" : "\n");
            }
            pad(out, indent);
            out.append(']');
        } else {
            string(value.toString(), out);
        }
    }

    private static void pad(StringBuilder out, int n) {
        out.append(" ".repeat(n));
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
