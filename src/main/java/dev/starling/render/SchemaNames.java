package dev.starling.render;

import dev.starling.StarlingException;
import dev.starling.project.Node;
import dev.starling.project.NodeKind;
import dev.starling.project.Project;
import dev.starling.project.TargetConfig;
import freemarker.template.Configuration;
import freemarker.template.SimpleHash;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which schema a node builds in. A model or snapshot without a {@code schema} config builds in the target's schema;
 * with {@code schema: marts} it builds in {@code <target schema>_marts}, dbt's default naming. A project changes
 * the rule by defining, in one of its {@code macros/*.ftl}, the function dbt users know:
 * <pre>
 * &lt;#function generate_schema_name custom_schema_name node&gt;
 *   &lt;#return (custom_schema_name == "")?then(target.schema, custom_schema_name)&gt;
 * &lt;/#function&gt;
 * </pre>
 * {@code custom_schema_name} is "" when the node sets none; {@code node} has {@code name}, {@code resource_type}
 * (model, snapshot), {@code path}, {@code tags} and {@code config}; {@code target} is in scope as in templates. A
 * source's {@code schema:} is where its table is, as written.
 */
final class SchemaNames {

    static final String MACRO = "generate_schema_name";
    private static final Pattern DEFINES = Pattern.compile("<#function\\s+" + MACRO + "\\b");

    private final TargetConfig target;
    private final Configuration cfg;
    private final Path macroFile;
    private final Map<String, String> byNode = new ConcurrentHashMap<>();

    SchemaNames(Project project, TargetConfig target, Configuration cfg) {
        this.target = target;
        this.cfg = cfg;
        this.macroFile = definingFile(project);
    }

    private static Path definingFile(Project project) {
        Path found = null;
        for (Path macro : project.macroFiles()) {
            try {
                if (DEFINES.matcher(Files.readString(project.dir().resolve(macro))).find()) {
                    found = macro; // the last one wins, as FreeMarker's includes do
                }
            } catch (IOException e) {
                throw StarlingException.at(macro, 0, "cannot read: " + e.getMessage());
            }
        }
        return found;
    }

    String of(Node node) {
        if (node.kind() == NodeKind.SOURCE) {
            String own = node.customSchema();
            return own != null ? own : target.schema();
        }
        if (node.kind() != NodeKind.MODEL && node.kind() != NodeKind.SNAPSHOT) {
            return target.schema();
        }
        return byNode.computeIfAbsent(node.id(), id -> generate(node));
    }

    private String generate(Node node) {
        String custom = node.customSchema();
        if (macroFile == null) {
            return custom == null ? target.schema() : target.schema() + "_" + custom;
        }
        SimpleHash model = new SimpleHash(cfg.getObjectWrapper());
        Map<String, Object> targetInfo = new LinkedHashMap<>();
        targetInfo.put("name", target.name());
        targetInfo.put("type", target.type());
        targetInfo.put("schema", target.schema());
        model.put("target", targetInfo);
        model.put("custom_schema_name", custom == null ? "" : custom);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", node.name());
        info.put("resource_type", node.kind().label);
        info.put("path", node.path().toString().replace('\\', '/'));
        info.put("tags", List.copyOf(node.tags()));
        info.put("config", node.config());
        model.put("node", info);
        StringWriter out = new StringWriter();
        try {
            new Template("<" + MACRO + ">", new StringReader("${" + MACRO + "(custom_schema_name, node)}"), cfg)
                    .process(model, out);
        } catch (TemplateException | IOException e) {
            throw StarlingException.at(macroFile, 0, MACRO + " failed for " + node.name() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        String schema = out.toString().trim();
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
            throw StarlingException.at(macroFile, 0, MACRO + " returned '" + schema + "' for " + node.name()
                    + ", which is not a plain schema name (letters, digits, _)");
        }
        return schema;
    }
}
