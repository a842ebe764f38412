package dev.starling.render;

import dev.starling.project.Column;
import dev.starling.project.Node;
import dev.starling.project.NodeKind;
import dev.starling.project.Project;
import dev.starling.project.Suggest;
import dev.starling.project.TargetConfig;
import freemarker.template.ObjectWrapper;
import freemarker.template.SimpleHash;
import freemarker.template.TemplateHashModelEx2;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import freemarker.template.TemplateSequenceModel;
import freemarker.template.utility.DeepUnwrap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the built-in macro library ({@code starling/macros/dbt_utils.ftl}) needs from Java, put in every template's
 * data model: {@code arguments(...)} (named arguments for functions), {@code columns_of(relation)} (the columns a
 * model or source declares in its YAML, for {@code star} and {@code union_relations}) and {@code adapter.quote}.
 *
 * <p>The columns come from the YAML, not the database: compiling stays read-only and needs no connection.
 */
final class MacroSupport {

    private final Project project;
    private final TargetConfig target;
    private final Dialect dialect;
    private final ObjectWrapper wrapper;
    private Map<String, Node> nodesByRelation;

    MacroSupport(Project project, TargetConfig target, Dialect dialect, ObjectWrapper wrapper) {
        this.project = project;
        this.target = target;
        this.dialect = dialect;
        this.wrapper = wrapper;
    }

    /** Adds the functions to a template's data model. */
    void addTo(SimpleHash model) {
        model.put("arguments", (TemplateMethodModelEx) this::arguments);
        model.put("columns_of", (TemplateMethodModelEx) args -> {
            if (args.isEmpty() || args.size() > 2) {
                throw new Renderer.StarlingTemplateError("columns_of() takes a relation and optionally whether its"
                        + " columns are required (default true), got " + args.size() + " arguments");
            }
            boolean required = args.size() < 2 || !"false".equals(string(args.get(1)));
            return wrapper.wrap(columnsOf(string(args.get(0)), required));
        });
        Map<String, Object> adapter = new LinkedHashMap<>();
        adapter.put("quote", (TemplateMethodModelEx) args -> {
            if (args.size() != 1) {
                throw new Renderer.StarlingTemplateError("adapter.quote() takes 1 argument, got " + args.size());
            }
            return dialect.quote(string(args.get(0)));
        });
        model.put("adapter", adapter);
    }

    /**
     * {@code arguments(function, given, names, defaults)}: the arguments of a call as a hash by name. A call
     * passes them in order ({@code f(a, b)}) or as one hash ({@code f({'b': 2, 'a': 1})}); a name the function
     * does not take, a missing required argument (one without a default) or too many are errors naming them.
     */
    private Object arguments(List<?> args) throws TemplateModelException {
        if (args.size() < 3 || args.size() > 4) {
            throw new Renderer.StarlingTemplateError("arguments() takes the function's name, its arguments, the names"
                    + " and optionally the defaults, got " + args.size() + " arguments");
        }
        String function = string(args.get(0));
        TemplateSequenceModel given = (TemplateSequenceModel) args.get(1);
        List<String> names = new ArrayList<>();
        TemplateSequenceModel nameSeq = (TemplateSequenceModel) args.get(2);
        for (int i = 0; i < nameSeq.size(); i++) {
            names.add(string(nameSeq.get(i)));
        }
        Map<String, TemplateModel> out = new LinkedHashMap<>();
        if (args.size() == 4) {
            TemplateHashModelEx2.KeyValuePairIterator defaults = ((TemplateHashModelEx2) args.get(3)).keyValuePairIterator();
            while (defaults.hasNext()) {
                TemplateHashModelEx2.KeyValuePair pair = defaults.next();
                out.put(string(pair.getKey()), pair.getValue());
            }
        }
        String usage = function + "(" + String.join(", ", names) + ")";
        if (given.size() == 1 && isNamed(given.get(0))) {
            TemplateHashModelEx2.KeyValuePairIterator named = ((TemplateHashModelEx2) given.get(0)).keyValuePairIterator();
            while (named.hasNext()) {
                TemplateHashModelEx2.KeyValuePair pair = named.next();
                String name = string(pair.getKey());
                if (!names.contains(name)) {
                    throw new Renderer.StarlingTemplateError(function + "() has no argument '" + name + "'."
                            + Suggest.didYouMean(name, names) + " It takes " + usage);
                }
                out.put(name, pair.getValue());
            }
        } else {
            if (given.size() > names.size()) {
                throw new Renderer.StarlingTemplateError(function + "() takes at most " + names.size() + " argument"
                        + (names.size() == 1 ? "" : "s") + ", got " + given.size() + ": " + usage);
            }
            for (int i = 0; i < given.size(); i++) {
                out.put(names.get(i), given.get(i));
            }
        }
        for (String name : names) {
            if (out.containsKey(name) && out.get(name) == null) {
                throw new Renderer.StarlingTemplateError(function + "(): '" + name + "' has no value (is a name in"
                        + " the call undefined? Arguments are SQL text: quote it, e.g. 'amount')");
            }
            if (!out.containsKey(name)) {
                throw new Renderer.StarlingTemplateError(function + "() needs '" + name + "': " + usage
                        + "; pass the arguments in order, or by name as one hash: " + function + "({'" + name
                        + "': ...})");
            }
        }
        SimpleHash hash = new SimpleHash(wrapper);
        out.forEach(hash::put);
        return hash;
    }

