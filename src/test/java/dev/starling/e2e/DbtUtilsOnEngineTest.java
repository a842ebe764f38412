package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.TestProjects;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in dbt_utils macros and generic tests, built for real by the CLI on one engine (each subclass: DuckDB,
 * or PostgreSQL through the Redshift adapter). Every expected value is computed here, in Java, from the fixture
 * rows: the surrogate keys as md5 of the dbt_utils concatenation, the spines by date arithmetic, the pivot counts
 * by counting, the kept rows of deduplicate by sorting.
 */
public abstract class DbtUtilsOnEngineTest {

    /** The fixture: order_id, customer, ordered_on, amount, qty, status. NULLs in customer, ordered_on, amount. */
    private static final List<Object[]> ORDERS = List.of(
            new Object[] {1, "alice", "2024-01-01", 10.0, 2, "placed"},
            new Object[] {2, null, "2024-01-02", 5.0, 0, "shipped"},
            new Object[] {3, "bob", null, null, 4, "placed"},
            new Object[] {3, "bob", "2024-01-05", 7.5, 1, "shipped"});

    @TempDir
    protected Path dir;

    /** The project.yml lines naming the target (name: and the target settings). */
    protected abstract String projectYaml();

    /** The schema models are built in. */
    protected abstract String schema();

    /** Every row of a query on the target, each value as text (NULL as null). */
    protected abstract List<List<String>> rows(String sql);

    /** The target type, which picks the project's macro variants (macros/x.<type>.ftl). */
    protected abstract String targetType();

