package dev.starling.project;

import dev.starling.StarlingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code starling init NAME}: a minimal project that builds on an embedded DuckDB as it is (project.yml, two
 * models, a properties file with tests, a README), in a new folder NAME.
 */
public final class NewProject {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private NewProject() {
    }

    /** Creates the project in {@code parent.resolve(name)}; returns the files written, relative to it. */
    public static List<Path> create(Path parent, String name) {
        if (!NAME.matcher(name).matches()) {
            throw StarlingException.usage("project name '" + name + "' is not a valid name; use letters, digits and _"
                    + " (it names the folder and the DuckDB file), e.g. starling init my_project");
        }
        Path dir = parent.resolve(name).toAbsolutePath().normalize();
        if (Files.exists(dir)) {
            throw StarlingException.usage(dir + " already exists; init creates a new folder and writes into no"
                    + " existing one. Choose another name or folder.");
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put(ProjectConfig.FILE_NAME, """
                name: %1$s
                version: 1

                model-paths: [models]
                test-paths: [tests]
                analysis-paths: [analyses]
                macro-paths: [macros]

                target: dev
                targets:
                  dev:
                    type: duckdb
                    path: target/%1$s.duckdb
                    schema: main
                    threads: 4
                """.formatted(name));
        files.put("models/example/greetings.sql", """
                -- A model is one select; the file's name is the table's name.
                select 1 as id, 'hello' as greeting
                union all
                select 2 as id, 'world' as greeting
                """);
        files.put("models/example/loud_greetings.sql", """
                -- ${ref('greetings')} reads another model: Starling builds greetings first.
                select id, upper(greeting) as greeting
                from ${ref('greetings')}
                """);
        files.put("models/example/schema.yml", """
                version: 1

                models:
                  - name: greetings
                    description: Two greetings.
                    columns:
                      - name: id
                        tests: [unique, not_null]
                  - name: loud_greetings
                    description: The greetings, upper case.
                    config:
                      materialized: view
                    columns:
                      - name: id
                        tests:
                          - unique
                          - not_null
                          - relationships: {to: "ref('greetings')", field: id}
                """);
        files.put("README.md", """
                # %1$s

                A Starling project on an embedded DuckDB (`target/%1$s.duckdb`).

                ```bash
                starling build                 # build the models and run their tests
                starling show greetings        # the rows of a built model
                starling ls                    # the models, tests and their dependencies
                ```

                Models are the `.sql` files under `models/`; their tests and descriptions are in `models/**/*.yml`.
                """.formatted(name));
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            for (String folder : List.of("tests", "analyses", "macros")) {
                Files.createDirectories(dir.resolve(folder));
            }
        } catch (IOException e) {
            throw StarlingException.project("cannot create " + dir + ": " + FileReasons.of(e));
        }
        return files.keySet().stream().map(Path::of).toList();
    }
}