    /** A hash literal passed as the only argument is the named form (no built-in takes a hash first). */
    private static boolean isNamed(TemplateModel arg) {
        return arg instanceof TemplateHashModelEx2 && !(arg instanceof TemplateScalarModel)
                && !(arg instanceof TemplateSequenceModel);
    }

    /**
     * Each declared column as {name, data_type} ({@code data_type} empty when the YAML gives none); an error when
     * there are none, unless not required (then an empty list, e.g. for a CTE's name).
     */
    private List<Map<String, String>> columnsOf(String relation, boolean required) throws Renderer.StarlingTemplateError {
        Node node = nodeOf(relation);
        if (!required && (node == null || node.columns().isEmpty())) {
            return List.of();
        }
        if (node == null) {
            throw new Renderer.StarlingTemplateError("no model or source is built as " + relation
                    + ": star() and union_relations() read the columns a model or source declares in its YAML;"
                    + " pass ref('model') or source('name', 'table')");
        }
        if (node.columns().isEmpty()) {
            String where = node.propertiesFile() != null ? " in " + node.propertiesFile().toString().replace('\\', '/')
                    : " in a properties file (models/<name>.yml: models: [{name: " + node.name() + ", columns: [...]}])";
            throw new Renderer.StarlingTemplateError((node.kind() == NodeKind.MODEL ? "model " : "source ")
                    + node.displayName() + " declares no columns: star() and union_relations() read them from the"
                    + " YAML (compile does not ask the database). List them under columns: of '" + node.name() + "'"
                    + where);
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (Column column : node.columns()) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("name", column.name());
            entry.put("data_type", column.type() == null ? "" : column.type());
            out.add(entry);
        }
        return out;
    }

    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"]|\"\")*)\"");

    private synchronized Node nodeOf(String relation) {
        if (nodesByRelation == null) {
            nodesByRelation = new HashMap<>();
            for (Node node : project.all()) {
                if (node.kind() == NodeKind.MODEL || node.kind() == NodeKind.SOURCE) {
                    nodesByRelation.put(dialect.relation(target.schema(), node.name()), node);
                }
            }
        }
        Node node = nodesByRelation.get(relation.trim());
        if (node == null) {
            Matcher bare = QUOTED.matcher(relation.trim());
            String name = bare.matches() ? bare.group(1) : relation.trim();
            node = nodesByRelation.get(dialect.relation(target.schema(), name));
        }
        return node;
    }

    /** A call written as dbt's {@code f(name=value, ...)}: FreeMarker reads {@code name=value} as a comparison. */
    private static final Pattern KEYWORD_CALL = Pattern.compile(
            "([A-Za-z_][A-Za-z0-9_]*)\\s*\\((?:[^()]*?,)?\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*==?[^=]");

    /** When a failed template call looks like {@code f(name=value)}: how to write it; else null. */
    static String keywordArgumentHint(freemarker.template.TemplateException e) {
        String stack = e.getFTLInstructionStack();
        Matcher call = KEYWORD_CALL.matcher(stack == null ? "" : stack);
        if (!call.find()) {
            return null;
        }
        boolean undefinedName = e instanceof freemarker.core.InvalidReferenceException
                && call.group(2).equals(e.getBlamedExpressionString());
        String message = String.valueOf(e.getMessageWithoutStackTop());
        if (!undefinedName && !message.contains("equality") && !message.contains("compar")) {
            return null;
        }
        return "functions take no name=value arguments (FreeMarker reads " + call.group(2) + "=... as a comparison);"
                + " pass them in order, or by name as one hash: " + call.group(1) + "({'" + call.group(2) + "': ...})";
    }

    private static String string(Object arg) throws TemplateModelException {
        if (arg instanceof TemplateScalarModel scalar) {
            return scalar.getAsString();
        }
        return String.valueOf(DeepUnwrap.unwrap((TemplateModel) arg));
    }
}
