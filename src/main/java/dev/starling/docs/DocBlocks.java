package dev.starling.docs;

import dev.starling.StarlingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Docs blocks: Markdown kept in {@code .md} files beside the models, between {@code {% docs name %}} and
 * {@code {% enddocs %}}, and used in a YAML description as {@code doc("name")} (or {@code doc('name')}), alone or
 * within other text. Text outside blocks is ignored, so a {@code .md} file can also be read as it is.
 */
public final class DocBlocks {

    private static final Pattern BLOCK = Pattern.compile("\\{%-?\\s*docs\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*-?%}(.*?)\\{%-?\\s*enddocs\\s*-?%}",
            Pattern.DOTALL);
    private static final Pattern OPEN = Pattern.compile("\\{%-?\\s*docs\\b");
    /** {@code doc("name")}, optionally inside {@code {{ }}} as dbt writes it. */
    static final Pattern REFERENCE = Pattern.compile("(?:\\{\\{\\s*)?doc\\(\\s*[\"']([A-Za-z_][A-Za-z0-9_]*)[\"']\\s*\\)(?:\\s*}})?");

    /** A block: its Markdown, and where it is written. */
    public record Block(String name, String markdown, Path file, int line) {
    }

    private final Map<String, Block> blocks;

    private DocBlocks(Map<String, Block> blocks) {
        this.blocks = blocks;
    }

    public Map<String, Block> blocks() {
        return blocks;
    }

    /** Reads every {@code .md} file under the given project folders (paths relative to {@code projectDir}). */
    public static DocBlocks read(Path projectDir, List<String> folders) {
        Map<String, Block> blocks = new LinkedHashMap<>();
        for (String folder : folders) {
            Path root = projectDir.resolve(folder);
            if (!Files.isDirectory(root)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".md")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Path file : files) {
                Path relative = projectDir.relativize(file);
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw StarlingException.at(relative, 0, "cannot read: " + e.getMessage());
                }
                parse(text, relative, blocks);
            }
        }
        return new DocBlocks(blocks);
    }

    static void parse(String text, Path file, Map<String, Block> into) {
        Matcher m = BLOCK.matcher(text);
        int end = 0;
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            String name = m.group(1);
            int line = lineOf(text, m.start());
            Block existing = into.get(name);
            if (existing != null) {
                throw StarlingException.at(file, line, "docs block '" + name + "' is defined twice (also in "
                        + existing.file() + ":" + existing.line() + "). Rename one.");
            }
            into.put(name, new Block(name, strip(m.group(2)), file, line));
            spans.add(new int[] {m.start(), m.end()});
            end = m.end();
        }
        // an opening tag that no block matched has no {% enddocs %}
        Matcher open = OPEN.matcher(text);
        while (open.find()) {
            int at = open.start();
            boolean inBlock = spans.stream().anyMatch(s -> at >= s[0] && at < s[1]);
            if (!inBlock) {
                throw StarlingException.at(file, lineOf(text, at), "a docs block opened here has no {% enddocs %}"
                        + " (a block is {% docs name %} Markdown {% enddocs %}; names are letters, digits and _)");
            }
        }
    }

    private static String strip(String markdown) {
        return markdown.replaceAll("^\\s*\\n", "").stripTrailing();
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * A description with each {@code doc("name")} replaced by that block's Markdown. An unknown name is a project
     * error naming {@code file} (the YAML file of the description) and the blocks that exist.
     */
    public String resolve(String description, Path file, int line, String what) {
        if (description == null || description.isEmpty() || !description.contains("doc(")) {
            return description == null ? "" : description;
        }
        Matcher m = REFERENCE.matcher(description);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Block block = blocks.get(m.group(1));
            if (block == null) {
                throw StarlingException.at(file, line, "the description of " + what + " uses doc('" + m.group(1)
                        + "'), but no .md file has a {% docs " + m.group(1) + " %} block."
                        + dev.starling.project.Suggest.didYouMean(m.group(1), blocks.keySet()));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(block.markdown()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
