package dev.starling.infra;

import java.time.Duration;

/** Time for the wait loops: the real clock, or a fake one in tests that advances when it "sleeps". */
public interface Waits {

    /** Nanoseconds from an arbitrary origin (as {@link System#nanoTime()}). */
    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;

    static Waits system() {
        return new Waits() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            }
        };
    }

    /** "0s", "45s", "2m 30s", "1h 5m", "250ms". */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000 && ms > 0 && d.toSeconds() == 0) {
            return ms + "ms";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : " " + s % 60 + "s");
        }
        return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + "m");
    }
}
