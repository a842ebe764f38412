package dev.starling.cli;

import dev.starling.adapter.QueryResult;
import java.util.ArrayList;
import java.util.List;

/** Prints query rows as an aligned text table; numbers right-aligned, NULL shown as NULL. */
final class TablePrinter {

    private TablePrinter() {
    }

    static List<String> lines(QueryResult result) {
        int n = result.columns().size();
        int[] widths = new int[n];
        for (int i = 0; i < n; i++) {
            widths[i] = width(result.columns().get(i));
        }
        for (List<String> row : result.rows()) {
            for (int i = 0; i < n; i++) {
                widths[i] = Math.max(widths[i], width(cell(row.get(i))));
            }
        }
        List<String> out = new ArrayList<>();
        out.add(row(result.columns(), widths, result.numeric()));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.add(rule.toString());
        for (List<String> row : result.rows()) {
            out.add(row(row.stream().map(TablePrinter::cell).toList(), widths, result.numeric()));
        }
        return out;
    }

    private static String cell(String value) {
        return value == null ? "NULL" : value.replace("\n", "\\n").replace("\t", " ");
    }

    private static String row(List<String> cells, int[] widths, List<Boolean> numeric) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String text = cells.get(i);
            String padding = " ".repeat(widths[i] - width(text));
            out.append(i == 0 ? "" : " | ");
            out.append(numeric.get(i) ? padding + text : text + (i == cells.size() - 1 ? "" : padding));
        }
        return out.toString();
    }

    /** Display width: East Asian wide characters take two columns, combining marks none. */
    static int width(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
                continue;
            }
            boolean wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                    || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                    || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD);
            width += wide ? 2 : 1;
        }
        return width;
    }
}
