package dev.starling.adapter.duckdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.AdapterContractTest;
import dev.starling.adapter.AdapterProvider;
import dev.starling.adapter.QueryResult;
import dev.starling.adapter.Session;
import dev.starling.project.TargetConfig;
import java.nio.file.Files;
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
        settings.putIfAbsent("path", "db/test.duckdb");
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

    @Test
    void warmUpLoadsTheEngineWithoutOpeningTheDatabase() throws Exception {
        Adapter warm = AdapterProvider.forTarget(target(Map.of("path", "db/warm.duckdb")), dir);
        warm.warmUp();
        Thread loader = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("starling-duckdb-load")).findFirst().orElse(null);
        if (loader != null) {
            loader.join(60_000);
        }
        Class<?> nativeLibrary = Class.forName(DuckDbAdapter.NATIVE_LIBRARY_CLASS, false, getClass().getClassLoader());
        assertEquals("org.duckdb.DuckDBNative", nativeLibrary.getName(), "the class that loads DuckDB's library");
        assertFalse(Files.exists(dir.resolve("db/warm.duckdb")), "a warm-up opens no file: a project error"
                + " found after it leaves nothing behind");
        try (Session first = warm.openSession()) {
            assertEquals(42L, first.queryLong("select 42"));
        } finally {
            warm.close();
        }
        assertTrue(Files.exists(dir.resolve("db/warm.duckdb")));
    }
}
