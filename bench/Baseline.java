import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The benchmark's baseline: the SQL that {@code starling compile} rendered, run statement by statement over one
 * plain JDBC connection to DuckDB, with no runner around it (no temporary tables, swaps, transactions, row
 * counts or threads). What it runs is the output of {@code starling ls} (dependency order) and the files under
 * target/compiled/.
 *
 * <p>Usage: java -cp starling.jar:CLASSES Baseline PROJECT_DIR LS_OUTPUT DATABASE_FILE [MEMORY_LIMIT]
 * <br>or: Baseline --sql DATABASE_FILE STATEMENT (runs one statement and prints its wall time and row count).
 */
public final class Baseline {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--sql")) {
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + args[1]);
                 Statement statement = connection.createStatement()) {
                long start = System.nanoTime();
                try (ResultSet rs = statement.executeQuery(args[2])) {
                    rs.next();
                    System.out.printf("%.3f %d%n", (System.nanoTime() - start) / 1e9, rs.getLong(1));
                }
            }
            return;
        }
        Path project = Path.of(args[0]);
        List<String> ls = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        Path compiled = project.resolve("target/compiled");
        Properties settings = new Properties();
        if (args.length > 3) {
            settings.setProperty("memory_limit", args[3]);
        }
        long statements = 0;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + args[2], settings);
             Statement statement = connection.createStatement()) {
            for (String row : ls.subList(2, ls.size())) {
                String[] cells = row.split("\\|");
                if (cells.length < 4) {
                    continue;
                }
                String type = cells[0].trim();
                String name = cells[1].trim();
                String file = cells[3].trim();
                boolean inYaml = file.endsWith(".yml") || file.endsWith(".yaml");
                Path sqlFile = inYaml ? compiled.resolve(file).resolve(name + ".sql") : compiled.resolve(file);
                String sql = stripTerminator(Files.readString(sqlFile, StandardCharsets.UTF_8));
                if (type.startsWith("source")) {
                    for (String part : sql.split(";\\s*\\n\\s*\\n")) {
                        statement.execute(part);
                        statements++;
                    }
                } else if (type.startsWith("model")) {
                    String relation = "\"main\".\"" + name + "\"";
                    statement.execute(type.contains("view") ? "create view " + relation + " as\n" + sql
                            : "create table " + relation + " as\n" + sql);
                    statements++;
                } else if (type.startsWith("test")) {
                    try (ResultSet rs = statement.executeQuery("select count(*) from (\n" + sql + "\n) as failures")) {
                        rs.next();
                        if (rs.getLong(1) != 0 && type.contains("error")) {
                            throw new IllegalStateException("test " + name + " failed in the baseline");
                        }
                    }
                    statements++;
                }
            }
        }
        System.out.println("baseline: " + statements + " statements");
    }

    private static String stripTerminator(String sql) {
        int end = sql.length();
        while (end > 0 && (Character.isWhitespace(sql.charAt(end - 1)) || sql.charAt(end - 1) == ';')) {
            end--;
        }
        return sql.substring(0, end);
    }
}
