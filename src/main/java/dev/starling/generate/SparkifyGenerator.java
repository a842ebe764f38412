package dev.starling.generate;

import dev.starling.StarlingException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a synthetic Sparkify data set in the layout and format of the Udacity sample:
 * {@code song_data/A/B/C/TR*.json} (Million Song Dataset records) and
 * {@code log_data/YYYY/MM/YYYY-MM-DD-events.json} (newline-delimited app events, in ts order, one file per day).
 *
 * <p>The same options give the same bytes, whatever the thread count: every day and every song file is made from
 * its own seed derived from the options' seed, and only from tables (songs, users) built from that seed. Days
 * are written in parallel, each streamed through a 1 MB buffer, so memory depends on the song and user counts,
 * not on the number of events.</p>
 */
public final class SparkifyGenerator {

    /** What was written. */
    public record Result(long events, int logFiles, int songFiles, long bytes) {
    }

    private static final int SONG_FILES_PER_TASK = 1_000;

    private final GeneratorOptions options;
    private final AtomicLong eventsWritten = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();

    public SparkifyGenerator(GeneratorOptions options) {
        this.options = options.validate();
    }

    /** Events written so far (for progress display from another thread). */
    public long eventsWritten() {
        return eventsWritten.get();
    }

    /** Writes everything; a problem with the output folder or a write error is a {@link StarlingException}. */
    public Result run() {
        Path out = options.out();
        prepare(out);
        long firstDayMs = options.startDate().atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1000;
        Catalog catalog = new Catalog(options.songs(), options.seed());
        Users users = new Users(options.userCount(), options.days(), options.seed(), firstDayMs);
        DayWriter dayWriter = new DayWriter(catalog, users);

        long[] perDay = eventsPerDay(options.events(), options.days(), options.seed());
        List<Callable<Void>> dayTasks = new ArrayList<>();
        long before = 0;
        int logFiles = 0;
        for (int day = 0; day < perDay.length; day++) {
            if (perDay[day] == 0) {
                continue;
            }
            logFiles++;
            int d = day;
            long budget = perDay[day];
            int firstSessionId = (int) (1 + before);   // a day has at most as many sessions as events
            LocalDate date = options.startDate().plusDays(day);
            Path file = out.resolve("log_data").resolve(String.format(java.util.Locale.ROOT, "%04d", date.getYear()))
                    .resolve(String.format(java.util.Locale.ROOT, "%02d", date.getMonthValue())).resolve(date + "-events.json");
            dayTasks.add(() -> {
                write(file, true, stream -> dayWriter.write(d, firstDayMs + d * DayWriter.DAY_MS, budget, firstSessionId,
                        options.seed(), stream, eventsWritten));
                return null;
            });
            before += budget;
        }

        int perFile = options.songsPerFile();
        int songFiles = (options.songs() + perFile - 1) / perFile;
        int[] order = createSongFolders(out.resolve("song_data"), catalog, songFiles, perFile);
        List<Callable<Void>> songTasks = new ArrayList<>();
        for (int from = 0; from < songFiles; from += SONG_FILES_PER_TASK) {
            int first = from;
            int last = Math.min(songFiles, from + SONG_FILES_PER_TASK);
            songTasks.add(() -> {
                writeSongFiles(out.resolve("song_data"), catalog, order, first, last, perFile);
                return null;
            });
        }
        // days are CPU work; song files mostly wait on the file system (creating a file costs 0.03 to 0.3 ms of
        // kernel time here), so several writers overlap those waits
        runAll(dayTasks, options.threads(), songTasks, Math.min(16, 4 * options.threads()));
        return new Result(eventsWritten.get(), logFiles, songFiles, bytesWritten.get());
    }

    /** The events of each day: the total split by weekday (quieter weekends) and a little day-to-day noise. */
    static long[] eventsPerDay(long events, int days, long seed) {
        double[] weight = new double[days];
        double total = 0;
        for (int d = 0; d < days; d++) {
            int weekday = (d + 3) % 7;   // any fixed phase; only the shape matters
            weight[d] = (weekday >= 5 ? 0.85 : 1.0) * (0.95 + 0.1 * Seeds.uniform(seed, 0xDA15, d, 0));
            total += weight[d];
        }
        long[] count = new long[days];
        double[] remainder = new double[days];
        long assigned = 0;
        for (int d = 0; d < days; d++) {
            double exact = events * weight[d] / total;
            count[d] = (long) Math.floor(exact);
            remainder[d] = exact - count[d];
            assigned += count[d];
        }
        while (assigned < events) {   // largest remainders first, earlier day on ties
            int best = 0;
            for (int d = 1; d < days; d++) {
                if (remainder[d] > remainder[best]) {
                    best = d;
                }
            }
            count[best]++;
            remainder[best] = -1;
            assigned++;
        }
        return count;
    }

