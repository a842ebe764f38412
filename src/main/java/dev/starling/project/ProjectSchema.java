package dev.starling.project;

import static dev.starling.project.YamlSchema.any;
import static dev.starling.project.YamlSchema.bool;
import static dev.starling.project.YamlSchema.integer;
import static dev.starling.project.YamlSchema.listOf;
import static dev.starling.project.YamlSchema.mapOf;
import static dev.starling.project.YamlSchema.object;
import static dev.starling.project.YamlSchema.oneOf;
import static dev.starling.project.YamlSchema.size;
import static dev.starling.project.YamlSchema.string;

import java.util.List;
import java.util.Map;

/**
 * The keys of project.yml and of each target type. A feature that reads a new key declares it here, e.g.
 * {@code ProjectSchema.FILE.key("seed-paths", listOf(string()))}; {@code infra:} is checked by
 * {@code infra.InfraConfig}, which owns it.
 */
public final class ProjectSchema {

    private ProjectSchema() {
    }

    /** Keys every target type takes. */
    public static final YamlSchema.Obj TARGET_COMMON = object("target")
            .key("type", string())
            .key("schema", string())
            .key("threads", integer(1))
            .meta();

    /** The {@code s3_*} settings (dev.starling.s3.S3Settings): S3 locations on DuckDB, file listing on Redshift. */
    public static final YamlSchema.Obj S3 = object("target")
            .key("s3_region", string())
            .key("s3_endpoint", string())
            .key("s3_path_style", string()) // checked by S3Settings when the target is used
            .key("s3_access_key_id", string())
            .key("s3_secret_access_key", string())
            .key("s3_cache_dir", string());

    /** {@code type: duckdb} (adapter.duckdb.DuckDbAdapter). */
    public static final YamlSchema.Obj DUCKDB = object("target").keysOf(TARGET_COMMON).keysOf(S3)
            .key("path", string())
            .key("memory_limit", size())
            .key("temp_directory", string())
            .key("engine_threads", integer(1))
            .key("preserve_insertion_order", bool());

    /** {@code type: redshift} (adapter.redshift.RedshiftSettings). */
    public static final YamlSchema.Obj REDSHIFT = object("target").keysOf(TARGET_COMMON).keysOf(S3)
            .key("method", oneOf("password", "iam"))
            .key("host", string())
            .key("port", integer(1))
            .key("database", string())
            .key("user", string())
            .key("password", string())
            .key("region", string())
            .key("cluster_id", string())
            .key("workgroup", string())
            .key("profile", string())
            .key("iam_role", string())
            .key("ssl", bool())
            .key("sslmode", string())
            .key("retries", integer(0))
            .key("retry_delay_ms", integer(0))
            .key("late_binding_views", bool())
            .key("staging_prefix", string()) // s3://bucket/prefix: seeds are uploaded there and COPYed
            .key("auto_create", bool())
            .key("db_groups", string())
            .key("connection", mapOf("connection property", string()));

    /** Each target's keys by its {@code type}; a type not listed is reported where targets are opened. */
    public static final Map<String, YamlSchema.Obj> TARGET_TYPES = Map.of("duckdb", DUCKDB, "redshift", REDSHIFT);

    /** A target: the keys of its type; one of an unknown type is reported where targets are opened. */
    private static final YamlSchema.Shape TARGET = (node, what, warnings) -> {
        YamlSchema.Obj shape = node.isMap() && node.get("type").isScalar()
                ? TARGET_TYPES.get(node.string("type")) : null;
        (shape != null ? shape : mapOf("setting", any())).check(node, what, warnings);
    };

    /** project.yml. */
    public static final YamlSchema.Obj FILE = object(ProjectConfig.FILE_NAME).byLabel()
            .key("name", string())
            .key("version", any())
            .key("model-paths", listOf(string()))
            .key("test-paths", listOf(string()))
            .key("analysis-paths", listOf(string()))
            .key("seed-paths", listOf(string()))
            .key("macro-paths", listOf(string()))
            .key("snapshot-paths", listOf(string()))
            .key("models", FolderConfig.shape("models"))
            .key("snapshots", FolderConfig.shape("snapshots"))
            .key("seeds", FolderConfig.shape("seeds"))
            .key("target-path", string())
            .key("clean-targets", listOf(string()))
            .key("vars", mapOf("var", any()))
            .key("target", string())
            .key("targets", mapOf("target", TARGET))
            .key("infra", any())
            .meta();

    /** Checks project.yml; returns its warnings (none yet). */
    public static List<String> check(YamlNode root) {
        List<String> warnings = new java.util.ArrayList<>();
        FILE.check(root, ProjectConfig.FILE_NAME, warnings);
        return warnings;
    }
}
