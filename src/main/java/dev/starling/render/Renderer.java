package dev.starling.render;

import dev.starling.StarlingException;
import dev.starling.project.Node;
import dev.starling.project.NodeKind;
import dev.starling.project.Project;
import dev.starling.project.SourceSpec;
import dev.starling.project.Suggest;
import dev.starling.project.TargetConfig;
import dev.starling.project.TestSpec;
import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.InvalidReferenceException;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.ObjectWrapper;
import freemarker.template.SimpleHash;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import freemarker.template.utility.DeepUnwrap;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the project's FreeMarker SQL templates for one target.
 *
 * <p>Rendering is a single pass: every model and source name is known once the project is loaded, so
 * {@code ref('song')} both records the dependency and returns the quoted relation ({@code "main"."song"}).
 * Templates run sandboxed: no {@code ?new}, no {@code ?api}, no access to Java classes or statics.
 */
public final class Renderer {

    private static final String MACROS = "starling/macros/";
    /** The option of a compiled snapshot that holds its snapshot time (ISO-8601, UTC). */
    public static final String SNAPSHOT_TIME = "snapshot_time";
    /** The environment variable that fixes the snapshot time (tests, replays): an ISO-8601 instant. */
    public static final String SNAPSHOT_TIME_ENV = "STARLING_SNAPSHOT_TIME";
    private static final String TESTS = "starling/tests/";

    private final Project project;
    private final TargetConfig target;
    private final Dialect dialect;
    private final Function<String, String> env;
    private final Configuration cfg;
    private final ObjectWrapper wrapper;
    private final MacroSupport macros;
    private final Map<String, String> modelIdsByName = new HashMap<>();
    private final Map<String, Template> builtinTests = new ConcurrentHashMap<>();
    private final SchemaNames schemas;
    /** Whether literal ref()/source() calls may be resolved without FreeMarker; decided on first use. */
    private Boolean literalRefsAsIs;

    public Renderer(Project project, TargetConfig target, Dialect dialect, Function<String, String> env) {
        this.project = project;
        this.target = target;
        this.dialect = dialect;
        this.env = env;
        this.cfg = configuration(project, dialect);
        this.wrapper = cfg.getObjectWrapper();
        this.macros = new MacroSupport(project, target, dialect, wrapper);
        for (Node node : project.all()) {
            if (node.kind() == NodeKind.MODEL || node.kind() == NodeKind.SEED || node.kind() == NodeKind.SNAPSHOT) {
                modelIdsByName.put(node.name(), node.id());
            }
        }
        this.schemas = new SchemaNames(project, target, cfg);
    }

    private static Configuration configuration(Project project, Dialect dialect) {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
        cfg.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setInterpolationSyntax(Configuration.DOLLAR_INTERPOLATION_SYNTAX);
        cfg.setLocale(Locale.ROOT);
        cfg.setTimeZone(TimeZone.getTimeZone("UTC"));
        cfg.setNumberFormat("computer");
        cfg.setBooleanFormat("c");
        cfg.setDefaultEncoding("UTF-8");
        List<TemplateLoader> loaders = new ArrayList<>();
        try {
            loaders.add(new FileTemplateLoader(project.dir().toFile()));
        } catch (IOException e) {
            throw StarlingException.project("cannot read the project folder " + project.dir() + ": " + e.getMessage());
        }
        loaders.add(new ClassTemplateLoader(Renderer.class.getClassLoader(), ""));
        cfg.setTemplateLoader(new MultiTemplateLoader(loaders.toArray(new TemplateLoader[0])));
        List<String> includes = new ArrayList<>();
        includes.add(MACROS + "default.ftl");
        if (Renderer.class.getClassLoader().getResource(MACROS + dialect.type() + ".ftl") != null) {
            includes.add(MACROS + dialect.type() + ".ftl");
        }
        includes.add(MACROS + "dbt_utils.ftl");
        if (Renderer.class.getClassLoader().getResource(MACROS + "dbt_utils." + dialect.type() + ".ftl") != null) {
            includes.add(MACROS + "dbt_utils." + dialect.type() + ".ftl");
        }
        includes.addAll(projectMacroFiles(project, dialect));
        cfg.setAutoIncludes(includes);
        return cfg;
    }

