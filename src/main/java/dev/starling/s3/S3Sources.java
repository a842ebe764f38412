package dev.starling.s3;

import dev.starling.StarlingException;
import dev.starling.project.Node;
import dev.starling.project.TargetConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The S3 locations of one embedded target: checks them before a run (no network), names the local folder an
 * engine reads, and syncs that folder right before a source is staged. The AWS client is made on the first
 * sync, so projects without S3 sources never load it.
 */
public final class S3Sources implements AutoCloseable {

    private final TargetConfig target;
    private final Path projectDir;
    private final Map<String, S3Cache.Sync> synced = new ConcurrentHashMap<>();
    private S3Settings settings;
    private S3Cache cache;

    public S3Sources(TargetConfig target, Path projectDir) {
        this.target = target;
        this.projectDir = projectDir;
    }

    /** Fails fast, without touching the network, on a malformed location or bad s3_* settings (exit 2). */
    public void check(Node source, String location) {
        location(source, location);
        settings();
    }

    /** The local folder that holds (or will hold) a location's objects. */
    public Path folder(Node source, String location) {
        return S3Cache.folder(settings().cacheDir(), location(source, location));
    }

    /**
     * Downloads the location's new and changed objects matching the source's pattern and removes deleted
     * ones; returns the summary line for the run output. A failure names the source's file and line, the
     * location, and what to do.
     */
    public String sync(Node source, String location) {
        S3Location parsed = location(source, location);
        try {
            S3Cache.Sync sync = cache().sync(parsed, source.source().pattern(), TerminalProgress.forSource(source.name()));
            if (sync.objects().isEmpty()) {
                throw new S3Cache.Failure("no object under it matches the pattern '" + source.source().pattern()
                        + "'. Check the location and the pattern, or upload the files first.", null);
            }
            synced.put(source.id(), sync);
            return sync.summary(source.name());
        } catch (S3Cache.Failure e) {
            throw StarlingException.at(source.path(), source.line(), "source " + source.displayName() + ": cannot"
                    + " sync " + parsed + ": " + e.getMessage());
        }
    }

    /** Why {@link #listWithoutSync} lists nothing: see {@link S3Settings#credentialsMissing()}. */
    public String credentialsMissing() {
        return settings().credentialsMissing();
    }

    /**
     * The objects under a location that match the source's pattern, listed without downloading anything (a dry
     * run), or null when no credentials were given explicitly ({@link S3Settings#credentialsGiven()}).
     */
    public List<S3Cache.Listed> listWithoutSync(Node source, String location) {
        if (!settings().credentialsGiven()) {
            return null;
        }
        S3Location parsed = location(source, location);
        java.util.function.Predicate<String> matches = S3Cache.matcher(source.source().pattern());
        try {
            return cache().listAll(parsed).stream()
                    .filter(o -> matches.test(o.key().substring(parsed.keyPrefix().length()))).toList();
        } catch (S3Cache.Failure e) {
            throw StarlingException.at(source.path(), source.line(), "source " + source.displayName() + ": cannot"
                    + " list " + parsed + ": " + e.getMessage());
        }
    }

    /** The objects of a source's last sync in this run (key, local path, size, ETag), or null if none. */
    public S3Cache.Sync lastSync(String sourceId) {
        return synced.get(sourceId);
    }

    private S3Location location(Node source, String location) {
        try {
            return S3Location.parse(location.trim());
        } catch (IllegalArgumentException e) {
            throw StarlingException.at(source.path(), source.line(), "source " + source.displayName() + ": "
                    + e.getMessage() + ". Fix its location.");
        }
    }

    private synchronized S3Settings settings() {
        if (settings == null) {
            settings = S3Settings.of(target, projectDir);
        }
        return settings;
    }

    private synchronized S3Cache cache() {
        if (cache == null) {
            cache = new S3Cache(settings());
        }
        return cache;
    }

    @Override
    public synchronized void close() {
        if (cache != null) {
            cache.close();
            cache = null;
        }
    }
}
