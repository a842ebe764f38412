package dev.starling.cli;

import static dev.starling.support.TestProjects.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a dbt user's first run meets, through the real command line: Jinja in a template, a dbt_project.yml and
 * dbt-only YAML sections each get a message that names the file, the line and the Starling form.
 */
class ComingFromDbtTest {

    @TempDir
    Path dir;

    private void project() {
        write(dir.resolve("project.yml"), "name: shop\n");
        write(dir.resolve("models/orders.sql"), "select 1 as id\n");
    }

    /** Exit 2 and one error line; returns it without "Error: ". */
    private static String projectError(Cli.Result result) {
        assertEquals(2, result.status(), result.toString());
        List<String> lines = result.err().strip().lines().toList();
        assertEquals(1, lines.size(), result.toString());
        assertTrue(lines.get(0).startsWith("Error: "), result.toString());
        return lines.get(0).substring("Error: ".length());
    }

    private int projects;

    /** The error of a fresh project with one more file. */
    private String errorFor(String file, String text) {
        Path project = dir.resolve("p" + projects++);
        write(project.resolve("project.yml"), "name: shop\n");
        write(project.resolve("models/orders.sql"), "select 1 as id\n");
        write(project.resolve(file), text);
        return projectError(Cli.run(project, "ls"));
    }

    @Test
    void refInDoubleBracesNamesTheLineAndTheFreeMarkerForm() {
        String message = errorFor("models/items.sql", """
                -- the {{ ref('x') }} in this comment is fine, and so is '{{ this one }}' in a string
                /* and {% if %} in
                   a block comment */
                select *
                from {{ ref('orders') }}
                """);
        assertEquals("models/items.sql:5: dbt's Jinja syntax '{{ ref('orders') }}' is not Starling's: templates are"
                + " FreeMarker. Write '${ref('orders')}' (see the README's \"Coming from dbt\" table).", message);
    }

    @Test
    void eachJinjaConstructGetsItsFreeMarkerForm() {
        assertTrue(errorFor("models/a.sql", "select * from {{ source('raw', 'orders') }}")
                .contains("Write '${source('raw', 'orders')}'"));
        assertTrue(errorFor("models/a.sql", "{{ config(materialized='view', tags=['x']) }}\nselect 1")
                .contains("Write '<@config materialized=\"view\" tags=['x']/>'"));
        assertTrue(errorFor("models/a.sql", "{% set cols = ['a', 'b'] %}\nselect 1")
                .contains("Write '<#assign cols = ['a', 'b']>'"));
        assertTrue(errorFor("models/a.sql", "select\n{%- for c in cols %} {{ c }}, {% endfor %} 1")
                .startsWith("models/a.sql:2:"));
        assertTrue(errorFor("models/a.sql", "select\n{%- for c in cols %} {{ c }}, {% endfor %} 1")
                .contains("Write '<#list cols as c> ... </#list>'"));
        assertTrue(errorFor("models/a.sql", "select 1 {% if target.name == 'dev' %} limit 10 {% endif %}")
                .contains("Write '<#if target.name == 'dev'> ... </#if>'"));
        assertTrue(errorFor("models/a.sql", "{# a Jinja comment #}\nselect 1")
                .contains("Write '<#-- a Jinja comment -->'"));
        assertTrue(errorFor("models/a.sql", "select '{{ var(''x'') }}' as s, {{ var('start') }} as d")
                .contains("'{{ var('start') }}'"));
        assertTrue(errorFor("models/a.sql", "select * from {{ this }}").contains("Write '${this}'"));
        assertTrue(errorFor("models/a.sql", "select 1 {% if is_incremental() %} where 1 {% endif %}")
                .contains("Write '<#if is_incremental()> ... </#if>'"));
    }

    @Test
    void jinjaInTestsAnalysesAndMacrosIsFoundToo() {
        String test = errorFor("tests/no_negative.sql", "select * from {{ ref('orders') }} where id < 0");
        assertTrue(test.startsWith("tests/no_negative.sql:1: "), test);
        assertTrue(errorFor("tests/generic/positive.sql", "{% test positive(model, column_name) %}\nselect 1")
                .startsWith("tests/generic/positive.sql:1: "));
        assertTrue(errorFor("analyses/a.sql", "\n\nselect * from {{ ref('orders') }}").startsWith("analyses/a.sql:3: "));
        String macro = errorFor("macros/cents.ftl", "<#-- don't {{ stop }} here -->\n{% macro cents(col) %}");
        assertTrue(macro.startsWith("macros/cents.ftl:2: "), macro);
        assertTrue(macro.contains("'<#function cents col>"), macro);
    }

    @Test
    void freeMarkerAndDuckDbStructsAreNotMistakenForJinja() {
        project();
        write(dir.resolve("models/items.sql"), """
                <#assign m = {"a": {"b": 1}}>
                select {'k': {'v': ${m.a.b}}} as s, id as "it's {{ fine }}", '${"it's"}' as t from ${ref('orders')}
                """);
        Cli.Result ls = Cli.run(dir, "ls");
        assertEquals(0, ls.status(), ls.toString());
        assertEquals("", ls.err(), ls.toString());
    }

    @Test
    void aDbtProjectFolderIsToldWhatToRename() {
        write(dir.resolve("dbt_project.yml"), "name: shop\nprofile: shop\n");
        write(dir.resolve("models/orders.sql"), "select 1 as id\n");
        String message = projectError(Cli.run(dir, "build"));
        assertTrue(message.contains("but a dbt_project.yml: this looks like a dbt project. Rename dbt_project.yml to"
                + " project.yml"), message);
        assertTrue(message.contains("profiles.yml into it under 'targets:'"), message);
        assertTrue(message.contains("README's \"Coming from dbt\" table"), message);
    }

    @Test
    void dbtOnlySectionsAreOneWarningAndOtherUnknownKeysStayErrors() {
        project();
        write(dir.resolve("models/schema.yml"), """
                models:
                  - name: orders
                semantic_models:
                  - name: orders
                metrics:
                  - name: order_count
                """);
        write(dir.resolve("models/more.yml"), """
                saved_queries: []
                exposures: []
                unit_tests: []
                groups: []
                """);
        Cli.Result ls = Cli.run(dir, "ls");
        assertEquals(0, ls.status(), ls.toString());
        assertEquals("Warning: dbt-only sections skipped (Starling does not read them): saved_queries in"
                + " models/more.yml:1, exposures in models/more.yml:2, unit_tests in models/more.yml:3, groups in"
                + " models/more.yml:4, semantic_models in models/schema.yml:3, metrics in models/schema.yml:5",
                ls.err().strip());

        write(dir.resolve("models/more.yml"), "saved_queries: []\nanalyses: []\n");
        String message = projectError(Cli.run(dir, "ls"));
        assertTrue(message.startsWith("models/more.yml:2: "), message);
        assertTrue(message.contains("'analyses'"), message);
    }
}