    /** A project macro file for one target type only: {@code macros/x.redshift.ftl}. */
    private static final Pattern TARGET_VARIANT = Pattern.compile("[^.]+\\.([A-Za-z0-9_]+)\\.ftl");

    /**
     * The project's macro files this target includes, in order: the plain ones ({@code macros/x.ftl}), then the
     * variants for this target type ({@code macros/x.redshift.ftl}), which redefine what they define, as dbt's
     * {@code adapter.dispatch} picks {@code redshift__x} over {@code default__x}. Variants for other types are left out.
     */
    static List<String> projectMacroFiles(Project project, Dialect dialect) {
        List<String> plain = new ArrayList<>();
        List<String> variants = new ArrayList<>();
        for (Path macro : project.macroFiles()) {
            String path = macro.toString().replace('\\', '/');
            Matcher variant = TARGET_VARIANT.matcher(macro.getFileName().toString());
            if (!variant.matches()) {
                plain.add(path);
            } else if (variant.group(1).equals(dialect.type())) {
                variants.add(path);
            }
        }
        plain.addAll(variants);
        return plain;
    }

    public Dialect dialect() {
        return dialect;
    }

    public TargetConfig target() {
        return target;
    }

    /** The relation a model, snapshot or source node builds in this target. */
    public String relationOf(Node node) {
        return dialect.relation(schemaOf(node), node.name());
    }

    /**
     * The schema a node builds in: the target's, or its custom schema named by {@code generate_schema_name}
     * (see {@link SchemaNames}); a source's {@code schema:} as written.
     */
    public String schemaOf(Node node) {
        return schemas.of(node);
    }

    /** Renders one node. Errors become one-line project errors naming the template file and line. */
    public CompiledNode compile(Node node) {
        Context context = new Context(node);
        return switch (node.kind()) {
            case SOURCE -> compileSource(node, context);
            case MODEL -> compileModel(node, context);
            case SEED -> new CompiledNode(node, null, relationOf(node), context.dependsOn,
                    project.dir().resolve(node.path()).toString(), node.config());
            case SNAPSHOT -> new CompiledNode(node, render(node.template(), node.path(), 0, context), relationOf(node),
                    context.dependsOn, null, Map.of(SNAPSHOT_TIME, snapshotTime()), null, schemaOf(node));
            case ANALYSIS -> new CompiledNode(node, render(node.template(), node.path(), 0, context), null,
                    context.dependsOn, null, null);
            case TEST -> new CompiledNode(node, node.test() != null ? renderGenericTest(node, context)
                    : render(node.template(), node.path(), 0, context), null, context.dependsOn, null, null);
        };
    }

    /**
     * A model's SQL; an incremental model is rendered twice, with {@code is_incremental()} false (the full build)
     * and true (the new rows), so compiling never asks the engine what exists. The runner picks one.
     */
    private CompiledNode compileModel(Node node, Context context) {
        String sql = render(node.template(), node.path(), 0, context);
        String incrementalSql = null;
        if (node.materialized().equals("incremental")) {
            context.incremental = true;
            incrementalSql = render(node.template(), node.path(), 0, context);
        }
        return new CompiledNode(node, sql, relationOf(node), context.dependsOn, null, null, incrementalSql,
                schemaOf(node));
    }

    private CompiledNode compileSource(Node node, Context context) {
        SourceSpec spec = node.source();
        String rawLocation = spec.locationFor(target.name(), target.type());
        if (rawLocation == null) {
            rawLocation = spec.locations().get("*");
        }
        String location = rawLocation == null ? null : renderValue(rawLocation, node, context).toString();
        @SuppressWarnings("unchecked")
        Map<String, Object> options = (Map<String, Object>) renderValue(spec.options(), node, context);
        return new CompiledNode(node, null, relationOf(node), context.dependsOn, location, options, null,
                schemaOf(node));
    }

