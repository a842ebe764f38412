import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a synthetic Starling project of N models, the shape of dbt's own parse benchmark: every model is a
 * small SELECT over one earlier model (or a VALUES list for the roots), and each has unique, not_null and
 * relationships tests on its key. Run: java bench/SyntheticProject.java OUT_DIR N
 */
public final class SyntheticProject {
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int models = Integer.parseInt(args[1]);
        Files.createDirectories(out.resolve("models"));
        Files.writeString(out.resolve("project.yml"), """
                name: synthetic
                version: 1
                model-paths: [models]
                target: dev
                targets:
                  dev: {type: duckdb, path: target/synthetic.duckdb, schema: main, threads: 4}
                """);
        int perFolder = 500;
        for (int folder = 0; folder * perFolder < models; folder++) {
            Path dir = out.resolve("models").resolve("group_" + folder);
            Files.createDirectories(dir);
            try (Writer yml = Files.newBufferedWriter(dir.resolve("schema.yml"), StandardCharsets.UTF_8)) {
                yml.write("version: 1\nmodels:\n");
                for (int i = folder * perFolder; i < Math.min(models, (folder + 1) * perFolder); i++) {
                    int parent = i < 10 ? -1 : i / 2;
                    String sql = parent < 0
                            ? "-- root model " + i + "\nselect id, 'name ' || id as name, id % 7 as bucket\n"
                              + "from (values (1), (2), (3)) as v(id)\n"
                            : "-- model " + i + " reads model " + parent + "\nselect id, name, bucket + " + (i % 5)
                              + " as bucket\nfrom ${ref('model_" + parent + "')}\nwhere bucket >= 0\n";
                    Files.writeString(dir.resolve("model_" + i + ".sql"), sql);
                    yml.write("  - name: model_" + i + "\n    description: Synthetic model " + i + "\n"
                            + "    columns:\n      - name: id\n        tests:\n          - unique\n"
                            + "          - not_null\n");
                    int target = parent < 0 ? (i == 0 ? -1 : 0) : parent;
                    if (target >= 0) {
                        yml.write("          - relationships: {to: \"ref('model_" + target + "')\", field: id}\n");
                    } else {
                        yml.write("          - accepted_values: {values: [1, 2, 3]}\n");
                    }
                }
            }
        }
        System.out.println("Wrote " + models + " models with " + (models * 3) + " tests to " + out);
    }
}
