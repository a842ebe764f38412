package dev.starling.generate;

import dev.starling.support.Db;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A generated data set, queried with DuckDB's own JSON reader (in memory) and read as raw files. */
final class Generated {

    final Path dir;
    final SparkifyGenerator.Result result;

    private Generated(Path dir, SparkifyGenerator.Result result) {
        this.dir = dir;
        this.result = result;
    }

    static Generated write(GeneratorOptions options) {
        return new Generated(options.out(), new SparkifyGenerator(options).run());
    }

    /** {@code events} (one row per event) and {@code songs} (one row per song record) as DuckDB reads them. */
    String events() {
        return "read_json('" + sql(dir.resolve("log_data")) + "/*/*/*.json', format = 'newline_delimited')";
    }

    String songs() {
        return "read_json('" + sql(dir.resolve("song_data")) + "/*/*/*/*.json', format = 'newline_delimited')";
    }

    private static String sql(Path path) {
        return path.toAbsolutePath().toString().replace("'", "''");
    }

    List<List<Object>> rows(String query) {
        return Db.rowsInMemory(query.replace("{events}", events()).replace("{songs}", songs()));
    }

    long number(String query) {
        return ((Number) rows(query).get(0).get(0)).longValue();
    }

    double decimal(String query) {
        return ((Number) rows(query).get(0).get(0)).doubleValue();
    }

    /** Every file under the folder, by relative path (with / separators), with its bytes. */
    static TreeMap<String, byte[]> files(Path root) {
        TreeMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
