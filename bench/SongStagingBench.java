import dev.starling.Workspace;
import dev.starling.execute.NodeResult;
import dev.starling.execute.RunListener;
import dev.starling.execute.RunResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Staging many one-record song files (issue 3's bar: 20,000 files under 2 s, the same rows as read_json).
 * Run by hand, never by the test suite, from the repository root after {@code mvn -q package -DskipTests}:
 *
 * <pre>java -cp target/starling.jar bench/SongStagingBench.java [files] [rounds]</pre>
 *
 * It writes the files once (song_data/A/B/C/TR*.json, one JSON object each, as in the real data) and a copy of the
 * Sparkify project, then times, alternating, several rounds of: reading the bytes (read_blob), DuckDB's plain
 * read_json over the glob, and Starling staging song_staging; and checks that Starling staged the very rows
 * read_json reads.
 */
public class SongStagingBench {

    public static void main(String[] args) throws Exception {
        int files = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("starling-bench-songs");
        Path project = work.resolve("project");
        copy(Path.of("project.yml"), project.resolve("project.yml"));
        copyTree(Path.of("models"), project.resolve("models"));
        Path data = project.resolve("data");
        writeSongs(data.resolve("song_data"), files);
        Files.createDirectories(data.resolve("log_data"));
        String glob = data.resolve("song_data").toString() + "/**/*.json";
        String columns = "{num_songs: 'INTEGER', artist_id: 'VARCHAR', artist_latitude: 'DOUBLE', artist_longitude:"
                + " 'DOUBLE', artist_location: 'VARCHAR', artist_name: 'VARCHAR', song_id: 'VARCHAR', title: 'VARCHAR',"
                + " duration: 'DOUBLE', year: 'INTEGER'}";
        List<Double> bytes = new ArrayList<>();
        List<Double> readJson = new ArrayList<>();
        List<Double> starling = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            bytes.add(timeSql(work.resolve("b.duckdb"), "select sum(octet_length(content)) from read_blob('" + glob + "')"));
            readJson.add(timeSql(work.resolve("j.duckdb"), "create or replace table song_staging as select * from read_json('"
                    + glob + "', format = 'newline_delimited', columns = " + columns + ")"));
            starling.add(stage(project));
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + project.resolve("target/sparkify.duckdb"));
             Statement s = c.createStatement()) {
            s.execute("attach '" + work.resolve("j.duckdb") + "' as j (read_only)");
            long diff = count(s, "select count(*) from (select * from j.song_staging except all select * from main.song_staging)")
                    + count(s, "select count(*) from (select * from main.song_staging except all select * from j.song_staging)");
            System.out.printf(Locale.ROOT, "%,d song files, %d rounds (median seconds)%n", files, rounds);
            System.out.printf(Locale.ROOT, "  read the bytes (read_blob)     %6.2f%n", median(bytes));
            System.out.printf(Locale.ROOT, "  read_json over the glob        %6.2f%n", median(readJson));
            System.out.printf(Locale.ROOT, "  starling: stage song_staging   %6.2f   (bar: under 2 s)%n", median(starling));
            System.out.printf(Locale.ROOT, "  rows: %,d staged, %s read_json's%n", count(s, "select count(*) from main.song_staging"),
                    diff == 0 ? "the same as" : diff + " rows differ from");
        }
    }

    private static double stage(Path project) {
        long start = System.nanoTime();
        try (Workspace workspace = Workspace.open(Workspace.Options.of(project)
                .withVars(Map.of("data_dir", "data")))) {
            RunResults results = workspace.run(new Workspace.Selection(List.of("source:sparkify.song_staging"), List.of()),
                    RunListener.SILENT);
            NodeResult result = results.results().get(0);
            if (result.status() != NodeResult.Status.SUCCESS) {
                throw new IllegalStateException(result.message());
            }
            return result.seconds();
        } finally {
            System.err.printf(Locale.ROOT, "(staging call with open and close: %.2fs)%n", (System.nanoTime() - start) / 1e9);
        }
    }

    private static double timeSql(Path database, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + database); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            s.execute(sql);
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void writeSongs(Path root, int files) throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < files; i++) {
            String id = String.format(Locale.ROOT, "%012d", i);
            Path dir = root.resolve(letter(random) + "/" + letter(random) + "/" + letter(random));
            Files.createDirectories(dir);
            String json = String.format(Locale.ROOT, "{\"num_songs\": 1, \"artist_id\": \"AR%08d\", \"artist_latitude\": %s,"
                            + " \"artist_longitude\": %s, \"artist_location\": \"%s\", \"artist_name\": \"Artist %d \\u00e9\","
                            + " \"song_id\": \"SO%s\", \"title\": \"Song \\\"%d\\\"\", \"duration\": %.5f, \"year\": %d}",
                    i % 5000, i % 3 == 0 ? "12.5" : "null", i % 3 == 0 ? "-3.25" : "null", i % 2 == 0 ? "Houston, TX" : "",
                    i % 5000, id, i, 100 + random.nextDouble() * 300, i % 30 == 0 ? 0 : 1950 + i % 70);
            Files.writeString(dir.resolve("TR" + id + ".json"), json);
        }
    }

    private static char letter(Random random) {
        return (char) ('A' + random.nextInt(26));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    copy(p, target);
                }
            }
        }
    }
}
