package dev.starling.adapter.duckdb;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.AdapterProvider;
import dev.starling.project.TargetConfig;
import java.nio.file.Path;

/** Serves targets of {@code type: duckdb}. */
public final class DuckDbAdapterProvider implements AdapterProvider {

    @Override
    public String type() {
        return "duckdb";
    }

    @Override
    public Adapter create(TargetConfig target, Path projectDir) {
        return new DuckDbAdapter(target, projectDir);
    }
}
