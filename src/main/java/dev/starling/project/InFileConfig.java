package dev.starling.project;

import dev.starling.StarlingException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.SimpleHash;
import freemarker.template.Template;
import freemarker.template.TemplateDirectiveModel;
import freemarker.template.TemplateException;
import freemarker.template.TemplateModel;
import freemarker.template.utility.DeepUnwrap;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The in-file config form, Starling's spelling of dbt's {@code {{ config(materialized='view') }}}: a call of the
 * {@code config} macro anywhere in a model or snapshot file, {@code <@config materialized="view" schema="marts"/>}.
 * It is read when the project loads, so {@code compile}, {@code ls} and planning see it; when the template renders,
 * the macro prints nothing (it is defined empty in {@code starling/macros/default.ftl}), so the SQL is unchanged.
 * Its arguments are FreeMarker literals: strings, numbers, booleans and lists ({@code unique_key=["a", "b"]}).
 */
final class InFileConfig {

    private static final Configuration CFG = new Configuration(Configuration.VERSION_2_3_34);

    static {
        CFG.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        CFG.setAPIBuiltinEnabled(false);
        CFG.setLogTemplateExceptions(false);
        CFG.setInterpolationSyntax(Configuration.DOLLAR_INTERPOLATION_SYNTAX);
    }

    private InFileConfig() {
    }

    /** The keys set by the {@code <@config .../>} calls of {@code text} (a later call overrides an earlier one). */
    static Map<String, FolderConfig.Value> read(Path file, String text, YamlSchema.Obj keys) {
        Map<String, FolderConfig.Value> out = new LinkedHashMap<>();
        for (int at = text.indexOf("<@config"); at >= 0; at = text.indexOf("<@config", at + 1)) {
            int after = at + "<@config".length();
            if (after < text.length() && !Character.isWhitespace(text.charAt(after)) && text.charAt(after) != '/'
                    && text.charAt(after) != '>') {
                continue; // <@config_something: another macro
            }
            int line = 1 + (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
            int end = tagEnd(text, after);
            if (end < 0) {
                throw StarlingException.at(file, line, "<@config is not closed; write it as <@config materialized=\"view\"/>");
            }
            readCall(file, line, text.substring(at, end), keys, out);
        }
        return out;
    }

    /** The index just past the call's {@code />} (or {@code ></@config>}), skipping quoted text; -1 if none. */
    private static int tagEnd(String text, int from) {
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '>') {
                return i + 2;
            } else if (c == '>') {
                int close = text.indexOf("</@config>", i);
                return close < 0 ? -1 : close + "</@config>".length();
            }
        }
        return -1;
    }

    private static void readCall(Path file, int line, String call, YamlSchema.Obj keys,
                                 Map<String, FolderConfig.Value> out) {
        Map<String, Object> seen = new LinkedHashMap<>();
        SimpleHash model = new SimpleHash(CFG.getObjectWrapper());
        model.put("config", (TemplateDirectiveModel) (env, params, loopVars, body) -> {
            for (Object entry : params.entrySet()) {
                Map.Entry<?, ?> param = (Map.Entry<?, ?>) entry;
                seen.put(param.getKey().toString(), DeepUnwrap.unwrap((TemplateModel) param.getValue()));
            }
        });
        try {
            new Template(file.toString(), new StringReader(call), CFG).process(model, new StringWriter());
        } catch (TemplateException | IOException | RuntimeException e) {
            String message = e instanceof TemplateException te ? te.getMessageWithoutStackTop() : e.getMessage();
            throw StarlingException.at(file, line, "cannot read <@config .../>: "
                    + String.valueOf(message).lines().findFirst().orElse("").trim()
                    + ". Its arguments are literals: materialized=\"view\", unique_key=[\"a\", \"b\"], enabled=false.");
        }
        seen.forEach((key, value) -> {
            if (keys.shapeOf(key) == null) {
                throw StarlingException.at(file, line, "unknown config key '" + key + "' in <@config .../>."
                        + Suggest.didYouMean(key, keys.keys()) + " Known keys: "
                        + String.join(", ", new TreeSet<>(keys.keys())) + ".");
            }
            out.put(key, new FolderConfig.Value(value instanceof List<?> list ? List.copyOf(list) : value, file, line));
        });
    }
}
