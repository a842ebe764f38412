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
 * <p>It opens DuckDB with the same settings as the Sparkify target (given as NAME=VALUE arguments), so both sides
 * run the same engine configuration.
 *
 * <p>Usage: java -cp starling.jar:CLASSES Baseline PROJECT_DIR LS_OUTPUT DATABASE_FILE [NAME=VALUE ...]
 * <br>or: Baseline --sql DATABASE_FILE STATEMENT COUNT_QUERY [NAME=VALUE ...] (runs the statement, prints its wall time
 * and the count).
 * <br>or: Baseline --files DIR N (creates N small files in folders of 1,000, one after another, and prints the
 * wall time: what the file system alone charges for a compile's output files).
 */
public final class Baseline {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--files")) {
            long start = System.nanoTime();
            int count = Integer.parseInt(args[2]);
            for (int i = 0; i < count; i++) {
                Path folder = Path.of(args[1], "d" + (i / 1000));
                if (i % 1000 == 0) {
                    Files.createDirectories(folder);
                }
                Files.writeString(folder.resolve("f" + i + ".sql"), "select 1 from x where y = " + i + "\n");
            }
            System.out.printf("%.3f%n", (System.nanoTime() - start) / 1e9);
            return;
        }
        if (args[0].equals("--sql")) {
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + args[1], settings(args, 4));
                 Statement statement = connection.createStatement()) {
                long start = System.nanoTime();
                statement.execute(args[2]);
                double seconds = (System.nanoTime() - start) / 1e9;
                try (ResultSet rs = statement.executeQuery(args[3])) {
                    rs.next();
                    System.out.printf("%.3f %d%n", seconds, rs.getLong(1));
                }
            }
            return;
        }
        Path project = Path.of(args[0]);
        List<String> ls = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        Path compiled = project.resolve("target/compiled");
        Properties settings = settings(args, 3);
        long statements = 0;
        boolean verbose = Boolean.getBoolean("baseline.verbose");
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
                long began = System.nanoTime();
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
                if (verbose) {
                    System.err.printf("%8.3fs  %s %s%n", (System.nanoTime() - began) / 1e9, type, name);
                }
            }
        }
        System.out.println("baseline: " + statements + " statements");
    }

    /** DuckDB settings given as NAME=VALUE arguments from index {@code from} on. */
    private static Properties settings(String[] args, int from) {
        Properties settings = new Properties();
        for (int i = from; i < args.length; i++) {
            String[] setting = args[i].split("=", 2);
            settings.setProperty(setting[0], setting[1]);
        }
        return settings;
    }

    private static String stripTerminator(String sql) {
        int end = sql.length();
        while (end > 0 && (Character.isWhitespace(sql.charAt(end - 1)) || sql.charAt(end - 1) == ';')) {
            end--;
        }
        return sql.substring(0, end);
    }
}
