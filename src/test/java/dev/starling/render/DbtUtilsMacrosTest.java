package dev.starling.render;

import static dev.starling.support.TestProjects.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.StarlingException;
import dev.starling.project.Project;
import dev.starling.project.ProjectLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in macro library as text: named arguments, errors naming the argument, columns from the YAML,
 * per-target variants of a project's macros and project macros overriding the built-ins. What the SQL computes is
 * checked on the engines by {@code DbtUtilsOnDuckDbTest} and {@code DbtUtilsOnRedshiftTest}.
 */
class DbtUtilsMacrosTest {

    private static final Dialect DUCKDB = () -> "duckdb";
    private static final Dialect REDSHIFT = () -> "redshift";

    @TempDir
    Path dir;

    private String render(String sql, Dialect dialect) {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/m.sql"), sql);
        Project project = ProjectLoader.load(dir, Map.of(), name -> null);
        Renderer renderer = new Renderer(project, project.config().target(null), dialect, name -> null);
        return renderer.compile(project.node("model.m")).sql();
    }

    private String render(String sql) {
        return render(sql, DUCKDB);
    }

    private String fails(String sql) {
        return assertThrows(StarlingException.class, () -> render(sql)).getMessage();
    }

    @Test
    void surrogateKeyIsDbtUtilsConcatenationOnEachTarget() {
        assertEquals("select md5(cast(coalesce(cast(a as varchar), '_dbt_utils_surrogate_key_null_') || '-' ||"
                + " coalesce(cast(b as varchar), '_dbt_utils_surrogate_key_null_') as varchar))",
                render("select ${generate_surrogate_key(['a', 'b'])}"));
        assertTrue(render("select ${generate_surrogate_key(['a'])}", REDSHIFT)
                .contains("cast(a as varchar(65535))"), "Redshift's varchar alone is 256 characters");
    }

    @Test
    void namedArgumentsAreOneHashInAnyOrder() {
        assertEquals(render("${safe_divide('x', 'y')}"), render("${safe_divide({'denominator': 'y', 'numerator': 'x'})}"));
        assertEquals("(x) / nullif((y), 0)", render("${safe_divide('x', 'y')}"));
        assertEquals(render("${pivot('s', ['a'], true, 'max')}"), render("${pivot({'values': ['a'], 'column': 's', 'agg': 'max'})}"));
    }

    @Test
    void anUnknownArgumentNameIsAnErrorNamingIt() {
        String message = fails("select ${safe_divide({'numerator': 'x', 'denominatr': 'y'})}");
        assertTrue(message.contains("models/m.sql:1: safe_divide() has no argument 'denominatr'. Did you mean"
                + " 'denominator'?"), message);
        assertTrue(message.contains("It takes safe_divide(numerator, denominator)"), message);
    }

    @Test
    void aMissingOrExtraArgumentIsAnError() {
        String missing = fails("select ${safe_divide({'numerator': 'x'})}");
        assertTrue(missing.contains("safe_divide() needs 'denominator'"), missing);
        String extra = fails("select ${safe_divide('x', 'y', 'z')}");
        assertTrue(extra.contains("safe_divide() takes at most 2 arguments, got 3"), extra);
    }

    @Test
    void dbtKeywordSyntaxGetsTheHashForm() {
        String message = fails("select ${date_spine(datepart='day', start_date='a', end_date='b')}");
        assertTrue(message.contains("models/m.sql:1:"), message);
        assertTrue(message.contains("take no name=value arguments"), message);
        assertTrue(message.contains("date_spine({'datepart': ...})"), message);
        String later = fails("select ${date_spine('day', start_date='a', end_date='b')}");
        assertTrue(later.contains("date_spine({'start_date': ...})"), later);
        String defined = fails("select ${date_spine(target='day')}"); // a defined name: a type error in FreeMarker
        assertTrue(defined.contains("date_spine({'target': ...})"), defined);
        String other = fails("select ${date_spine('day', 'a', nope)}");
        assertTrue(other.contains("date_spine(): 'end_date' has no value (is a name in the call undefined?"), other);
    }