    /** The rows of a result set, each value as text. */
    protected static List<List<String>> texts(ResultSet rs) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                row.add(rs.getString(i));
            }
            out.add(row);
        }
        return out;
    }

    protected Map<String, String> env() {
        return Map.of();
    }

    private static String sqlValue(Object value, String type) {
        if (value == null) {
            return "cast(null as " + type + ")";
        }
        return value instanceof String text ? "cast('" + text + "' as " + type + ")" : "cast(" + value + " as " + type + ")";
    }

    private void writeProject() {
        TestProjects.write(dir.resolve("project.yml"), projectYaml());
        List<String> values = new ArrayList<>();
        for (Object[] row : ORDERS) {
            values.add("select " + sqlValue(row[0], "integer") + " as order_id, " + sqlValue(row[1], "varchar(20)")
                    + " as customer, " + sqlValue(row[2], "date") + " as ordered_on, " + sqlValue(row[3], "double precision")
                    + " as amount, " + sqlValue(row[4], "integer") + " as qty, " + sqlValue(row[5], "varchar(20)")
                    + " as status");
        }
        TestProjects.write(dir.resolve("models/orders.sql"), String.join("\nunion all\n", values) + "\n");
        TestProjects.write(dir.resolve("models/customers.sql"),
                "select 'alice' as name, true as active union all select 'bob' as name, false as active\n");
        TestProjects.write(dir.resolve("models/orders_a.sql"), "select order_id, customer from ${ref('orders')}"
                + " where order_id = 1\n");
        TestProjects.write(dir.resolve("models/orders_b.sql"), "select order_id, amount from ${ref('orders')}"
                + " where order_id = 2\n");
        TestProjects.write(dir.resolve("models/properties.yml"), """
                models:
                  - name: orders
                    columns:
                      - {name: order_id}
                      - {name: customer}
                      - {name: ordered_on}
                      - {name: amount}
                      - {name: qty}
                      - {name: status}
                  - name: orders_a
                    columns: [{name: order_id}, {name: customer}]
                  - name: orders_b
                    columns: [{name: order_id}, {name: amount, data_type: double precision}]
                """);
        TestProjects.write(dir.resolve("macros/engine.ftl"), "<#function engine_label><#return \"'plain'\"></#function>\n");
        TestProjects.write(dir.resolve("macros/engine.redshift.ftl"),
                "<#function engine_label><#return \"'on ' || 'redshift'\"></#function>\n");
        TestProjects.write(dir.resolve("macros/engine.duckdb.ftl"),
                "<#function engine_label><#return \"'on ' || 'duckdb'\"></#function>\n");
        TestProjects.write(dir.resolve("models/engine.sql"), "select ${engine_label()} as label\n");
        TestProjects.write(dir.resolve("models/keys.sql"), """
                select order_id, customer, ordered_on,
                  ${generate_surrogate_key(['order_id', 'customer', 'ordered_on'])} as key3,
                  ${generate_surrogate_key({'field_list': ['customer']})} as key1
                from ${ref('orders')}
                """);
        TestProjects.write(dir.resolve("models/ratios.sql"), """
                select order_id, qty, ${safe_divide('amount', 'qty')} as per_unit,
                  ${safe_divide({'denominator': 'qty', 'numerator': 'amount'})} as per_unit_named
                from ${ref('orders')}
                """);
        TestProjects.write(dir.resolve("models/spine_days.sql"),
                "${date_spine('day', \"cast('2024-02-27' as date)\", \"cast('2024-03-02' as date)\")}\n");
        TestProjects.write(dir.resolve("models/spine_months.sql"), """
                select date_month from (
                ${date_spine({'datepart': 'month', 'start_date': "cast('2024-01-31' as date)",
                              'end_date': "cast('2024-06-01' as date)"})}
                ) as spine
                """);
        TestProjects.write(dir.resolve("models/starred.sql"), """
                select ${star(ref('orders'), ['Amount', 'qty'])},
                  ${star({'from': ref('orders'), 'except': ['order_id', 'customer', 'ordered_on', 'status'],
                          'relation_alias': 'o', 'prefix': 'o_', 'suffix': '_x'})}
                from ${ref('orders')} as o
                """);
        TestProjects.write(dir.resolve("models/unioned.sql"),
                "${union_relations([ref('orders_a'), ref('orders_b')])}\n");
        TestProjects.write(dir.resolve("models/pivoted.sql"), """
                select customer, ${pivot('status', ['placed', 'shipped'])},
                  ${pivot({'column': 'status', 'values': ['placed'], 'agg': 'max', 'then_value': 'qty',
                           'else_value': 'null', 'prefix': 'max qty ', 'quote_identifiers': false})}
                from ${ref('orders')}
                where customer is not null
                group by customer
                """);
        TestProjects.write(dir.resolve("models/deduplicated.sql"),
                "${deduplicate(ref('orders'), 'order_id', 'ordered_on desc nulls last')}\n");
        TestProjects.write(dir.resolve("models/deduplicated_cte.sql"), """
                with base as (select order_id, qty from ${ref('orders')})
                ${deduplicate({'relation': 'base', 'partition_by': 'order_id', 'order_by': 'qty desc'})}
                """);
    }

    private Cli.Result build(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        return Cli.run(dir, env(), all.toArray(new String[0]));
    }

    static String md5(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** dbt_utils' key: each field's text, NULL as '_dbt_utils_surrogate_key_null_', joined with '-', md5. */
    static String dbtUtilsKey(Object... fields) {
        List<String> parts = new ArrayList<>();
        for (Object field : fields) {
            parts.add(field == null ? "_dbt_utils_surrogate_key_null_" : field.toString());
        }
        return md5(String.join("-", parts));
    }

    private String rel(String name) {
        return schema() + "." + name;
    }

    @Test
    void macrosGiveTheValuesComputedIndependently() {
        writeProject();
        Cli.Result result = build("build");
        assertEquals(0, result.status(), result::toString);

        // the project's macro variant for this target type replaced the plain one
        assertEquals(List.of("on " + targetType()), column("select label from " + rel("engine")));

        // generate_surrogate_key: md5 of the dbt_utils concatenation, NULLs included
        List<List<String>> keys = rows("select order_id, customer, cast(ordered_on as varchar(10)), key3, key1 from "
                + rel("keys") + " order by order_id, ordered_on");
        assertEquals(4, keys.size());
        List<Object[]> sorted = new ArrayList<>(ORDERS);
        sorted.sort((a, b) -> a[0] != b[0] ? (Integer) a[0] - (Integer) b[0]
                : a[2] == null ? 1 : b[2] == null ? -1 : ((String) a[2]).compareTo((String) b[2]));
        for (int i = 0; i < 4; i++) {
            Object[] row = sorted.get(i);
            assertEquals(dbtUtilsKey(row[0], row[1], row[2]), keys.get(i).get(3), "key3 of " + Arrays.toString(row));
            assertEquals(dbtUtilsKey(row[1]), keys.get(i).get(4), "key1 of " + Arrays.toString(row));
        }
        assertEquals(md5("2-_dbt_utils_surrogate_key_null_-2024-01-02"), keys.get(1).get(3));

        // safe_divide: NULL for a 0 denominator and for a NULL numerator
        Map<String, Double> perUnit = new TreeMap<>();
        for (List<String> row : rows("select order_id, qty, per_unit, per_unit_named from " + rel("ratios"))) {
            assertEquals(row.get(2), row.get(3));
            perUnit.put(row.get(0) + "/" + row.get(1), row.get(2) == null ? null : Double.parseDouble(row.get(2)));
        }
        Map<String, Double> expectedPerUnit = new TreeMap<>();
        for (Object[] row : ORDERS) {
            int qty = (Integer) row[4];
            expectedPerUnit.put(row[0] + "/" + qty, row[3] == null || qty == 0 ? null : (Double) row[3] / qty);
        }
        assertEquals(expectedPerUnit, perUnit);

        // date_spine: start included, end excluded; months added to the start (Jan 31, Feb 29, Mar 31, ...)
        List<String> days = new ArrayList<>();
        for (LocalDate d = LocalDate.parse("2024-02-27"); d.isBefore(LocalDate.parse("2024-03-02")); d = d.plusDays(1)) {
            days.add(d.toString());
        }
        assertEquals(days, column("select cast(cast(date_day as date) as varchar(10)) from " + rel("spine_days")
                + " order by 1"));
        List<String> months = new ArrayList<>();
        for (int k = 0; LocalDate.parse("2024-01-31").plusMonths(k).isBefore(LocalDate.parse("2024-06-01")); k++) {
            months.add(LocalDate.parse("2024-01-31").plusMonths(k).toString());
        }
        assertEquals(List.of("2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"), months);
        assertEquals(months, column("select cast(cast(date_month as date) as varchar(10)) from " + rel("spine_months")
                + " order by 1"));

        // star: the YAML's columns minus the excluded ones (case-insensitive), with alias, prefix and suffix
        assertEquals(List.of("order_id", "customer", "ordered_on", "status", "o_amount_x", "o_qty_x"),
                column("select column_name from information_schema.columns where table_schema = '" + schema()
                        + "' and table_name = 'starred' order by ordinal_position"));

        // union_relations: every column of either, NULL where one lacks it, and the relation each row came from
        assertEquals(List.of("_dbt_source_relation", "order_id", "customer", "amount"),
                column("select column_name from information_schema.columns where table_schema = '" + schema()
                        + "' and table_name = 'unioned' order by ordinal_position"));
        List<List<String>> unioned = rows("select _dbt_source_relation, order_id, customer, amount from "
                + rel("unioned") + " order by order_id");
        assertEquals(2, unioned.size());
        assertEquals(Arrays.asList("\"" + schema() + "\".\"orders_a\"", "1", "alice", null), unioned.get(0));
        assertEquals("\"" + schema() + "\".\"orders_b\"", unioned.get(1).get(0));
        assertEquals(Arrays.asList("2", null, 5.0), Arrays.asList(unioned.get(1).get(1), unioned.get(1).get(2),
                Double.parseDouble(unioned.get(1).get(3))));

        // pivot: counts per customer and status, and a max of qty under a slugified name
        Map<String, List<Long>> expectedPivot = new TreeMap<>();
        for (Object[] row : ORDERS) {
            if (row[1] != null) {
                List<Long> counts = expectedPivot.computeIfAbsent((String) row[1], c -> new ArrayList<>(List.of(0L, 0L, -1L)));
                counts.set(row[5].equals("placed") ? 0 : 1, counts.get(row[5].equals("placed") ? 0 : 1) + 1);
                if (row[5].equals("placed")) {
                    counts.set(2, Math.max(counts.get(2), ((Integer) row[4]).longValue()));
                }
            }
        }
        Map<String, List<Long>> pivot = new TreeMap<>();
        for (List<String> row : rows("select customer, \"placed\", \"shipped\", max_qty_placed from " + rel("pivoted"))) {
            pivot.put(row.get(0), List.of(Long.parseLong(row.get(1)), Long.parseLong(row.get(2)),
                    row.get(3) == null ? -1L : Long.parseLong(row.get(3))));
        }
        assertEquals(expectedPivot, pivot);

        // deduplicate: one row per order_id, the first by ordered_on desc nulls last; a CTE too
        List<List<String>> kept = rows("select order_id, cast(ordered_on as varchar(10)), qty from " + rel("deduplicated")
                + " order by order_id");
        assertEquals(List.of(Arrays.asList("1", "2024-01-01", "2"), Arrays.asList("2", "2024-01-02", "0"),
                Arrays.asList("3", "2024-01-05", "1")), kept);
        assertEquals(List.of(List.of("1", "2"), List.of("2", "0"), List.of("3", "4")),
                rows("select order_id, qty from " + rel("deduplicated_cte") + " order by order_id"));
        assertEquals(List.of("order_id", "qty"), column("select column_name from information_schema.columns where"
                + " table_schema = '" + schema() + "' and table_name = 'deduplicated_cte' order by ordinal_position"));
    }

    @Test
    void compileNeedsNoDatabase() {
        writeProject();
        // no password, nothing built: star() and union_relations() read the YAML
        Cli.Result compile = Cli.run(dir, Map.of(), "compile", "--select", "starred", "unioned");
        assertEquals(0, compile.status(), compile::toString);
        assertTrue(compile.out().contains("select \"order_id\",\n  \"customer\",\n  \"ordered_on\",\n  \"status\",\n"
                + "  o.\"amount\" as \"o_amount_x\""), compile::toString);
        assertTrue(compile.out().contains("as \"_dbt_source_relation\""), compile::toString);
        assertTrue(!java.nio.file.Files.exists(dir.resolve("target/shop.duckdb")), "compile opened no database");
    }

    private List<String> column(String sql) {
        return rows(sql).stream().map(row -> row.get(0)).toList();
    }

    @Test
    void genericTestsPassAndFailWhereTheyShould() {
        writeProject();
        TestProjects.write(dir.resolve("models/tests.yml"), """
                models:
                  - name: ratios
                    tests:
                      - expression_is_true: {expression: "qty >= 0"}
                      - dbt_utils.expression_is_true: {expression: "per_unit > 6"}
                      - unique_combination_of_columns: {combination_of_columns: [order_id, qty]}
                      - dbt_utils.unique_combination_of_columns: {combination_of_columns: [order_id]}
                    columns:
                      - name: qty
                        tests:
                          - accepted_range: {min_value: 0, max_value: 4}
                          - dbt_utils.accepted_range: {min_value: 1}
                          - accepted_range: {min_value: 0, max_value: 4, inclusive: false}
                      - name: per_unit
                        tests:
                          - expression_is_true: {expression: "< 6"}
                          - not_null_proportion: {at_least: 0.5}
                          - dbt_utils.not_null_proportion: {at_least: 0.75}
                  - name: keys
                    columns:
                      - name: customer
                        tests:
                          - relationships_where: {to: "ref('customers')", field: name}
                          - dbt_utils.relationships_where: {to: "ref('customers')", field: name, to_condition: active}
                          - relationships_where: {to: "ref('customers')", field: name, to_condition: active,
                                                  from_condition: "customer <> 'bob'"}
                """);
        Cli.Result result = build("build");
        assertEquals(1, result.status(), result::toString);
        String out = result.out().replaceAll(" +", " ");
        Map<String, String> expected = new TreeMap<>();
        expected.put("expression_is_true_ratios", "PASS");
        expected.put("expression_is_true_ratios_2", "FAIL 1 failing row"); // 10 / 2 = 5; NULLs are not checked
        expected.put("unique_combination_of_columns_ratios", "PASS");
        expected.put("unique_combination_of_columns_ratios_2", "FAIL 1 failing row");
        expected.put("accepted_range_ratios_qty", "PASS");
        expected.put("accepted_range_ratios_qty_2", "FAIL 1 failing row"); // qty 0
        expected.put("accepted_range_ratios_qty_3", "FAIL 2 failing rows"); // qty 0 and 4
        expected.put("expression_is_true_ratios_per_unit", "FAIL 1 failing row"); // 7.5
        expected.put("not_null_proportion_ratios_per_unit", "PASS"); // 2 of 4
        expected.put("not_null_proportion_ratios_per_unit_2", "FAIL 1 failing row");
        expected.put("relationships_where_keys_customer__customers", "PASS");
        expected.put("relationships_where_keys_customer__customers_2", "FAIL 2 failing rows"); // bob (twice) is not active
        expected.put("relationships_where_keys_customer__customers_3", "PASS");
        Map<String, String> actual = new TreeMap<>();
        Matcher line = Pattern.compile("(PASS|FAIL) test (\\S+) \\.+ \\[(?:(\\d+ failing rows?) )?in ").matcher(out);
        while (line.find()) {
            actual.put(line.group(2), line.group(1) + (line.group(3) == null ? "" : " " + line.group(3)));
        }
        assertEquals(expected, actual, out);
        assertTrue(out.contains("accepted_range"), out);
    }
}
