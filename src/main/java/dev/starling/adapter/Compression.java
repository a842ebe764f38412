package dev.starling.adapter;

import dev.starling.StarlingException;
import dev.starling.project.Node;
import dev.starling.render.CompiledNode;
import java.util.Locale;

/**
 * How a source's files are compressed, from its {@code compression:} key: {@code auto} (default: a file whose name
 * ends in {@code .gz} is gzip, any other is plain), {@code gzip} (every file) or {@code none} (every file is read as
 * it is, whatever its name).
 */
public enum Compression {
    AUTO, GZIP, NONE;

    /** The source's compression (its rendered {@code compression:} option); a project error for any other word. */
    public static Compression of(CompiledNode source) {
        Object value = source.options() == null ? null : source.options().get("compression");
        if (value == null || value.toString().isBlank()) {
            return AUTO;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        for (Compression compression : values()) {
            if (compression.name().toLowerCase(Locale.ROOT).equals(text)) {
                return compression;
            }
        }
        Node node = source.node();
        throw StarlingException.at(node.path(), node.line(), "source " + node.displayName() + " has compression '"
                + value + "'; use auto (a name ending in .gz is gzip), gzip or none");
    }

    /** Whether the file named {@code name} is read as gzip. */
    public boolean gzip(String name) {
        return this == GZIP || (this == AUTO && name.toLowerCase(Locale.ROOT).endsWith(".gz"));
    }
}