    @Test
    void starReadsTheColumnsFromTheYamlAndSaysWhenThereAreNone() {
        write(dir.resolve("models/base.sql"), "select 1 as id, 2 as Amount, 3 as note\n");
        write(dir.resolve("models/base.yml"), "models:\n  - name: base\n    columns: [{name: id}, {name: Amount}, {name: note}]\n");
        assertEquals("select \"id\",\n  \"note\" from \"main\".\"base\"",
                render("select ${star(ref('base'), ['amount'])} from ${ref('base')}"));
        assertEquals("select b.\"id\" as \"b_id\" from b", render("select ${star({'from': ref('base'), 'except':"
                + " ['amount', 'note'], 'relation_alias': 'b', 'prefix': 'b_'})} from b"));
        write(dir.resolve("models/base.yml"), "models:\n  - name: base\n");
        String message = fails("select ${star(ref('base'))}");
        assertTrue(message.contains("model base declares no columns: star() and union_relations() read them from the"
                + " YAML (compile does not ask the database). List them under columns: of 'base'"), message);
    }

    @Test
    void unionRelationsTakesIncludeExcludeOverridesAndAWhere() {
        write(dir.resolve("models/a.sql"), "select 1 as id, 'x' as note\n");
        write(dir.resolve("models/b.sql"), "select 2 as Id, 3 as extra\n");
        write(dir.resolve("models/ab.yml"), "models:\n  - name: a\n    columns: [{name: id}, {name: note}]\n"
                + "  - name: b\n    columns: [{name: Id}, {name: extra, data_type: integer}]\n");
        String sql = render("${union_relations({'relations': [ref('a'), ref('b')], 'exclude': ['NOTE'],"
                + " 'column_override': {'id': 'bigint'}, 'source_column_name': 'src', 'where': 'id > 0'})}");
        assertEquals("""
                (
                    select
                        cast('"main"."a"' as varchar) as "src",
                        cast("id" as bigint) as "id",
                        cast(null as integer) as "extra"
                    from "main"."a"
                    where id > 0
                )
                union all
                (
                    select
                        cast('"main"."b"' as varchar) as "src",
                        cast("id" as bigint) as "id",
                        cast("extra" as integer) as "extra"
                    from "main"."b"
                    where id > 0
                )""", sql);
        String both = fails("${union_relations({'relations': [ref('a')], 'include': ['id'], 'exclude': ['note']})}");
        assertTrue(both.contains("union_relations(): give include or exclude, not both"), both);
    }

    @Test
    void aTargetVariantOfAProjectMacroReplacesItOnThatTargetOnly() {
        write(dir.resolve("macros/engine.ftl"), "<#function engine_name><#return \"'any'\"></#function>\n");
        write(dir.resolve("macros/engine.redshift.ftl"), "<#function engine_name><#return \"'redshift'\"></#function>\n");
        write(dir.resolve("macros/other.postgres.ftl"), "<#function engine_name><#return \"'postgres'\"></#function>\n");
        assertEquals("select 'any'", render("select ${engine_name()}", DUCKDB));
        assertEquals("select 'redshift'", render("select ${engine_name()}", REDSHIFT));
    }

    @Test
    void aProjectMacroOverridesABuiltInOfTheSameName() {
        write(dir.resolve("macros/keys.ftl"), "<#function generate_surrogate_key fields><#return \"mine(\" +"
                + " fields?join(',') + \")\"></#function>\n");
        assertEquals("select mine(a,b)", render("select ${generate_surrogate_key(['a', 'b'])}"));
    }

    @Test
    void dateSpineNamesItsColumnAfterTheDatepartAndRejectsAnUnknownOne() {
        String spine = render("${date_spine('week', \"date '2024-01-01'\", \"date '2024-02-01'\")}");
        assertTrue(spine.contains("as date_week"), spine);
        assertTrue(spine.contains("interval '7 day'"), spine);
        String message = fails("${date_spine('fortnight', 'a', 'b')}");
        assertTrue(message.contains("date_spine(): unknown datepart 'fortnight'"), message);
    }
}
