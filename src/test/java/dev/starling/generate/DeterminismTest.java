package dev.starling.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same options give the same bytes, whatever the thread count; another seed gives other data. */
class DeterminismTest {

    @TempDir
    Path dir;

    private TreeMap<String, byte[]> generate(String name, long seed, int threads) {
        GeneratorOptions options = GeneratorOptions.of(dir.resolve(name), 20_000, 400).withDays(7).withSeed(seed)
                .withSongsPerFile(3).withThreads(threads);
        new SparkifyGenerator(options).run();
        return Generated.files(dir.resolve(name));
    }

    @Test
    void sameSeedSameBytesAnyThreadCount() {
        TreeMap<String, byte[]> first = generate("a", 11, 1);
        TreeMap<String, byte[]> second = generate("b", 11, 3);
        assertEquals(first.keySet(), second.keySet());
        first.forEach((file, bytes) -> assertArrayEquals(bytes, second.get(file), file));
    }

    @Test
    void anotherSeedGivesOtherData() {
        TreeMap<String, byte[]> first = generate("a", 11, 2);
        TreeMap<String, byte[]> other = generate("c", 12, 2);
        assertFalse(first.keySet().equals(other.keySet()), "song file names come from the seed");
        assertFalse(Arrays.equals(first.get("log_data/2018/11/2018-11-01-events.json"),
                other.get("log_data/2018/11/2018-11-01-events.json")));
    }
}
