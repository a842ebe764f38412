package dev.starling.s3;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A local copy of S3 objects for an engine that reads local files. Objects live at
 * {@code <cache_dir>/<bucket>/<key>}; a sidecar index per bucket ({@code <cache_dir>/_index/<bucket>.tsv})
 * remembers the ETag and size of each downloaded object, so a sync downloads only new or changed objects,
 * and deletes the local copies of objects that are gone from S3 (the engine must not read stale files).
 *
 * <p>Downloads stream to a temporary file under {@code <cache_dir>/_tmp} and are renamed into place
 * atomically: a killed download never leaves a partial file under an object's name. Memory is bounded (one
 * small buffer per download, {@value #PARALLEL} downloads at once). Bucket names cannot contain '_', so
 * {@code _index} and {@code _tmp} never clash with a bucket folder.
 */
public final class S3Cache implements AutoCloseable {

    /** Downloads at once. */
    static final int PARALLEL = 4;
    private static final int BUFFER = 64 * 1024;
    private static final Map<Path, Object> INDEX_LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * One object in the cache: the fingerprint (key, size, ETag) that incremental loads compare.
     *
     * @param key  the full S3 key
     * @param path the local file
     * @param etag the ETag without quotes
     */
    public record CachedObject(String key, Path path, long size, String etag) {
    }

    /**
     * What one sync did. {@code added + changed + cached == objects.size()}.
     *
     * @param folder  the local folder that mirrors the location: read it with the source's pattern
     * @param objects every object now in the cache for this location and pattern, sorted by key
     * @param removed local files deleted because their object is gone from S3
     * @param unmatched the keys under the location (below it) that the pattern does not match
     */
    public record Sync(S3Location location, Path folder, List<CachedObject> objects, int added, int changed,
                       int cached, int removed, long totalBytes, long downloadedBytes, double seconds,
                       List<String> unstorable, List<String> unmatched) {

        public int downloaded() {
            return added + changed;
        }

        /** {@code song_staging: 3 new, 0 changed, 44 cached objects from s3://b/p (1.2 MB, 80.0 KB downloaded) in 0.4s}. */
        public String summary(String name) {
            return String.format(Locale.ROOT, "%s: %d new, %d changed, %d cached objects%s from %s (%s%s) in %.1fs",
                    name, added, changed, cached, removed > 0 ? ", " + removed + " removed" : "", location,
                    bytes(totalBytes), downloadedBytes > 0 ? ", " + bytes(downloadedBytes) + " downloaded" : "",
                    seconds) + (unstorable.isEmpty() ? "" : "\n" + name + ": " + unstorable.size() + " object"
                    + (unstorable.size() == 1 ? "" : "s") + " left out, not storable as a local file (rename "
                    + (unstorable.size() == 1 ? "it" : "them") + ", or narrow the pattern):\n  "
                    + String.join("\n  ", unstorable));
        }
    }

    /** Told as downloads progress (from download threads). */
    public interface Progress {
        void update(int objectsDone, int objectsTotal, long bytesDone, long bytesTotal);

        void done();

        Progress NONE = new Progress() {
            @Override
            public void update(int objectsDone, int objectsTotal, long bytesDone, long bytesTotal) {
            }

            @Override
            public void done() {
            }
        };
    }

    /** An object whose key cannot be a local file: it is left out of the sync and reported, the others load. */
    static final class Unstorable extends RuntimeException {
        Unstorable(String key, String reason) {
            super("'" + key + "': " + reason);
        }
    }

    /** The file in a cache folder that says Starling made it: only such a folder has files Starling deletes. */
    public static final String MARKER = ".starling-s3-cache";

    /** A failure to sync, with a message that says what is wrong and what to do (no location prefix). */
    public static final class Failure extends RuntimeException {
        public Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final S3Settings settings;
    private S3Client client;
    private DefaultCredentialsProvider defaultCredentials;

    public S3Cache(S3Settings settings) {
        this.settings = settings;
    }

    public S3Settings settings() {
        return settings;
    }

    /** The local folder that mirrors a location; no network. */
    public Path folder(S3Location location) {
        return folder(settings.cacheDir(), location);
    }

    /** The local folder that mirrors a location in a cache folder; no network. */
    public static Path folder(Path cacheDir, S3Location location) {
        Path bucket = cacheDir.resolve(location.bucket());
        return location.prefix().isEmpty() ? bucket : bucket.resolve(location.prefix());
    }

    /**
     * Brings the cache up to date with the objects under {@code location} whose path below it matches the
     * glob {@code pattern}: downloads new and changed objects, deletes local copies of deleted ones.
     *
     * @throws Failure when S3 cannot be listed or read, or the cache cannot be written
     */
    public Sync sync(S3Location location, String pattern, Progress progress) {
        long start = System.nanoTime();
        ensureOwned();
        Matcher matcher = new Matcher(pattern);
        Path folder = folder(location);
        List<String> unmatched = new ArrayList<>();
        List<S3Object> listed = list(location, matcher, unmatched);
        Path indexFile = settings.cacheDir().resolve("_index").resolve(location.bucket() + ".tsv");
        Map<String, Index.Entry> index = Index.read(indexFile);

        List<CachedObject> present = new ArrayList<>();
        List<S3Object> todo = new ArrayList<>();
        Set<Path> wanted = new HashSet<>();
        int added = 0;
        long totalBytes = 0;
        List<String> unstorable = java.util.Collections.synchronizedList(new ArrayList<>());
        for (S3Object object : List.copyOf(listed)) {
            Path path;
            try {
                path = localPath(location, object.key());
            } catch (Unstorable e) {
                unstorable.add(e.getMessage());
                listed.remove(object);
                continue;
            }
            wanted.add(path);
            totalBytes += object.size();
            Index.Entry known = index.get(object.key());
            String etag = unquote(object.eTag());
            if (known != null && known.etag().equals(etag) && known.size() == object.size() && sizeIs(path, object.size())) {
                present.add(new CachedObject(object.key(), path, object.size(), etag));
            } else {
                todo.add(object);
                if (known == null && !Files.exists(path)) {
                    added++;
                }
            }
        }
        int cached = present.size();
        int changed = todo.size() - added;
        List<CachedObject> downloaded = new ArrayList<>();
        AtomicLong downloadedBytes = new AtomicLong();
        RuntimeException failure = null;
        try {
            download(todo, location, downloaded, downloadedBytes, progress, unstorable);
        } catch (RuntimeException e) {
            failure = e;
        }
        progress.done();
        // record what did arrive, even when another download failed: the next run does not fetch it again
        try {
            synchronized (INDEX_LOCKS.computeIfAbsent(indexFile, k -> new Object())) {
                Index.update(indexFile, location.keyPrefix(), matcher, listedKeys(listed), downloaded);
            }
        } catch (UncheckedIOException e) {
            failure = failure != null ? failure : cacheFailure(e.getCause());
        }
        if (failure != null) {
            throw failure;
        }
        int removed = removeStale(folder, matcher, wanted);
        present.addAll(downloaded);
        present.sort(java.util.Comparator.comparing(CachedObject::key));
        return new Sync(location, folder, List.copyOf(present), added, changed, cached, removed, totalBytes,
                downloadedBytes.get(), (System.nanoTime() - start) / 1e9, List.copyOf(unstorable), List.copyOf(unmatched));
    }

    /** An object as listed: its key, size, last modification and ETag (without quotes). */
    public record Listed(String key, long size, java.time.Instant modified, String etag) {
    }

    /**
     * Every object under {@code location}, whether it matches a pattern or not, in key order: for engines that
     * read S3 themselves (Redshift's COPY), which need to know every key that starts with another.
     *
     * @throws Failure when S3 cannot be listed
     */
    public List<Listed> listAll(S3Location location) {
        List<Listed> out = new ArrayList<>();
        for (S3Object object : objects(location)) {
            out.add(new Listed(object.key(), object.size(), object.lastModified(), unquote(object.eTag())));
        }
        out.sort(java.util.Comparator.comparing(Listed::key));
        return out;
    }

    /** Whether a key's path below its location matches a source's glob {@code pattern}, as {@link #sync} matches. */
    public static java.util.function.Predicate<String> matcher(String pattern) {
        return new Matcher(pattern)::matches;
    }

    private static Set<String> listedKeys(List<S3Object> listed) {
        Set<String> keys = new HashSet<>();
        listed.forEach(o -> keys.add(o.key()));
        return keys;
    }

    /** The objects whose path below the location matches; the paths of the others go to {@code unmatched}. */
    private List<S3Object> list(S3Location location, Matcher matcher, List<String> unmatched) {
        List<S3Object> out = new ArrayList<>();
        for (S3Object object : objects(location)) {
            String below = object.key().substring(location.keyPrefix().length());
            if (matcher.matches(below)) {
                out.add(object);
            } else {
                unmatched.add(below);
            }
        }
        return out;
    }

    /** Every object under {@code location} (not the folder markers: keys that end with /). */
    private List<S3Object> objects(S3Location location) {
        List<S3Object> out = new ArrayList<>();
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(location.bucket())
                    .prefix(location.keyPrefix()).build();
            for (S3Object object : client().listObjectsV2Paginator(request).contents()) {
                if (!object.key().endsWith("/")) {
                    out.add(object);
                }
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, location, settings);
        }
        return out;
    }

    private void download(List<S3Object> todo, S3Location location, List<CachedObject> downloaded,
                          AtomicLong downloadedBytes, Progress progress, List<String> unstorable) {
        if (todo.isEmpty()) {
            return;
        }
        Path tmp = settings.cacheDir().resolve("_tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw cacheFailure(e);
        }
        removeOldTemporaries(tmp);
        long bytesTotal = todo.stream().mapToLong(S3Object::size).sum();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, todo.size()), r -> {
            Thread t = new Thread(r, "starling-s3-download");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<CachedObject>> futures = new ArrayList<>();
            for (S3Object object : todo) {
                futures.add(pool.submit(() -> {
                    CachedObject result = fetch(location, object, tmp, n -> progress.update(done.get(), todo.size(),
                            downloadedBytes.addAndGet(n), bytesTotal));
                    progress.update(done.incrementAndGet(), todo.size(), downloadedBytes.get(), bytesTotal);
                    return result;
                }));
            }
            RuntimeException failure = null;
            for (Future<CachedObject> future : futures) {
                try {
                    CachedObject object = future.get();
                    synchronized (downloaded) {
                        downloaded.add(object);
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Unstorable u) {
                        unstorable.add(u.getMessage());
                    } else if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException re ? re : new Failure(String.valueOf(e.getCause()), e.getCause());
                        futures.forEach(f -> f.cancel(false));
                    }
                } catch (java.util.concurrent.CancellationException e) {
                    // cancelled after an earlier failure
                }
            }
            if (failure != null) {
                throw failure;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while downloading", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Streams one object to a temporary file, then renames it into place. */
    private CachedObject fetch(S3Location location, S3Object object, Path tmp, java.util.function.LongConsumer read) {
        Path target = localPath(location, object.key());
        Path temp = null;
        try {
            temp = Files.createTempFile(tmp, "download-", ".part");
            long size = 0;
            String etag;
            GetObjectRequest request = GetObjectRequest.builder().bucket(location.bucket()).key(object.key()).build();
            try (ResponseInputStream<GetObjectResponse> in = client().getObject(request);
                 OutputStream out = Files.newOutputStream(temp)) {
                etag = unquote(in.response().eTag());
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    size += n;
                    read.accept(n);
                }
            }
            try {
                Files.createDirectories(target.getParent());
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (java.nio.file.FileSystemException e) {
                String reason = e.getReason() == null ? e.toString() : e.getReason();
                if (reason.contains("No space left") || reason.contains("Disk quota")) {
                    throw e;
                }
                // the name, not the disk: a part too long, a key that is also another key's folder
                throw new Unstorable(object.key(), reason + (e.getFile() != null && !e.getFile().equals(temp.toString())
                        ? " (" + e.getFile() + ")" : ""));
            }
            temp = null;
            return new CachedObject(object.key(), target, size, etag != null ? etag : unquote(object.eTag()));
        } catch (SdkException e) {
            throw S3Errors.translate(e, location, settings);
        } catch (IOException e) {
            if (e.getClass().getName().startsWith("java.net") || e instanceof java.net.SocketException) {
                throw new Failure("the download of " + object.key() + " broke off (" + e + "). Check the network,"
                        + " then run again; objects already downloaded are kept.", e);
            }
            throw cacheFailure(e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // left in _tmp, removed by a later sync
                }
            }
        }
    }

    /** Deletes local files under the folder that match the pattern but are no longer in S3. */
    private int removeStale(Path folder, Matcher matcher, Set<Path> wanted) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String relative = folder.relativize(file).toString().replace('\\', '/');
                if (!wanted.contains(file) && matcher.matches(relative)) {
                    Files.delete(file);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw cacheFailure(e);
        }
        return removed;
    }

    /** Temporary files of downloads killed an hour or more ago. */
    private static void removeOldTemporaries(Path tmp) {
        long cutoff = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().endsWith(".part") && Files.getLastModifiedTime(file).toMillis() < cutoff) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    private Path localPath(S3Location location, String key) {
        Path bucket = settings.cacheDir().resolve(location.bucket());
        for (String part : key.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('\0') >= 0) {
                throw new Unstorable(key, "an empty, '.' or '..' part");
            }
        }
        Path path = bucket.resolve(key).normalize();
        if (!path.startsWith(bucket)) {
            throw new Unstorable(key, "it points outside the cache folder");
        }
        return path;
    }

    /**
     * The cache folder is Starling's: new or empty (then marked), or marked. A folder that holds other files is
     * refused, since a sync deletes the local copies of objects gone from S3. A folder an earlier Starling made
     * (with its {@code _index}) is marked now.
     */
    private void ensureOwned() {
        Path dir = settings.cacheDir();
        Path marker = dir.resolve(MARKER);
        // one check at a time: two sources synced side by side into a new folder would otherwise see each other's
        // marker appear between looking for it and listing the folder, and refuse the folder
        synchronized (S3Cache.class) {
            ensureOwned(dir, marker);
        }
    }

    private void ensureOwned(Path dir, Path marker) {
        try {
            if (Files.isRegularFile(marker)) {
                return;
            }
            if (Files.isDirectory(dir) && !Files.isDirectory(dir.resolve("_index"))) {
                try (Stream<Path> entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new Failure("the cache folder " + dir + " (" + S3Settings.CACHE_DIR + ") already holds"
                                + " files that Starling did not write, and a sync deletes files there. Point "
                                + S3Settings.CACHE_DIR + " at a new or empty folder.", null);
                    }
                }
            }
            Files.createDirectories(dir);
            Files.writeString(marker, "Starling's S3 cache: the files here mirror S3 objects and are deleted when"
                    + " the objects are.\n");
        } catch (IOException e) {
            throw cacheFailure(e);
        }
    }

    private static boolean sizeIs(Path path, long size) {
        try {
            return Files.isRegularFile(path) && Files.size(path) == size;
        } catch (IOException e) {
            return false;
        }
    }

    private Failure cacheFailure(IOException e) {
        if (String.valueOf(e.getMessage()).contains("No space left")) {
            return new Failure("the disk is full: no space to write the S3 cache in " + settings.cacheDir() + ". Free"
                    + " space there, or set " + S3Settings.CACHE_DIR + " on the target to a disk with room.", e);
        }
        return new Failure("cannot write the S3 cache in " + settings.cacheDir() + " (" + e + "). Check free disk"
                + " space and permissions, or set " + S3Settings.CACHE_DIR + " on the target.", e);
    }

    static String unquote(String etag) {
        if (etag == null) {
            return "";
        }
        return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double value = n;
        String[] units = {"KB", "MB", "GB", "TB"};
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private synchronized S3Client client() {
        if (client == null) {
            S3ClientBuilder builder = S3Clients.builder(settings);
            if (settings.accessKeyId() == null) {
                defaultCredentials = DefaultCredentialsProvider.builder().build();
                builder.credentialsProvider(defaultCredentials);
            }
            client = builder.build();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (defaultCredentials != null) {
            defaultCredentials.close();   // the client does not close a provider it was given
            defaultCredentials = null;
        }
    }

    /** The source's glob, applied to paths below the location; {@code **}{@code /} also matches no folder. */
    static final class Matcher {
        private final PathMatcher glob;
        private final PathMatcher rest;

        Matcher(String pattern) {
            String p = pattern == null || pattern.isBlank() ? "**" : pattern;
            glob = FileSystems.getDefault().getPathMatcher("glob:" + p);
            rest = p.startsWith("**/") ? FileSystems.getDefault().getPathMatcher("glob:" + p.substring(3)) : null;
        }

        boolean matches(String relative) {
            if (relative.isEmpty()) {
                return false;
            }
            Path path;
            try {
                path = Path.of(relative);
            } catch (java.nio.file.InvalidPathException e) {
                return false;
            }
            return glob.matches(path) || (rest != null && rest.matches(path));
        }
    }

    /** The sidecar index: one line per downloaded object, {@code key<TAB>etag<TAB>size}, key URL-encoded. */
    static final class Index {
        record Entry(String etag, long size) {
        }

        static Map<String, Entry> read(Path file) {
            Map<String, Entry> entries = new java.util.HashMap<>();
            if (!Files.isRegularFile(file)) {
                return entries;
            }
            try {
                for (String line : Files.readAllLines(file)) {
                    String[] parts = line.split("\t");
                    if (parts.length == 3) {
                        try {
                            entries.put(java.net.URLDecoder.decode(parts[0], java.nio.charset.StandardCharsets.UTF_8),
                                    new Entry(parts[1], Long.parseLong(parts[2])));
                        } catch (IllegalArgumentException ignored) {
                            // a damaged line: that object is downloaded again
                        }
                    }
                }
            } catch (IOException e) {
                return entries; // unreadable index: everything is downloaded again
            }
            return entries;
        }

        /**
         * Re-reads the index, forgets the keys under {@code prefix} matching the pattern that S3 no longer lists,
         * records the downloaded objects, and writes it back atomically. Callers hold this JVM's lock for the
         * file; a file lock keeps other processes out.
         */
        static void update(Path file, String prefix, Matcher matcher, Set<String> listed, List<CachedObject> downloaded) {
            try {
                Files.createDirectories(file.getParent());
                Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
                try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lockFile,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                     java.nio.channels.FileLock ignored = channel.lock()) {
                    Map<String, Entry> entries = read(file);
                    entries.keySet().removeIf(key -> key.startsWith(prefix) && !listed.contains(key)
                            && matcher.matches(key.substring(prefix.length())));
                    synchronized (downloaded) {
                        for (CachedObject object : downloaded) {
                            entries.put(object.key(), new Entry(object.etag(), object.size()));
                        }
                    }
                    StringBuilder text = new StringBuilder();
                    entries.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> text
                            .append(java.net.URLEncoder.encode(e.getKey(), java.nio.charset.StandardCharsets.UTF_8))
                            .append('\t').append(e.getValue().etag().replace('\t', ' ')).append('\t')
                            .append(e.getValue().size()).append('\n'));
                    Path temp = Files.createTempFile(file.getParent(), "index-", ".tmp");
                    Files.writeString(temp, text);
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the S3 cache index " + file, e);
            }
        }
    }

}
