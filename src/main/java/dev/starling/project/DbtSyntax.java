package dev.starling.project;

import dev.starling.StarlingException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds dbt's Jinja ({@code {{ ... }}}, {@code {% ... %}}, {@code {# ... #}}) in a template, outside SQL string
 * literals, quoted names and comments (SQL's and FreeMarker's), and reports it as a project error with the FreeMarker form to write instead. Without this
 * check, {@code {{ ref('x') }}} would load with no dependency and fail late as an engine parse error.
 */
public final class DbtSyntax {

    private static final String README = "README's \"Coming from dbt\" table";

    private DbtSyntax() {
    }

    /** The message for a dbt project folder (dbt_project.yml, no project.yml): what to rename, and where. */
    public static String dbtProject(Path folder) {
        return "no " + ProjectConfig.FILE_NAME + " in " + folder + ", but a dbt_project.yml: this looks like a dbt"
                + " project. Rename dbt_project.yml to " + ProjectConfig.FILE_NAME + " (name, model-paths, test-paths,"
                + " macro-paths, vars and target-path keep their meaning), move the outputs of your profiles.yml"
                + " into it under 'targets:' (with 'target:' naming the default), and rewrite Jinja as FreeMarker;"
                + " the " + README + " lists each dbt construct and its Starling form.";
    }

    /** Throws a project error at the first Jinja construct in {@code text} (the file's contents). */
    public static void check(Path file, String text) {
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (c == '\'' || c == '"') { // a SQL string or quoted name: a doubled quote is an escaped one
                int end = i + 1;
                while (end < n && !(text.charAt(end) == c && (end + 1 >= n || text.charAt(end + 1) != c))) {
                    end += text.charAt(end) == c ? 2 : 1;
                }
                line += count(text, i, Math.min(end + 1, n));
                i = end + 1;
            } else if (text.startsWith("--", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (text.startsWith("/*", i) || text.startsWith("<#--", i)) {
                String close = c == '/' ? "*/" : "-->";
                int end = text.indexOf(close, i + 2);
                end = end < 0 ? n : end + close.length();
                line += count(text, i, end);
                i = end;
            } else if (c == '{' && i + 1 < n && "{%#".indexOf(text.charAt(i + 1)) >= 0) {
                char open = text.charAt(i + 1);
                String close = open == '{' ? "}}" : open + "}";
                int end = text.indexOf(close, i + 2);
                String inner = text.substring(i + 2, end < 0 ? Math.min(n, i + 80) : end);
                throw StarlingException.at(file, line, "dbt's Jinja syntax " + shown(open, inner)
                        + " is not Starling's: templates are FreeMarker. Write " + translation(open, inner)
                        + " (see the " + README + ").");
            } else {
                i++;
            }
        }
    }

    private static int count(String text, int from, int to) {
        int lines = 0;
        for (int k = from; k < to; k++) {
            if (text.charAt(k) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static String shown(char open, String inner) {
        String close = open == '{' ? "}}" : open + "}";
        return "'{" + open + " " + clean(inner) + " " + close + "'";
    }

    /** The inside of a tag without Jinja's whitespace control ({@code {%- ... -%}}) and runs of spaces. */
    private static String clean(String inner) {
        String s = inner.strip();
        if (s.startsWith("-") || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.endsWith("-") || s.endsWith("+")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.strip().replaceAll("\\s+", " ");
    }

    private static final Pattern CONFIG = Pattern.compile("config\\s*\\((.*)\\)", Pattern.DOTALL);
    private static final Pattern KEYWORD = Pattern.compile("(\\w+)\\s*=\\s*('[^']*'|\"[^\"]*\"|[^,]+)");
    private static final Pattern SET = Pattern.compile("set\\s+(\\w+)\\s*=\\s*(.+)", Pattern.DOTALL);
    private static final Pattern FOR = Pattern.compile("for\\s+([\\w, ]+?)\\s+in\\s+(.+)", Pattern.DOTALL);
    private static final Pattern IF = Pattern.compile("(el)?if\\s+(.+)", Pattern.DOTALL);
    private static final Pattern MACRO = Pattern.compile("macro\\s+(\\w+)\\s*\\((.*)\\)", Pattern.DOTALL);
    private static final Pattern TEST = Pattern.compile("test\\s+(\\w+)\\s*\\(.*", Pattern.DOTALL);

    /** The FreeMarker form of one Jinja construct. */
    static String translation(char open, String inner) {
        String s = clean(inner);
        if (open == '#') {
            return "'<#-- " + s + " -->' (a FreeMarker comment), or a SQL comment";
        }
        if (open == '{') {
            Matcher config = CONFIG.matcher(s);
            if (config.matches()) {
                StringBuilder out = new StringBuilder("<@config");
                Matcher kw = KEYWORD.matcher(config.group(1));
                while (kw.find()) {
                    String value = kw.group(2).strip();
                    if (value.startsWith("'") && value.endsWith("'") && value.length() > 1) {
                        value = "\"" + value.substring(1, value.length() - 1) + "\"";
                    }
                    out.append(' ').append(kw.group(1)).append('=').append(value);
                }
                return "'" + out.append("/>'").append(" (the in-file config), or the model's config: in its properties"
                        + " YAML");
            }
            if (s.startsWith("is_incremental()")) {
                return "'${is_incremental()?c}' in a value, or '<#if is_incremental()> ... </#if>' around SQL";
            }
            return "'${" + s.replace(" | ", "?").replaceAll("\\s*\\|\\s*", "?") + "}'";
        }
        Matcher m;
        if ((m = SET.matcher(s)).matches()) {
            return "'<#assign " + m.group(1) + " = " + m.group(2).strip() + ">'";
        }
        if ((m = FOR.matcher(s)).matches()) {
            return "'<#list " + m.group(2).strip() + " as " + m.group(1).strip() + "> ... </#list>' (loop.last is"
                    + " x?has_next negated, loop.index is x?counter)";
        }
        if ((m = IF.matcher(s)).matches()) {
            return m.group(1) != null ? "'<#elseif " + m.group(2).strip() + ">'"
                    : "'<#if " + m.group(2).strip() + "> ... </#if>'";
        }
        if ((m = MACRO.matcher(s)).matches()) {
            return "'<#function " + m.group(1) + " " + m.group(2).replace(",", "").strip() + "> ... <#return ...>"
                    + "</#function>' in macros/" + m.group(1) + ".ftl";
        }
        if ((m = TEST.matcher(s)).matches()) {
            return "a generic test as tests/generic/" + m.group(1) + ".sql (a query over ${model} and ${column_name}"
                    + " that returns the failing rows)";
        }
        return switch (s.split("\\s+")[0]) {
            case "else" -> "'<#else>'";
            case "endif" -> "'</#if>'";
            case "endfor" -> "'</#list>'";
            case "endmacro" -> "'</#function>'";
            case "endset" -> "'</#assign>'";
            case "do" -> "'<#assign ...>' (FreeMarker has no do; build a new value instead)";
            default -> "the FreeMarker directive ('<#...>') for it";
        };
    }
}
