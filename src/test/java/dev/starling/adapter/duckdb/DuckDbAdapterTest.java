package dev.starling.adapter.duckdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.AdapterContractTest;
import dev.starling.adapter.AdapterProvider;
import dev.starling.adapter.QueryResult;
import dev.starling.project.TargetConfig;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter contract on an embedded DuckDB file, plus DuckDB's own settings. */
class DuckDbAdapterTest extends AdapterContractTest {

    @TempDir
    Path dir;

    @Override
    protected Adapter createAdapter() {
        return AdapterProvider.forTarget(target(Map.of("memory_limit", "512MB", "temp_directory", "spill")), dir);
    }

    @Override
    protected String schema() {
        return "main";
    }

    private TargetConfig target(Map<String, Object> extra) {
        Map<String, Object> settings = new LinkedHashMap<>(extra);
        settings.put("path", "db/test.duckdb");
        return new TargetConfig("dev", "duckdb", "main", 2, settings, Path.of("project.yml"), 3);
    }

    @Test
    void opensTheFileUnderTheProjectAndAppliesDuckDbSettings() throws SQLException {
        assertTrue(dir.resolve("db/test.duckdb").toFile().isFile());
        assertEquals("duckdb db/test.duckdb", adapter.describe());
        QueryResult memory = session.query("select current_setting('memory_limit') as m", 1);
        assertEquals(List.of(List.of("488.2 MiB")), memory.rows(), "512MB as DuckDB reports it");
        assertEquals(1, session.queryLong("select count(*) from (select current_setting('temp_directory') as d)"
                + " where d like '%spill'"));
    }
}
