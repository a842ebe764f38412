package dev.starling.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.StarlingException;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM's reading of a seed CSV (header, records and their lines, inferred kinds, malformed records). */
class SeedFileTest {

    @TempDir
    Path dir;

    private SeedFile seed(String text, char delimiter) {
        Path file = dir.resolve("s.csv");
        TestProjects.write(file, text);
        return new SeedFile("s", file, Path.of("seeds/s.csv"), delimiter, Map.of());
    }

    private static List<SeedFile.Row> rows(SeedFile seed) {
        List<SeedFile.Row> out = new ArrayList<>();
        seed.rows(out::add);
        return out;
    }

    @Test
    void readsQuotesLineBreaksCrLfABomAndEmptyFieldsAsNull() {
        SeedFile seed = seed("\uFEFFa;b;c\r\n1;\"x;\"\"y\"\"\";\r\n2;\"two\nlines\";\"\"\r\n3;z;w", ';');
        assertEquals(List.of("a", "b", "c"), seed.header());
        List<SeedFile.Row> rows = rows(seed);
        assertEquals(List.of(2, 3, 5), rows.stream().map(SeedFile.Row::line).toList());
        assertEquals(Arrays.asList("1", "x;\"y\"", null), rows.get(0).fields());
        assertEquals(Arrays.asList("2", "two\nlines", null), rows.get(1).fields());
        assertEquals(List.of("3", "z", "w"), rows.get(2).fields());
        assertNull(seed.firstProblem());
    }

    @Test
    void infersTheNarrowestKindThatFitsEveryValue() {
        SeedFile seed = seed("i,d,dt,ts,b,t,n\n1,1,2020-01-01,2020-01-01 10:00:00,true,x,\n"
                + "-2,2.5,2020-12-31,2020-01-01T10:00:00.5,FALSE,2,\n", ',');
        assertEquals(List.of(SeedFile.Kind.INTEGER, SeedFile.Kind.DECIMAL, SeedFile.Kind.DATE, SeedFile.Kind.TIMESTAMP,
                SeedFile.Kind.BOOLEAN, SeedFile.Kind.TEXT, SeedFile.Kind.TEXT), seed.inferKinds(-1));
        assertEquals(SeedFile.Kind.INTEGER, seed.inferKinds(1).get(1), "a sample of one record sees only 1");
    }

    @Test
    void aMalformedRecordIsNamedByItsLine() {
        StarlingException tooMany = seed("a,b\n1,2\n3,4,5\n", ',').firstProblem();
        assertTrue(tooMany.getMessage().startsWith("seeds/s.csv:3: malformed CSV: the record has 3 fields but the"
                + " header has 2."), tooMany.getMessage());
        StarlingException stray = seed("a,b\n1,x\"y\n", ',').firstProblem();
        assertTrue(stray.getMessage().startsWith("seeds/s.csv:2: malformed CSV: the record has a quote inside an"
                + " unquoted field"), stray.getMessage());
        StarlingException open = seed("a,b\n1,\"x\n2,y\n", ',').firstProblem();
        assertTrue(open.getMessage().startsWith("seeds/s.csv:2: malformed CSV: the record opens a quote that is never"
                + " closed"), open.getMessage());
        assertThrows(StarlingException.class, () -> seed("", ',').header());
    }
}