    /**
     * Creates the song folders (A/B/C from each file's track id) and returns the file numbers grouped by folder,
     * the order to write them in: one folder at a time is kinder to the file system than jumping between them.
     */
    private int[] createSongFolders(Path songData, Catalog catalog, int songFiles, int perFile) {
        int[] folderOf = new int[songFiles];
        int[] start = new int[26 * 26 * 26 + 1];
        for (int f = 0; f < songFiles; f++) {
            String track = catalog.trackId(f * perFile);
            folderOf[f] = ((track.charAt(2) - 'A') * 26 + track.charAt(3) - 'A') * 26 + track.charAt(4) - 'A';
            start[folderOf[f] + 1]++;
        }
        for (int key = 0; key < 26 * 26 * 26; key++) {
            if (start[key + 1] > 0) {
                Path folder = songData.resolve(String.valueOf((char) ('A' + key / 676)))
                        .resolve(String.valueOf((char) ('A' + key / 26 % 26)))
                        .resolve(String.valueOf((char) ('A' + key % 26)));
                try {
                    Files.createDirectories(folder);
                } catch (IOException e) {
                    throw cannotWrite(folder, e);
                }
            }
            start[key + 1] += start[key];
        }
        int[] order = new int[songFiles];
        for (int f = 0; f < songFiles; f++) {
            order[start[folderOf[f]]++] = f;
        }
        return order;
    }

    private void writeSongFiles(Path songData, Catalog catalog, int[] order, int from, int to, int perFile) {
        ByteSink sink = new ByteSink(1 << 12);
        for (int i = from; i < to; i++) {
            int first = order[i] * perFile;
            int last = Math.min(catalog.songs, first + perFile);
            sink.clear();
            for (int song = first; song < last; song++) {
                if (song > first) {
                    sink.put('\n');
                }
                catalog.writeSongJson(sink, song);
            }
            String track = catalog.trackId(first);
            Path file = songData.resolve(track.substring(2, 3)).resolve(track.substring(3, 4))
                    .resolve(track.substring(4, 5)).resolve(track + ".json");
            write(file, false, sink::drainTo);   // the folders exist already
        }
    }

    private interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private void write(Path file, boolean createFolder, Body body) {
        try {
            if (createFolder) {
                Files.createDirectories(file.getParent());
            }
            try (FileOutputStream stream = new FileOutputStream(file.toFile())) {
                body.writeTo(stream);
                bytesWritten.addAndGet(stream.getChannel().position());
            }
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
    }

    private static StarlingException cannotWrite(Path file, IOException e) {
        return StarlingException.usage("cannot write " + file + ": " + e.getMessage()
                + " (check the folder's permissions and free disk space)");
    }

    private static void runAll(List<Callable<Void>> dayTasks, int dayThreads, List<Callable<Void>> songTasks,
                               int songThreads) {
        ExecutorService days = pool(dayThreads);
        ExecutorService songs = pool(songThreads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> task : dayTasks) {
                futures.add(days.submit(task));
            }
            for (Callable<Void> task : songTasks) {
                futures.add(songs.submit(task));
            }
            for (Future<Void> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            days.shutdownNow();
            songs.shutdownNow();
        }
    }

    private static ExecutorService pool(int threads) {
        return Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "starling-generate");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Checks the output folder: it may be missing or empty; when it has files, {@code force} is needed and then
     * only its song_data and log_data are deleted (whatever else is there stays).
     */
    private void prepare(Path out) {
        try {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw StarlingException.usage("--out " + out + " is a file; pick an empty or new folder");
            }
            if (Files.isDirectory(out) && !isEmpty(out)) {
                if (!options.force()) {
                    throw StarlingException.usage("--out " + out + " is not empty; pick an empty or new folder,"
                            + " or pass --force to replace its song_data and log_data");
                }
                deleteTree(out.resolve("song_data"));
                deleteTree(out.resolve("log_data"));
            }
            Files.createDirectories(out.resolve("song_data"));
            Files.createDirectories(out.resolve("log_data"));
        } catch (IOException e) {
            throw cannotWrite(out, e);
        } catch (UncheckedIOException e) {
            throw cannotWrite(out, e.getCause());
        }
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            return !entries.iterator().hasNext();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
