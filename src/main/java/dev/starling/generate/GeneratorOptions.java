package dev.starling.generate;

import dev.starling.StarlingException;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * What {@link SparkifyGenerator} writes: {@code events} events over {@code days} days from {@code startDate}
 * (UTC), {@code songs} song files ({@code songsPerFile} records per file), {@code users} users (0: about
 * 2 x sqrt(events)), from {@code seed}. {@code force} allows a non-empty {@code out} folder: its song_data and
 * log_data are replaced, nothing else is touched. {@code threads} only changes the speed, never the bytes.
 */
public record GeneratorOptions(Path out, long events, int songs, int users, long seed, int days, int songsPerFile,
                               LocalDate startDate, boolean force, int threads) {

    public static final long MAX_EVENTS = 2_000_000_000L;
    public static final int MAX_SONGS = 5_000_000;
    public static final LocalDate DEFAULT_START = LocalDate.of(2018, 11, 1);

    /** The defaults: seed 42, 30 days from 2018-11-01, one song per file, users from the event count. */
    public static GeneratorOptions of(Path out, long events, int songs) {
        return new GeneratorOptions(out, events, songs, 0, 42, 30, 1, DEFAULT_START, false,
                Runtime.getRuntime().availableProcessors());
    }

    public GeneratorOptions withSeed(long value) {
        return new GeneratorOptions(out, events, songs, users, value, days, songsPerFile, startDate, force, threads);
    }

    public GeneratorOptions withDays(int value) {
        return new GeneratorOptions(out, events, songs, users, seed, value, songsPerFile, startDate, force, threads);
    }

    public GeneratorOptions withSongsPerFile(int value) {
        return new GeneratorOptions(out, events, songs, users, seed, days, value, startDate, force, threads);
    }

    public GeneratorOptions withThreads(int value) {
        return new GeneratorOptions(out, events, songs, users, seed, days, songsPerFile, startDate, force, value);
    }

    public GeneratorOptions withForce(boolean value) {
        return new GeneratorOptions(out, events, songs, users, seed, days, songsPerFile, startDate, value, threads);
    }

    public GeneratorOptions withOut(Path value) {
        return new GeneratorOptions(value, events, songs, users, seed, days, songsPerFile, startDate, force, threads);
    }

    /** The number of users actually generated. */
    public int userCount() {
        if (users > 0) {
            return users;
        }
        return (int) Math.max(10, Math.min(1_000_000, Math.round(2 * Math.sqrt((double) events))));
    }

    /** Throws a usage error (exit 2) naming the option when a value is out of range. */
    public GeneratorOptions validate() {
        if (out == null) {
            throw StarlingException.usage("--out is required: the folder to write song_data/ and log_data/ into");
        }
        require(events >= 1 && events <= MAX_EVENTS, "--events must be between 1 and " + MAX_EVENTS + ", not " + events);
        require(songs >= 1 && songs <= MAX_SONGS, "--songs must be between 1 and " + MAX_SONGS + ", not " + songs);
        require(days >= 1 && days <= 3660, "--days must be between 1 and 3660, not " + days);
        require(songsPerFile >= 1 && songsPerFile <= 1_000_000,
                "--songs-per-file must be between 1 and 1000000, not " + songsPerFile);
        require(users >= 0 && users <= 1_000_000, "--users must be between 1 and 1000000, not " + users);
        require((long) userCount() * days <= 500_000_000L, "--users times --days must be at most 500,000,000");
        require(threads >= 1 && threads <= 256, "--threads must be between 1 and 256, not " + threads);
        require(startDate != null && startDate.getYear() >= 1970 && startDate.getYear() <= 9000,
                "--start-date must be a date between 1970 and 9000, e.g. 2018-11-01");
        return this;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw StarlingException.usage(message);
        }
    }
}
