package dev.starling.adapter;

import dev.starling.StarlingException;
import dev.starling.project.TargetConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Makes adapters for one target type. Implementations are found with {@link ServiceLoader}
 * ({@code META-INF/services/dev.starling.adapter.AdapterProvider}), so an engine is added without touching
 * the runner.
 */
public interface AdapterProvider {

    /** The {@code type:} of targets this provider serves, e.g. {@code duckdb}. */
    String type();

    Adapter create(TargetConfig target, Path projectDir);

    /** The adapter for a target, by its type. */
    static Adapter forTarget(TargetConfig target, Path projectDir) {
        List<String> known = new ArrayList<>();
        for (AdapterProvider provider : ServiceLoader.load(AdapterProvider.class)) {
            if (provider.type().equals(target.type())) {
                return provider.create(target, projectDir);
            }
            known.add(provider.type());
        }
        throw StarlingException.at(target.file(), target.line(), "target '" + target.name() + "' has type '"
                + target.type() + "', which this Starling cannot run; known types: " + String.join(", ", known));
    }
}
