package dev.starling.project;

import dev.starling.Parallel;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a project folder: project.yml, {@code models/**}{@code /*.sql} and their YAML properties, sources,
 * singular and generic tests, analyses and macros. Everything is found by walking the folders: a new model is a
 * new file, nothing else is registered. All errors name the file and line.
 */
public final class ProjectLoader {

    /** The generic tests that ship with Starling (templates under {@code starling/tests/} on the classpath). */
    public static final Set<String> BUILTIN_TESTS = Set.of("unique", "not_null", "accepted_values", "relationships",
            "accepted_range", "expression_is_true", "unique_combination_of_columns", "not_null_proportion",
            "relationships_where");
    /** dbt's package prefix for its dbt_utils tests ({@code dbt_utils.accepted_range}): Starling's are built in. */
    private static final String DBT_UTILS = "dbt_utils.";
    /** What a model may name in {@code materialized:}: the built-in ones, and those registered (see {@link #allowMaterialization}). */
    private static final Set<String> MATERIALIZATIONS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        MATERIALIZATIONS.addAll(List.of("table", "view", "incremental"));
    }

    /** Lets models name a materialization that the execute layer registered. */
    public static void allowMaterialization(String name) {
        MATERIALIZATIONS.add(name);
    }
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Path dir;
    private final ProjectConfig config;
    private final Map<String, Node> models = new TreeMap<>();
    private final Map<String, Node> sources = new LinkedHashMap<>();
    private final Map<String, Node> tests = new LinkedHashMap<>();
    private final Map<String, Node> analyses = new LinkedHashMap<>();
    private final Map<String, Node> seeds = new TreeMap<>();
    private final Map<String, Project.GenericTestTemplate> genericTests = new TreeMap<>();
    private final List<Path> macroFiles = new ArrayList<>();
    private final List<Path> propertyFiles = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    /** Each model's and snapshot's {@code <@config .../>} keys, by name. */
    private final Map<String, Map<String, FolderConfig.Value>> inFileConfig = new java.util.HashMap<>();

    private ProjectLoader(ProjectConfig config) {
        this.dir = config.dir();
        this.config = config;
    }

    public static Project load(Path dir, Map<String, Object> varOverrides, Function<String, String> env) {
        return load(loadConfig(dir, varOverrides, env));
    }

    /** The rest of the project (models, properties, tests, macros) for a project.yml already read. */
    public static Project load(ProjectConfig config) {
        return new ProjectLoader(config).load();
    }

    /** Only project.yml, without reading models (for commands such as {@code infra} that need no more). */
    public static ProjectConfig loadConfig(Path dir, Map<String, Object> varOverrides, Function<String, String> env) {
        Path folder = dir.toAbsolutePath().normalize();
        Path file = folder.resolve(ProjectConfig.FILE_NAME);
        if (!Files.isRegularFile(file) && Files.isRegularFile(folder.resolve("dbt_project.yml"))) {
            throw StarlingException.project(DbtSyntax.dbtProject(folder));
        }
        if (!Files.isRegularFile(file)) {
            throw StarlingException.project("no " + ProjectConfig.FILE_NAME + " in " + folder
                    + ". Run starling from a project folder, or pass --project-dir DIR.");
        }
        return new ProjectConfig(folder, YamlNode.load(file, Path.of(ProjectConfig.FILE_NAME)), varOverrides, env);
    }

    private Project load() {
        List<Path> modelFiles = new ArrayList<>();
        sqlAndProperties(config.modelPaths(), modelFiles);
        int modelCount = modelFiles.size();
        sqlAndProperties(config.snapshotPaths(), modelFiles);
        List<Path> seedFiles = new ArrayList<>();
        for (String folder : config.seedPaths()) {
            for (Path file : files(folder)) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".csv")) {
                    seedFiles.add(file);
                } else if (fileName.endsWith(".yml") || fileName.endsWith(".yaml")) {
                    propertyFiles.add(file);
                }
            }
        }
        // Reading and parsing run in parallel (a large project has thousands of files); registering stays in
        // file order, so which error is reported first does not depend on scheduling.
        List<String> texts = Parallel.map(modelFiles, this::read);
        List<YamlNode> properties = Parallel.map(propertyFiles, file -> YamlNode.load(dir.resolve(file), file));
        for (int i = 0; i < modelFiles.size(); i++) {
            addModel(modelFiles.get(i), texts.get(i), i < modelCount ? NodeKind.MODEL : NodeKind.SNAPSHOT);
        }
        seedFiles.forEach(this::addSeed);
        for (String folder : config.testPaths()) {
            for (Path file : files(folder)) {
                if (file.toString().endsWith(".sql")) {
                    addTestFile(folder, file);
                }
            }
        }
        for (String folder : config.analysisPaths()) {
            for (Path file : files(folder)) {
                if (file.toString().endsWith(".sql")) {
                    String name = baseName(file);
                    analyses.put("analysis." + name, new Node(NodeKind.ANALYSIS, "analysis." + name, name, file, 1,
                            read(file), null, null));
                }
            }
        }
        for (String folder : config.macroPaths()) {
            for (Path file : files(folder)) {
                if (file.toString().endsWith(".ftl")) {
                    macroFiles.add(file);
                }
            }
        }
        for (int i = 0; i < propertyFiles.size(); i++) {
            readProperties(properties.get(i));
        }
        checkNoJinja();
        NodeConfigs.settle(config, models, tests, inFileConfig, warnings, MATERIALIZATIONS);
        Map<String, Node> all = new LinkedHashMap<>(sources);
        seeds.values().forEach(n -> all.put(n.id(), n));
        models.values().forEach(n -> all.put(n.id(), n));
        tests.values().forEach(n -> all.put(n.id(), n));
        all.putAll(analyses);
        return new Project(config, all, genericTests, macroFiles, PropertiesSchema.foldDbtOnly(warnings));
    }

    /** dbt's Jinja in a model, test, analysis or macro is an error naming its FreeMarker form ({@link DbtSyntax}). */
    private void checkNoJinja() {
        for (Map<String, Node> nodes : List.of(models, tests, analyses)) {
            nodes.values().stream().filter(n -> n.template() != null && n.path().toString().endsWith(".sql"))
                    .forEach(n -> DbtSyntax.check(n.path(), n.template()));
        }
        genericTests.values().forEach(t -> DbtSyntax.check(t.path(), t.template()));
        macroFiles.forEach(file -> DbtSyntax.check(file, read(file)));
    }

    /** The .sql files under {@code folders} into {@code sql}, their .yml files into the properties files. */
    private void sqlAndProperties(List<String> folders, List<Path> sql) {
        for (String folder : folders) {
            for (Path file : files(folder)) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".sql")) {
                    sql.add(file);
                } else if (fileName.endsWith(".yml") || fileName.endsWith(".yaml")) {
                    propertyFiles.add(file);
                }
            }
        }
    }

    /**
     * Files under a project folder, relative to the project, sorted; a missing folder is simply empty. Links are
     * followed only while they stay inside the project; one that leaves it, loops, or a folder that cannot be read
     * is a project error with its reason.
     */
    private List<Path> files(String folder) {
        Path root = dir.resolve(folder);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        Path realProject = realPath(dir, Path.of(folder));
        List<Path> out = new ArrayList<>();
        try {
            Files.walkFileTree(root, java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new java.nio.file.SimpleFileVisitor<>() {
                        @Override
                        public java.nio.file.FileVisitResult preVisitDirectory(Path d,
                                java.nio.file.attribute.BasicFileAttributes attrs) {
                            if (!d.equals(root) && d.getFileName().toString().startsWith(".")) {
                                return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                            }
                            insideProject(d, realProject);
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }

                        @Override
                        public java.nio.file.FileVisitResult visitFile(Path f,
                                java.nio.file.attribute.BasicFileAttributes attrs) {
                            if (attrs.isRegularFile() && !f.getFileName().toString().startsWith(".")) {
                                insideProject(f, realProject);
                                out.add(dir.relativize(f));
                            }
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }

                        @Override
                        public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e) {
                            if (f.getFileName() != null && f.getFileName().toString().startsWith(".")) {
                                return java.nio.file.FileVisitResult.CONTINUE;
                            }
                            throw StarlingException.at(dir.relativize(f), 0, "cannot read: " + FileReasons.of(e));
                        }
                    });
        } catch (IOException e) {
            throw StarlingException.at(Path.of(folder), 0, "cannot read: " + FileReasons.of(e));
        }
        out.sort(null);
        return out;
    }

    private Path realPath(Path base, Path shown) {
        try {
            return base.toRealPath();
        } catch (IOException e) {
            throw StarlingException.at(shown, 0, "cannot read: " + FileReasons.of(e));
        }
    }

    /** A file or folder reached through a symbolic link must still be inside the project. */
    private void insideProject(Path p, Path realProject) {
        Path real = realPath(p, dir.relativize(p));
        if (!real.startsWith(realProject)) {
            throw StarlingException.at(dir.relativize(p), 0, "is a symbolic link to " + real + ", outside the project;"
                    + " Starling reads only files inside the project folder. Copy the file in instead.");
        }
    }

    private String read(Path relative) {
        try {
            String text = Files.readString(dir.resolve(relative), StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (IOException e) {
            throw StarlingException.at(relative, 0, "cannot read: " + FileReasons.of(e));
        }
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    private void addModel(Path file, String text, NodeKind kind) {
        String name = baseName(file);
        if (!IDENTIFIER.matcher(name).matches()) {
            throw StarlingException.at(file, 0, "model file name '" + name + "' is not a valid relation name;"
                    + " use letters, digits and _ (the file name is the model's name)");
        }
        Node existing = models.get(name);
        if (existing == null) {
            existing = models.values().stream().filter(m -> m.name().equalsIgnoreCase(name)).findFirst().orElse(null);
        }
        if (existing != null) {
            throw StarlingException.at(file, 0, (existing.name().equals(name) ? "two models are named '" + name + "'"
                    : "two models have the same name but for case, '" + existing.name() + "' and '" + name + "' (table"
                    + " names ignore case)") + ": " + existing.path() + " and " + file + ". Model names must be unique"
                    + " across folders; rename one of the files.");
        }
        if (text.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) {
            throw StarlingException.at(file, 0, "the model file is empty; write its select statement, or delete the"
                    + " file");
        }
        String id = kind == NodeKind.SNAPSHOT ? Node.snapshotId(name) : Node.modelId(name);
        if (text.contains("<@config")) {
            inFileConfig.put(name, InFileConfig.read(file, text, PropertiesSchema.MODEL_CONFIG));
        }
        models.put(name, new Node(kind, id, name, file, 1, text, null, null));
    }

    /** A seed: {@code seeds/<name>.csv} becomes the table {@code <name>}, referenced with ref('name'). */
    private void addSeed(Path file) {
        String name = baseName(file);
        if (!IDENTIFIER.matcher(name).matches()) {
            throw StarlingException.at(file, 0, "seed file name '" + name + "' is not a valid relation name;"
                    + " use letters, digits and _ (the file name is the seed's table name)");
        }
        Node other = seeds.containsKey(name) ? seeds.get(name) : models.get(name);
        if (other != null) {
            throw StarlingException.at(file, 0, "the seed '" + name + "' has the name of the " + other.kind().label
                    + " " + other.path() + "; both would be the same relation. Rename one of the files.");
        }
        seeds.put(name, new Node(NodeKind.SEED, Node.seedId(name), name, file, 1, null, null, null));
    }

    private void addTestFile(String folder, Path file) {
        String name = baseName(file);
        Path relativeToTests = Path.of(folder).relativize(file);
        if (relativeToTests.getNameCount() > 1 && relativeToTests.getName(0).toString().equals("generic")) {
            genericTests.put(name, new Project.GenericTestTemplate(name, file, read(file)));
            return;
        }
        addTest(new Node(NodeKind.TEST, "test." + name, name, file, 1, read(file), null, null));
    }

    private void addTest(Node test) {
        Node existing = tests.get(test.id());
        if (existing != null) {
            throw StarlingException.at(test.path(), test.line(), "two data tests are named '" + test.name()
                    + "' (the other is in " + existing.path() + "). Rename one.");
        }
        tests.put(test.id(), test);
    }

    // ---- properties YAML -------------------------------------------------------------------------------------

    private void readProperties(YamlNode root) {
        if (!root.isMap()) {
            throw root.error("a properties file holds 'models:' and/or 'sources:' lists");
        }
        PropertiesSchema.FILE.check(root, "properties file", warnings);
        for (YamlNode entry : root.get("models").asList()) {
            readModelProperties(entry, NodeKind.MODEL);
        }
        for (YamlNode entry : root.get("snapshots").asList()) {
            readModelProperties(entry, NodeKind.SNAPSHOT);
        }
        for (YamlNode entry : root.get("sources").asList()) {
            readSource(entry);
        }
        for (YamlNode entry : root.get("seeds").asList()) {
            readSeedProperties(entry);
        }
    }

    private void readModelProperties(YamlNode entry, NodeKind kind) {
        String name = entry.requiredString("name", "the " + kind.label + "'s name, the same as its .sql file");
        Node model = models.get(name);
        if (model == null || model.kind() != kind) {
            List<String> folders = kind == NodeKind.SNAPSHOT ? config.snapshotPaths() : config.modelPaths();
            throw entry.error("properties for " + kind.label + " '" + name + "', but there is no " + name
                    + ".sql under " + String.join(", ", folders) + "." + Suggest.didYouMean(name, models.keySet()));
        }
        YamlNode config = describe(entry, model);
        describeColumnsAndTests(entry, config, model);
    }

    /** A model's or seed's description and config from its YAML entry; returns the {@code config:} node. */
    private static YamlNode describe(YamlNode entry, Node node) {
        if (node.propertiesFile() != null) {
            throw entry.error(node.kind().label + " '" + node.name() + "' is described twice (also in "
                    + node.propertiesFile() + ")");
        }
        node.propertiesFrom(entry.file());
        node.describe(entry.string("description"));
        YamlNode config = entry.get("config");
        config.asMap().forEach((key, value) -> {
            if (!key.equals("tags")) {
                node.config().put(key, value.toPlain());
                node.configFrom(key, value.file(), value.line());
            }
        });
        return config;
    }

    /** A model's or seed's tags, columns and their tests. */
    private void describeColumnsAndTests(YamlNode entry, YamlNode config, Node node) {
        node.tags().addAll(entry.strings("tags"));
        node.tags().addAll(config.strings("tags"));
        readColumns(entry, node, false);
        readTests(entry, node, null);
    }

    private void readSeedProperties(YamlNode entry) {
        String name = entry.requiredString("name", "the seed's name, the same as its .csv file");
        Node seed = seeds.get(name);
        if (seed == null) {
            throw entry.error("properties for seed '" + name + "', but there is no " + name + ".csv under "
                    + String.join(", ", config.seedPaths()) + "." + Suggest.didYouMean(name, seeds.keySet()));
        }
        YamlNode config = describe(entry, seed);
        Object delimiter = seed.config().get("delimiter");
        if (delimiter != null && delimiter.toString().length() != 1) {
            throw config.get("delimiter").error("delimiter is one character, e.g. delimiter: \";\" or \"\\t\"");
        }
        describeColumnsAndTests(entry, config, seed);
    }

    private void readSource(YamlNode entry) {
        String sourceName = entry.requiredString("name", "the source's name, used as source('name', 'table')");
        YamlNode tables = entry.get("tables");
        if (tables.asList().isEmpty()) {
            throw entry.error("source '" + sourceName + "' has no 'tables:'");
        }
        for (YamlNode table : tables.asList()) {
            String tableName = table.requiredString("name", "the staged table's name");
            if (!IDENTIFIER.matcher(tableName).matches()) {
                throw table.get("name").error("source table name '" + tableName + "' is not a valid relation name");
            }
            String id = Node.sourceId(sourceName, tableName);
            if (sources.containsKey(id)) {
                throw table.error("source table " + sourceName + "." + tableName + " is declared twice (also in "
                        + sources.get(id).path() + ":" + sources.get(id).line() + ")");
            }
            if (models.containsKey(tableName)) {
                throw table.error("source table '" + tableName + "' has the name of the model "
                        + models.get(tableName).path() + "; both would be the same relation. Rename one.");
            }
            Map<String, String> locations = new LinkedHashMap<>();
            YamlNode location = table.get("location");
            if (location.isMap()) {
                location.asMap().forEach((target, value) -> locations.put(target, value.asString()));
            } else if (location.isScalar()) {
                locations.put("*", location.asString());
            } else {
                throw table.error("source table " + sourceName + "." + tableName
                        + " needs a 'location:' (a folder, or one per target: duckdb: ..., redshift: ...)");
            }
            String format = table.string("format", "json");
            if (!format.equals("json")) {
                throw table.get("format").error("unknown format '" + format + "'; Starling stages 'json'"
                        + " (newline-delimited JSON objects, one or many per file)");
            }
            String layout = table.string("layout", SourceSpec.LAYOUT_LINES);
            if (!layout.equals(SourceSpec.LAYOUT_LINES) && !layout.equals(SourceSpec.LAYOUT_DOCUMENT)) {
                throw table.get("layout").error("unknown layout '" + layout + "'; use 'lines' (one JSON object per"
                        + " line) or 'document' (each file is one JSON object, pretty-printed or not)");
            }
            boolean incremental = false;
            if (table.has("incremental")) {
                Object flag = table.get("incremental").toPlain();
                if (!(flag instanceof Boolean)) {
                    throw table.get("incremental").error("incremental is true or false, not '" + flag + "'");
                }
                incremental = (Boolean) flag;
            }
            Map<String, Object> options = new LinkedHashMap<>();
            table.asMap().forEach((key, value) -> {
                if (!Set.of("name", "description", "location", "format", "pattern", "columns", "tests", "data_tests",
                        "layout", "incremental", "tags", "meta").contains(key)) {
                    options.put(key, value.toPlain());
                }
            });
            List<Column> columns = new ArrayList<>();
            for (YamlNode column : table.get("columns").asList()) {
                String columnName = column.requiredString("name", "the staged column's name");
                String type = column.requiredString("type", "its SQL type: varchar, integer, bigint, double, boolean or timestamp");
                columns.add(new Column(columnName, column.string("field", columnName), type.toLowerCase(),
                        column.string("description", "")));
            }
            if (columns.isEmpty()) {
                throw table.error("source table " + sourceName + "." + tableName
                        + " needs 'columns:' with a name and type each: they are the staged table's columns");
            }
            SourceSpec spec = new SourceSpec(sourceName, tableName, format, layout, incremental, locations,
                    table.string("pattern", "**/*.json"), options, columns);
            Node node = new Node(NodeKind.SOURCE, id, tableName, entry.file(), table.line(), null, spec, null);
            node.describe(table.string("description", entry.string("description")));
            node.propertiesFrom(entry.file());
            if (entry.has("schema")) { // where the source's table is loaded and read, as written (no custom naming)
                node.config().put("schema", entry.string("schema"));
                node.configFrom("schema", entry.file(), entry.get("schema").line());
            }
            node.tags().addAll(entry.strings("tags"));
            node.tags().addAll(table.strings("tags"));
            node.columns().addAll(columns);
            sources.put(id, node);
            readColumns(table, node, true);
            readTests(table, node, null);
        }
    }

    private void readColumns(YamlNode entry, Node node, boolean isSource) {
        for (YamlNode column : entry.get("columns").asList()) {
            String name = column.requiredString("name", "the column's name");
            if (!isSource) {
                node.columns().add(new Column(name, name, column.string("data_type"), column.string("description", "")));
            }
            readTests(column, node, name);
        }
    }

    private void readTests(YamlNode entry, Node attachedTo, String column) {
        List<YamlNode> items = new ArrayList<>(entry.get("tests").asList());
        items.addAll(entry.get("data_tests").asList());
        for (YamlNode item : items) {
            String testName;
            YamlNode argsNode;
            if (item.isScalar()) {
                testName = item.asString();
                argsNode = null;
            } else if (item.isMap() && item.asMap().size() == 1) {
                testName = item.asMap().keySet().iterator().next();
                argsNode = item.get(testName);
            } else {
                throw item.error("a test is a name (- unique) or a name with arguments (- accepted_values: {values: [a, b]})");
            }
            if (testName.startsWith(DBT_UTILS) && BUILTIN_TESTS.contains(testName.substring(DBT_UTILS.length()))) {
                testName = testName.substring(DBT_UTILS.length());
            }
            if (!BUILTIN_TESTS.contains(testName) && !genericTests.containsKey(testName)) {
                List<String> known = new ArrayList<>(new java.util.TreeSet<>(BUILTIN_TESTS));
                known.addAll(genericTests.keySet());
                throw item.error("unknown test '" + testName + "'" + (column != null ? " on column " + column : "")
                        + " of " + attachedTo.displayName() + "." + Suggest.didYouMean(testName, known)
                        + " Known tests: " + String.join(", ", known) + " (add your own as tests/generic/<name>.sql).");
            }
            Map<String, Object> args = new LinkedHashMap<>();
            String severity = Node.SEVERITY_ERROR;
            if (argsNode != null) {
                for (Map.Entry<String, YamlNode> arg : argsNode.asMap().entrySet()) {
                    if (arg.getKey().equals("severity")) {
                        severity = severity(arg.getValue());
                    } else if (arg.getKey().equals("config")) {
                        if (arg.getValue().has("severity")) {
                            severity = severity(arg.getValue().get("severity"));
                        }
                    } else {
                        args.put(arg.getKey(), arg.getValue().toPlain());
                    }
                }
            }
            requireArgs(item, testName, args);
            String name = testName(testName, attachedTo, column, args);
            Node test = new Node(NodeKind.TEST, "test." + name, name, item.file(), item.line(), null,
                    null, new TestSpec(testName, attachedTo.id(), column, args));
            test.severity(severity);
            test.tags().addAll(attachedTo.tags());
            addTest(test);
        }
    }

    private static String severity(YamlNode node) {
        String value = node.asString() == null ? "" : node.asString().toLowerCase();
        if (!value.equals(Node.SEVERITY_ERROR) && !value.equals(Node.SEVERITY_WARN)) {
            throw node.error("severity must be 'error' or 'warn', not '" + node.asString() + "'");
        }
        return value;
    }

    private static final Map<String, String> TEST_EXAMPLES = Map.of(
            "accepted_values", "accepted_values: {values: [free, paid]}",
            "relationships", "relationships: {to: ref('user'), field: user_id}",
            "relationships_where", "relationships_where: {to: ref('user'), field: user_id, from_condition: \"level = 'paid'\"}",
            "expression_is_true", "expression_is_true: {expression: \"amount >= 0\"}",
            "unique_combination_of_columns", "unique_combination_of_columns: {combination_of_columns: [user_id, day]}",
            "not_null_proportion", "not_null_proportion: {at_least: 0.95}",
            "accepted_range", "accepted_range: {min_value: 0, max_value: 100}");

    private static void requireArgs(YamlNode item, String testName, Map<String, Object> args) {
        List<String> required = switch (testName) {
            case "accepted_values" -> List.of("values");
            case "relationships", "relationships_where" -> List.of("to", "field");
            case "expression_is_true" -> List.of("expression");
            case "unique_combination_of_columns" -> List.of("combination_of_columns");
            case "not_null_proportion" -> List.of("at_least");
            default -> List.of();
        };
        for (String arg : required) {
            if (!args.containsKey(arg)) {
                throw item.error("test '" + testName + "' needs '" + arg + "' (e.g. " + TEST_EXAMPLES.get(testName) + ")");
            }
        }
        if (testName.equals("accepted_range") && !args.containsKey("min_value") && !args.containsKey("max_value")) {
            throw item.error("test 'accepted_range' needs 'min_value' or 'max_value' (e.g. " + TEST_EXAMPLES.get(testName) + ")");
        }
        if (testName.equals("unique_combination_of_columns") && !(args.get("combination_of_columns") instanceof List)) {
            throw item.error("'combination_of_columns' of test 'unique_combination_of_columns' is a list of columns"
                    + " (e.g. " + TEST_EXAMPLES.get(testName) + ")");
        }
    }

    private static final java.util.regex.Pattern CALL_AROUND_NAME = java.util.regex.Pattern.compile("^\\s*(ref|source)\\s*\\(|\\)\\s*$");
    private static final java.util.regex.Pattern NOT_A_NAME = java.util.regex.Pattern.compile("[^A-Za-z0-9_]+");
    private static final java.util.regex.Pattern EDGE_UNDERSCORES = java.util.regex.Pattern.compile("^_+|_+$");

    private String testName(String testName, Node attachedTo, String column, Map<String, Object> args) {
        StringBuilder name = new StringBuilder(testName).append('_').append(attachedTo.name());
        if (column != null) {
            name.append('_').append(column);
        }
        Object to = args.get("to");
        if (to != null) {
            String target = EDGE_UNDERSCORES.matcher(NOT_A_NAME.matcher(CALL_AROUND_NAME.matcher(to.toString())
                    .replaceAll("")).replaceAll("_")).replaceAll("");
            name.append("__").append(target);
        }
        String base = name.toString();
        String unique = base;
        for (int i = 2; tests.containsKey("test." + unique); i++) {
            unique = base + "_" + i;
        }
        return unique;
    }
}
