package dev.starling.adapter.redshift;

import dev.starling.adapter.Adapter;
import dev.starling.adapter.AdapterProvider;
import dev.starling.project.TargetConfig;
import java.nio.file.Path;

/** Serves targets of {@code type: redshift}. */
public final class RedshiftAdapterProvider implements AdapterProvider {

    @Override
    public String type() {
        return "redshift";
    }

    @Override
    public Adapter create(TargetConfig target, Path projectDir) {
        return new RedshiftAdapter(target, projectDir);
    }
}
