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

    /** {@code snapshot_meta_column_names:}: Starling's (or dbt's) meta column names, each renamed. */
    public static final YamlSchema.Obj SNAPSHOT_META_COLUMNS = object("snapshot_meta_column_names")
            .key("valid_from", string()).key("valid_to", string()).key("scd_id", string())
            .key("updated_at", string()).key("is_deleted", string())
            .key("dbt_valid_from", string()).key("dbt_valid_to", string()).key("dbt_scd_id", string())
            .key("dbt_updated_at", string()).key("dbt_is_deleted", string());

    /**
     * {@code config:} of a model or snapshot: the one list of config keys, also those a folder may set in
     * project.yml ({@code +materialized: view}) and the in-file {@code <@config .../>} may name.
     */
    public static final YamlSchema.Obj MODEL_CONFIG = object("config")
            .key("materialized", string())
            .key("incremental_strategy", string())
            .key("unique_key", listOf(string()))
            .key("dist", string())
            .key("sort", listOf(string()))
            .key("sort_type", string())
            .key("tags", listOf(string()))
            .key("schema", string())
            .key("enabled", bool())
            .key("strategy", string())
            .key("updated_at", string())
            .key("check_cols", listOf(string()))
            .key("hard_deletes", string())
            .key("snapshot_meta_column_names", SNAPSHOT_META_COLUMNS)
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

    /** {@code config:} of a seed: column types by column name, and the CSV's delimiter. */
    public static final YamlSchema.Obj SEED_CONFIG = object("seed config")
            .key("column_types", mapOf("column type", string()))
            .key("delimiter", string())
            .key("tags", listOf(string()))
            .meta();

    /** A seed ({@code seeds/<name>.csv}) described in a properties file in the seed folder. */
    public static final YamlSchema.Obj SEED = object("seed")
            .key("name", string())
            .key("description", string())
            .key("config", SEED_CONFIG)
            .key("tags", listOf(string()))
            .key("columns", listOf(COLUMN))
            .key("tests", listOf(TEST))
            .key("data_tests", listOf(TEST))
            .meta();

    /** A snapshot's properties: the keys of a model's. */
    public static final YamlSchema.Obj SNAPSHOT = object("snapshot").keysOf(MODEL);

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
            .key("schema", string())
            .key("description", string())
            .key("tables", listOf(SOURCE_TABLE))
            .key("tags", listOf(string()))
            .meta();

    private static final String DBT_ONLY_WHY = "a dbt section that Starling does not read";

    /** Sections of dbt's properties files that Starling does not read: skipped with a warning. */
    public static final List<String> DBT_ONLY = List.of("semantic_models", "metrics", "saved_queries", "exposures",
            "unit_tests", "groups");

    /** A properties file. */
    public static final YamlSchema.Obj FILE = object("properties file").byLabel()
            .key("version", any())
            .key("models", listOf(MODEL))
            .key("sources", listOf(SOURCE))
            .key("seeds", listOf(SEED))
            .key("snapshots", listOf(SNAPSHOT))
            .skip(DBT_ONLY_WHY, DBT_ONLY.toArray(new String[0]));

    /**
     * The warnings with those of dbt-only sections folded into one line, naming each section and where it is:
     * {@code dbt-only sections skipped (Starling does not read them): semantic_models in models/a.yml:3, ...}.
     */
    public static List<String> foldDbtOnly(List<String> warnings) {
        String suffix = "' skipped: " + DBT_ONLY_WHY;
        List<String> out = new java.util.ArrayList<>();
        List<String> sections = new java.util.ArrayList<>();
        for (String warning : warnings) {
            int quote = warning.indexOf(": '");
            if (warning.endsWith(suffix) && quote > 0) {
                sections.add(warning.substring(quote + 3, warning.length() - suffix.length()) + " in "
                        + warning.substring(0, quote));
            } else {
                out.add(warning);
            }
        }
        if (!sections.isEmpty()) {
            out.add("dbt-only sections skipped (Starling does not read them): " + String.join(", ", sections));
        }
        return out;
    }
}
