package dev.starling.execute;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an incremental run compares the table's columns with those of the query for new rows. */
class IncrementalTest {

    private static Map<String, String> columns(String... nameTypePairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            out.put(nameTypePairs[i], nameTypePairs[i + 1]);
        }
        return out;
    }

    @Test
    void namesInOrderAndTypesMustMatchButAnUnknownLiteralTypeDoes() {
        Map<String, String> table = columns("id", "int4", "channel", "varchar");
        assertTrue(IncrementalMaterialization.sameColumns(table, columns("id", "int4", "channel", "varchar")));
        assertTrue(IncrementalMaterialization.sameColumns(table, columns("id", "int4", "channel", "unknown")),
                "Redshift describes 'web' as channel with type unknown");
        assertFalse(IncrementalMaterialization.sameColumns(table, columns("id", "int8", "channel", "varchar")));
        assertFalse(IncrementalMaterialization.sameColumns(table, columns("channel", "varchar", "id", "int4")), "order counts");
        assertFalse(IncrementalMaterialization.sameColumns(table, columns("id", "int4")));
        assertFalse(IncrementalMaterialization.sameColumns(table, columns("id", "int4", "channel", "varchar", "extra", "int4")));
    }
}
