package dev.starling.project;

import static dev.starling.project.YamlSchema.any;
import static dev.starling.project.YamlSchema.bool;
import static dev.starling.project.YamlSchema.integer;
import static dev.starling.project.YamlSchema.listOf;
import static dev.starling.project.YamlSchema.mapOf;
import static dev.starling.project.YamlSchema.object;
import static dev.starling.project.YamlSchema.oneOf;
import static dev.starling.project.YamlSchema.scalarOr;
import static dev.starling.project.YamlSchema.string;

import java.util.List;

/**
 * The keys of a properties file ({@code models/**}{@code /*.yml}): models, sources and their columns and tests.
 * A feature that reads a new key declares it here (e.g. {@code SOURCE_TABLE.key("freshness", ...)}, or a new
 * section with {@code FILE.key("seeds", listOf(SEED))}).
 */
public final class PropertiesSchema {

    private PropertiesSchema() {
    }

    /** {@code config:} of a data test. */
    public static final YamlSchema.Obj TEST_CONFIG = object("test config")
            .key("severity", string())
            .meta();

    /**
     * A data test: a name ({@code - unique}) or a name with its arguments ({@code - relationships: {to, field}});
     * the arguments are the test's own (a generic test of the project's may take any), checked by the loader.
     */
    public static final YamlSchema.Shape TEST = (node, what, warnings) -> {
        if (!node.isMap()) {
            string().check(node, what, warnings);
            return;
        }
        node.asMap().forEach((test, args) -> {
            if (args.isMap() && args.has("config")) {
                TEST_CONFIG.check(args.get("config"), "config of test '" + test + "'", warnings);
            }
        });
    };

    /** A model's column. */
    public static final YamlSchema.Obj COLUMN = object("column")
            .key("name", string())
            .key("description", string())
            .key("data_type", string())
            .key("tests", listOf(TEST))
            .key("data_tests", listOf(TEST))
            .key("tags", listOf(string()))
            .meta();

    /** A source table's column: its JSON field and type. */
    public static final YamlSchema.Obj SOURCE_COLUMN = object("column").keysOf(COLUMN)
            .key("field", string())
            .key("type", string());

    /** {@code config:} of a model. */
    public static final YamlSchema.Obj MODEL_CONFIG = object("config")
            .key("materialized", string())
            .key("incremental_strategy", string())
            .key("unique_key", listOf(string()))
            .key("dist", string())
            .key("sort", listOf(string()))
            .key("sort_type", string())
            .key("tags", listOf(string()))
            .meta();

    public static final YamlSchema.Obj MODEL = object("model")
            .key("name", string())
            .key("description", string())
            .key("config", MODEL_CONFIG)
            .key("tags", listOf(string()))
            .key("columns", listOf(COLUMN))
            .key("tests", listOf(TEST))
            .key("data_tests", listOf(TEST))
            .meta();

    /** A source's table: where its files are and how they are read (Redshift's COPY options included). */
    public static final YamlSchema.Obj SOURCE_TABLE = object("source table")
            .key("name", string())
            .key("description", string())
            .key("location", scalarOr(string(), mapOf("location for target type", string())))
            .key("format", string())
            .key("layout", string())
            .key("pattern", string())
            .key("incremental", bool())
            .key("compression", oneOf("auto", "gzip", "none"))
            .key("max_errors", integer(0))
            .key("json", string())
            .key("region", string())
            .key("loaded_at_field", string())
            .key("freshness", any()) // checked by freshness.SourceFreshness, with its own messages
            .key("columns", listOf(SOURCE_COLUMN))
            .key("tests", listOf(TEST))
            .key("data_tests", listOf(TEST))
            .key("tags", listOf(string()))
            .meta();

    public static final YamlSchema.Obj SOURCE = object("source")
            .key("name", string())
            .key("description", string())
            .key("tables", listOf(SOURCE_TABLE))
            .key("tags", listOf(string()))
            .meta();

    /** Sections of dbt's properties files that Starling does not read: skipped with a warning. */
    public static final List<String> DBT_ONLY = List.of("semantic_models", "metrics", "saved_queries", "exposures",
            "unit_tests", "groups");

    /** A properties file. */
    public static final YamlSchema.Obj FILE = object("properties file").byLabel()
            .key("version", any())
            .key("models", listOf(MODEL))
            .key("sources", listOf(SOURCE))
            .skip("a dbt section that Starling does not read", DBT_ONLY.toArray(new String[0]));
}
