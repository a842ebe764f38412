package dev.starling.cli;

import dev.starling.StarlingException;
import dev.starling.generate.GeneratorOptions;
import dev.starling.generate.ProgressLine;
import dev.starling.generate.SparkifyGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write synthetic Sparkify data (song_data/ and log_data/, the layout of the Udacity sample)"
                + " for trying Starling at scale. The same options give the same bytes.")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "An empty or new folder.")
    Path out;

    @Option(names = "--events", required = true, paramLabel = "N", description = "Events to write in all.")
    long events;

    @Option(names = "--songs", required = true, paramLabel = "M", description = "Songs to write to song_data.")
    int songs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--days", paramLabel = "D", defaultValue = "30", description = "Days of logs, one file each (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--songs-per-file", paramLabel = "K", defaultValue = "1",
            description = "Song records per song file, newline-delimited (default: ${DEFAULT-VALUE}).")
    int songsPerFile;

    @Option(names = "--start-date", paramLabel = "YYYY-MM-DD", defaultValue = "2018-11-01",
            description = "The first day, UTC (default: ${DEFAULT-VALUE}).")
    String startDate;

    @Option(names = "--users", paramLabel = "U", description = "Users (default: about 2 x sqrt(events)).")
    Integer users;

    @Option(names = "--threads", paramLabel = "N", description = "Days written at once (default: the CPU count); the bytes are the same.")
    Integer threads;

    @Option(names = "--force", description = "Write into a non-empty --out: its song_data/ and log_data/ are replaced, nothing else is touched.")
    boolean force;

    @Option(names = "--progress", negatable = true,
            description = "Show a progress line on stderr (default: only when on a terminal).")
    Boolean progress;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LocalDate start;
        try {
            start = LocalDate.parse(startDate);
        } catch (DateTimeParseException e) {
            throw StarlingException.usage("--start-date takes a date like 2018-11-01, not '" + startDate + "'");
        }
        if (users != null && users < 1) {
            throw StarlingException.usage("--users must be at least 1");
        }
        GeneratorOptions options = new GeneratorOptions(out, events, songs, users == null ? 0 : users, seed, days,
                songsPerFile, start, force, threads == null ? Runtime.getRuntime().availableProcessors() : threads);
        SparkifyGenerator generator = new SparkifyGenerator(options);
        PrintWriter err = spec.commandLine().getErr();
        boolean show = progress != null ? progress : System.console() != null;
        long started = System.nanoTime();
        Thread ticker = show ? startTicker(generator, err, started) : null;
        SparkifyGenerator.Result result;
        try {
            result = generator.run();
        } finally {
            if (ticker != null) {
                ticker.interrupt();
                try {
                    ticker.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(ProgressLine.summary(result, this.out.toString(), System.nanoTime() - started));
        out.flush();
        return 0;
    }

    /** Rewrites one line on stderr four times a second until interrupted, then erases it. */
    private Thread startTicker(SparkifyGenerator generator, PrintWriter err, long started) {
        Thread ticker = new Thread(() -> {
            int width = 0;
            try {
                while (true) {
                    Thread.sleep(250);
                    String line = ProgressLine.progress(generator.eventsWritten(), events, System.nanoTime() - started);
                    err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
                    err.flush();
                    width = line.length();
                }
            } catch (InterruptedException e) {
                if (width > 0) {
                    err.print("\r" + " ".repeat(width) + "\r");
                }
                err.flush();
            }
        }, "starling-progress");
        ticker.setDaemon(true);
        ticker.start();
        return ticker;
    }
}
