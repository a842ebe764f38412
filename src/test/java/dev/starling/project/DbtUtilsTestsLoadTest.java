package dev.starling.project;

import static dev.starling.support.TestProjects.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.StarlingException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dbt_utils generic tests in properties files: both spellings, and their arguments checked at load. */
class DbtUtilsTestsLoadTest {

    @TempDir
    Path dir;

    private Project load(String tests) {
        write(dir.resolve("project.yml"), "name: x\n");
        write(dir.resolve("models/orders.sql"), "select 1 as id, 2 as qty\n");
        write(dir.resolve("models/orders.yml"), "models:\n  - name: orders\n    columns:\n      - name: qty\n"
                + "        tests:\n" + tests.indent(10));
        return ProjectLoader.load(dir, Map.of(), name -> null);
    }

    private String fails(String tests) {
        return assertThrows(StarlingException.class, () -> load(tests)).getMessage();
    }

    @Test
    void bothSpellingsNameTheBuiltInTest() {
        Project project = load("- dbt_utils.accepted_range: {min_value: 0}\n- accepted_range: {max_value: 9}\n"
                + "- not_null_proportion: {at_least: 0.9}\n");
        List<String> tests = project.all().stream().filter(n -> n.test() != null).map(n -> n.test().testName()).toList();
        assertEquals(List.of("accepted_range", "accepted_range", "not_null_proportion"), tests);
    }

    @Test
    void missingArgumentsAreErrorsWithAnExample() {
        String range = fails("- dbt_utils.accepted_range: {inclusive: false}\n");
        assertTrue(range.contains("models/orders.yml:6: test 'accepted_range' needs 'min_value' or 'max_value'"
                + " (e.g. accepted_range: {min_value: 0, max_value: 100})"), range);
        String expression = fails("- expression_is_true: {}\n");
        assertTrue(expression.contains("test 'expression_is_true' needs 'expression'"), expression);
        String proportion = fails("- not_null_proportion\n");
        assertTrue(proportion.contains("test 'not_null_proportion' needs 'at_least'"), proportion);
        String where = fails("- relationships_where: {to: \"ref('orders')\"}\n");
        assertTrue(where.contains("test 'relationships_where' needs 'field'"), where);
        String combination = fails("- unique_combination_of_columns: {combination_of_columns: qty}\n");
        assertTrue(combination.contains("'combination_of_columns' of test 'unique_combination_of_columns' is a list"),
                combination);
    }

    @Test
    void anUnknownDbtUtilsTestIsStillUnknown() {
        String message = fails("- dbt_utils.at_least_one\n");
        assertTrue(message.contains("unknown test 'dbt_utils.at_least_one'"), message);
    }
}