    /**
     * When snapshots are taken in this run: {@code STARLING_SNAPSHOT_TIME} ({@code 2018-11-30T00:00:00Z}, or
     * without the zone, read as UTC) when set, else now; the same for every snapshot of the run.
     */
    private synchronized String snapshotTime() {
        if (snapshotTime == null) {
            String fixed = env.apply(SNAPSHOT_TIME_ENV);
            if (fixed == null || fixed.isBlank()) {
                snapshotTime = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
            } else {
                try {
                    snapshotTime = (fixed.trim().endsWith("Z") || fixed.contains("+") ? java.time.Instant.parse(fixed.trim())
                            : java.time.LocalDateTime.parse(fixed.trim().replace(' ', 'T'))
                            .toInstant(java.time.ZoneOffset.UTC)).toString();
                } catch (java.time.format.DateTimeParseException e) {
                    throw StarlingException.usage(SNAPSHOT_TIME_ENV + " '" + fixed + "' is not a time such as"
                            + " 2018-11-30T00:00:00Z");
                }
            }
        }
        return snapshotTime;
    }

    private String snapshotTime;

    /** Renders every string inside a YAML value (location, options, test arguments) as a template. */
    private Object renderValue(Object value, Node owner, Context context) {
        if (value instanceof String text) {
            if (!text.contains("${") && !text.contains("<#")) {
                return text;
            }
            return render(text, owner.path(), owner.line(), context);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), renderValue(v, owner, context)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(renderValue(v, owner, context)));
            return out;
        }
        return value;
    }

    private String renderGenericTest(Node node, Context context) {
        TestSpec spec = node.test();
        Node attached = project.node(spec.attachedTo());
        Map<String, Object> extra = new LinkedHashMap<>();
        String relation;
        try {
            relation = attached.kind() == NodeKind.SOURCE
                    ? context.source(attached.source().sourceName(), attached.source().tableName())
                    : context.ref(attached.name());
        } catch (StarlingTemplateError e) {
            throw StarlingException.at(node.path(), node.line(), e.text);
        }
        extra.put("model", relation);
        extra.put("column_name", spec.column() == null ? "" : spec.column());
        for (Map.Entry<String, Object> arg : spec.args().entrySet()) {
            Object value = arg.getValue();
            if (value instanceof String text && RELATION_CALL.matcher(text).matches()) {
                value = relationArgument(text, node, context);
            }
            extra.put(arg.getKey(), value);
        }
        Project.GenericTestTemplate own = project.genericTests().get(spec.testName());
        Template template = own != null ? parse(own.template(), own.path(), 0) : builtinTest(spec.testName());
        return process(template, own != null ? own.path() : node.path(), own != null ? 0 : node.line(), context, extra);
    }

    private static final Pattern RELATION_CALL = Pattern.compile("\\s*(ref|source)\\s*\\(.*\\)\\s*");
    private static final Pattern REF_ARGUMENT =
            Pattern.compile("\\s*ref\\s*\\(\\s*(['\"])([^'\"]+)\\1\\s*\\)\\s*");
    private static final Pattern SOURCE_ARGUMENT = Pattern.compile(
            "\\s*source\\s*\\(\\s*(['\"])([^'\"]+)\\1\\s*,\\s*(['\"])([^'\"]+)\\3\\s*\\)\\s*");

    /**
     * A test argument such as {@code to: "ref('song')"}: the literal forms are resolved directly (a project of
     * 10,000 models has 10,000 of them), anything else is rendered as a template.
     */
    private String relationArgument(String text, Node test, Context context) {
        try {
            String relation = literalRelation(text, context);
            if (relation != null) {
                return relation;
            }
        } catch (StarlingTemplateError e) {
            throw StarlingException.at(test.path(), test.line(), e.text);
        }
        return render("${" + text.trim() + "}", test.path(), test.line(), context);
    }

    /** The relation of a call {@code ref('name')} or {@code source('a', 'b')} with literal arguments; else null. */
    private static String literalRelation(String call, Context context) throws StarlingTemplateError {
        Matcher ref = REF_ARGUMENT.matcher(call);
        if (ref.matches()) {
            return context.ref(ref.group(2));
        }
        Matcher source = SOURCE_ARGUMENT.matcher(call);
        return source.matches() ? context.source(source.group(2), source.group(4)) : null;
    }

    private Template builtinTest(String name) {
        return builtinTests.computeIfAbsent(name, n -> {
            String own = TESTS + dialect.type() + "/" + n + ".sql";
            String path = Renderer.class.getClassLoader().getResource(own) != null ? own : TESTS + "default/" + n + ".sql";
            try {
                return cfg.getTemplate(path);
            } catch (IOException e) {
                throw new StarlingException(StarlingException.Code.INTERNAL, "missing built-in test template " + path, e);
            }
        });
    }

    private String render(String text, Path file, int lineOverride, Context context) {
        String plain = literalRefsOnly(text, context);
        if (plain != null) {
            return stripTerminator(plain);
        }
        return process(parse(text, file, lineOverride), file, lineOverride, context, Map.of());
    }

    /** A directive of a macro file that (re)defines or uses ref or source. */
    private static final Pattern TOUCHES_REF_OR_SOURCE =
            Pattern.compile("<#(?:function|macro|assign|global|local)\\b[^>]*\\b(?:ref|source)\\b");

    /**
     * FreeMarker includes the macro files in every template: resolving ref() and source() directly gives the same
     * text only if no project macro file redefines them and the included files print nothing.
     */
    private synchronized boolean literalRefsAsIs() {
        if (literalRefsAsIs == null) {
            boolean same = true;
            try {
                for (Path macro : project.macroFiles()) {
                    same &= !TOUCHES_REF_OR_SOURCE.matcher(java.nio.file.Files.readString(project.dir().resolve(macro)))
                            .find();
                }
                StringWriter out = new StringWriter();
                new Template("<includes>", "", cfg).process(new SimpleHash(wrapper), out);
                same &= out.toString().isEmpty();
            } catch (IOException | TemplateException | RuntimeException e) {
                same = false; // FreeMarker will report it where it matters
            }
            literalRefsAsIs = same;
        }
        return literalRefsAsIs;
    }

    /** What starts FreeMarker syntax other than {@code ${...}} (tags, comments, the old {@code #{...}}). */
    private static final Pattern FREEMARKER_TAG = Pattern.compile("</?[#@]|\\[/?[#@]|#\\{");

    /**
     * Most models are SQL whose only template parts are {@code ${ref('name')}} and {@code ${source('a', 'b')}}
     * with literal arguments: those are resolved directly, with no template to parse (a project of 10,000 models
     * renders in a fraction of the time). Anything else, or a name that does not resolve, returns null, and the
     * template goes through FreeMarker, which gives the same text, or the error with its line.
     */
    private String literalRefsOnly(String text, Context context) {
        if (FREEMARKER_TAG.matcher(text).find() || !literalRefsAsIs()) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        int at = 0;
        try {
            for (int open = text.indexOf("${"); open >= 0; open = text.indexOf("${", at)) {
                int close = text.indexOf('}', open + 2);
                if (close < 0) {
                    return null;
                }
                String call = text.substring(open + 2, close);
                if (call.indexOf('\\') >= 0) {
                    return null; // a string escape: FreeMarker's to read
                }
                String relation = literalRelation(call, context);
                if (relation == null) {
                    return null;
                }
                out.append(text, at, open).append(relation);
                at = close + 1;
            }
        } catch (StarlingTemplateError e) {
            return null;
        }
        return out.append(text, at, text.length()).toString();
    }

    private Template parse(String text, Path file, int lineOverride) {
        try {
            return new Template(file.toString().replace('\\', '/'), null, new StringReader(text), cfg);
        } catch (ParseException e) {
            int line = lineOverride > 0 ? lineOverride : e.getLineNumber();
            throw StarlingException.at(file, line, "template syntax error: " + oneLine(e.getEditorMessage())
                    + ". Fix the FreeMarker syntax (${...} and <#...> directives).");
        } catch (IOException e) {
            throw StarlingException.at(file, 0, "cannot read template: " + e.getMessage());
        }
    }

    private String process(Template template, Path file, int lineOverride, Context context, Map<String, Object> extra) {
        SimpleHash model = context.dataModel();
        extra.forEach(model::put);
        StringWriter out = new StringWriter();
        try {
            template.process(model, out);
        } catch (TemplateException e) {
            throw templateError(e, file, lineOverride);
        } catch (IOException e) {
            throw StarlingException.at(file, 0, "cannot render: " + e.getMessage());
        }
        return stripTerminator(out.toString());
    }

    /**
     * Trailing whitespace and semicolons removed, so the SQL can be wrapped in DDL or a subquery; a line comment
     * after the last semicolon ({@code select 1; -- done}) goes with it.
     */
    static String stripTerminator(String sql) {
        String out = stripEnd(sql);
        String code = out; // without its trailing line comments
        for (int comment = lineCommentStart(code); comment >= 0; comment = lineCommentStart(code)) {
            code = code.substring(0, comment).stripTrailing();
        }
        // comments after SQL without a terminator stay: they end lines, not the statement
        return code.endsWith(";") ? stripEnd(code) : out;
    }

    private static String stripEnd(String sql) {
        int end = sql.length();
        while (end > 0 && (Character.isWhitespace(sql.charAt(end - 1)) || sql.charAt(end - 1) == ';')) {
            end--;
        }
        return sql.substring(0, end);
    }

    /** Where a {@code --} comment starts on the last line of {@code text} (outside quotes), or -1. */
    private static int lineCommentStart(String text) {
        char quote = 0;
        for (int i = text.lastIndexOf('\n') + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                return i;
            }
        }
        return -1;
    }

    /** A frame of FreeMarker's instruction stack: the template and line. */
    private static final Pattern CALLER = Pattern.compile("in template \"([^\"]+)\" at line (\\d+)");

    private static StarlingException templateError(TemplateException e, Path file, int lineOverride) {
        Integer reported = e.getLineNumber();
        int line = lineOverride > 0 ? lineOverride : reported == null ? 0 : reported;
        String source = e.getTemplateSourceName();
        // an error inside a macro file names that file; one in a YAML value or a built-in test names the YAML line
        Path where = lineOverride > 0 || source == null || source.startsWith(TESTS) ? file : Path.of(source);
        if (lineOverride <= 0 && source != null && source.startsWith(MACROS)) {
            // an error inside a built-in macro names the project file and line that called it
            Matcher caller = CALLER.matcher(String.valueOf(e.getFTLInstructionStack()));
            while (caller.find()) {
                if (!caller.group(1).startsWith(MACROS)) {
                    where = Path.of(caller.group(1));
                    line = Integer.parseInt(caller.group(2));
                    break;
                }
            }
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StarlingTemplateError own) {
                return StarlingException.at(where, line, own.text);
            }
        }
        String message;
        String keywordHint = MacroSupport.keywordArgumentHint(e);
        if (keywordHint != null) {
            message = keywordHint;
        } else if (e instanceof InvalidReferenceException) {
            message = "'" + e.getBlamedExpressionString() + "' is not defined. Use ref('model'), source('src', 'table'),"
                    + " var('name') or a macro; write ${\"$\"}{ to print a literal ${";
        } else {
            message = oneLine(e.getMessageWithoutStackTop());
        }
        return StarlingException.at(where, line, "template error: " + message);
    }

    private static String oneLine(String message) {
        StringBuilder out = new StringBuilder();
        for (String line : message.split("\\R")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("----") || trimmed.startsWith("Tip:") || trimmed.startsWith("FTL stack trace")) {
                break;
            }
            if (!trimmed.isEmpty()) {
                out.append(out.length() > 0 ? " " : "").append(trimmed);
            }
        }
        return out.toString().replaceAll("\\s*\\[in template .*?]", "").replaceAll("\\.$", "");
    }

    /** A template error raised by one of Starling's functions; its message is shown as it is. */
    static final class StarlingTemplateError extends TemplateModelException {
        /** The message as written: FreeMarker appends its FTL stack to getMessage() once the error is thrown. */
        final String text;

        StarlingTemplateError(String message) {
            super(message);
            this.text = message;
        }
    }

    /** The functions and values one render sees; records the nodes it references. */
    private final class Context {
        private final Node node;
        private final Set<String> dependsOn = new LinkedHashSet<>();
        /** What is_incremental() returns: true only in the second render of an incremental model. */
        private boolean incremental;
        /** The relations ref() and source() returned, to the node each names (for new_rows()). */
        private final Map<String, String> inputs = new HashMap<>();

        Context(Node node) {
            this.node = node;
        }

        String ref(String name) throws StarlingTemplateError {
            String id = modelIdsByName.get(name);
            if (id == null) {
                throw new StarlingTemplateError("unknown ref '" + name + "': no model or seed of that name."
                        + Suggest.didYouMean(name, modelIdsByName.keySet())
                        + " Models are the .sql files under " + String.join(", ", project.config().modelPaths())
                        + ", seeds the .csv files under " + String.join(", ", project.config().seedPaths()) + ".");
            }
            if (id.equals(node.id())) {
                throw new StarlingTemplateError("model '" + name + "' refers to itself; use ${this} for its own relation");
            }
            dependsOn.add(id);
            String relation = relationOf(project.node(id));
            inputs.put(relation, id);
            return relation;
        }

        String source(String sourceName, String tableName) throws StarlingTemplateError {
            String id = Node.sourceId(sourceName, tableName);
            Node source = project.node(id);
            if (source == null) {
                List<String> known = project.all().stream().filter(n -> n.kind() == NodeKind.SOURCE)
                        .map(Node::displayName).toList();
                throw new StarlingTemplateError("unknown source '" + sourceName + "." + tableName + "'."
                        + Suggest.didYouMean(sourceName + "." + tableName, known)
                        + " Declare it under sources: in a models/*.yml file.");
            }
            dependsOn.add(id);
            String relation = relationOf(source);
            inputs.put(relation, id);
            return relation;
        }

        SimpleHash dataModel() {
            SimpleHash model = new SimpleHash(wrapper);
            model.put("ref", (TemplateMethodModelEx) args -> {
                expectArgs("ref", args, 1, 1);
                return ref(string(args.get(0)));
            });
            model.put("source", (TemplateMethodModelEx) args -> {
                expectArgs("source", args, 2, 2);
                return source(string(args.get(0)), string(args.get(1)));
            });
            model.put("var", (TemplateMethodModelEx) args -> {
                expectArgs("var", args, 1, 2);
                String name = string(args.get(0));
                Map<String, Object> vars = project.config().vars();
                if (vars.containsKey(name) && vars.get(name) != null) {
                    return wrapper.wrap(vars.get(name));
                }
                if (args.size() == 2) {
                    return args.get(1);
                }
                throw new StarlingTemplateError("var '" + name + "' is not set. Add it under vars: in project.yml"
                        + " or pass --vars '{" + name + ": ...}'");
            });
            model.put("env_var", (TemplateMethodModelEx) args -> {
                expectArgs("env_var", args, 1, 2);
                String name = string(args.get(0));
                String value = env.apply(name);
                if (value != null) {
                    return value;
                }
                if (args.size() == 2) {
                    return args.get(1);
                }
                throw new StarlingTemplateError("environment variable " + name + " is not set; export it or give"
                        + " env_var('" + name + "', 'default')");
            });
            model.put("new_rows", (TemplateMethodModelEx) args -> {
                expectArgs("new_rows", args, 1, 1);
                String relation = string(args.get(0));
                String id = inputs.get(relation);
                if (id == null) {
                    throw new StarlingTemplateError("new_rows() takes a relation from ref() or source(), e.g."
                            + " new_rows(source('sparkify', 'event_staging')); got '" + relation + "'");
                }
                return incremental ? NewRows.filtered(relation, id) : relation;
            });
            model.put("is_incremental", (TemplateMethodModelEx) args -> {
                expectArgs("is_incremental", args, 0, 0);
                return incremental;
            });
            Map<String, Object> targetInfo = new LinkedHashMap<>();
            targetInfo.put("name", target.name());
            targetInfo.put("type", target.type());
            targetInfo.put("schema", target.schema());
            model.put("target", targetInfo);
            model.put("project_name", project.config().name());
            macros.addTo(model);
            if (node.kind() == NodeKind.MODEL || node.kind() == NodeKind.SOURCE || node.kind() == NodeKind.SEED
                    || node.kind() == NodeKind.SNAPSHOT) {
                model.put("this", relationOf(node));
            }
            return model;
        }

        private void expectArgs(String function, List<?> args, int min, int max) throws StarlingTemplateError {
            if (args.size() < min || args.size() > max) {
                String expected = min == max ? String.valueOf(min) : min + " or " + max;
                throw new StarlingTemplateError(function + "() takes " + expected + " argument"
                        + (max == 1 ? "" : "s") + ", got " + args.size());
            }
        }

        private String string(Object arg) throws TemplateModelException {
            if (arg instanceof TemplateScalarModel scalar) {
                return scalar.getAsString();
            }
            Object plain = DeepUnwrap.unwrap((TemplateModel) arg);
            return String.valueOf(plain);
        }
    }
}
