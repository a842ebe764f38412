package dev.starling.s3;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One progress line on stderr for every S3 sync in flight, redrawn in place:
 * {@code downloading [#####       ] 12/50 objects, 60.4 KB of 177.2 KB (event_staging, song_staging)}.
 * Only when Starling runs in a terminal; redirected output gets just the summary lines. Whoever prints a line
 * to the same terminal calls {@link #clear()} first, and the bar reappears below it on the next update.
 */
public final class TerminalProgress {

    private static final long REDRAW_NANOS = 150_000_000L;
    private static final int WIDTH = 20;
    private static final TerminalProgress STDERR = new TerminalProgress(System.err);
    private static final boolean TERMINAL = terminal();

    private final PrintStream err;
    private final Map<String, long[]> active = new LinkedHashMap<>();
    private long lastDraw;
    private boolean drawn;

    TerminalProgress(PrintStream err) {
        this.err = err;
    }

    /** The progress of one source's sync, drawn on stderr when attached to a terminal, else nothing. */
    public static S3Cache.Progress forSource(String name) {
        return TERMINAL ? STDERR.track(name) : S3Cache.Progress.NONE;
    }

    /** Erases the progress line, if one is drawn, so that the caller's next line starts clean. */
    public static void clear() {
        if (TERMINAL) {
            STDERR.erase();
        }
    }

    /** Java 17 has a console only on a terminal; from Java 22 on there may be one anyway, so ask it. */
    private static boolean terminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    S3Cache.Progress track(String name) {
        return new S3Cache.Progress() {
            @Override
            public void update(int objectsDone, int objectsTotal, long bytesDone, long bytesTotal) {
                TerminalProgress.this.update(name, new long[] {objectsDone, objectsTotal, bytesDone, bytesTotal});
            }

            @Override
            public void done() {
                TerminalProgress.this.done(name);
            }
        };
    }

    private synchronized void update(String name, long[] state) {
        boolean first = !active.containsKey(name);
        active.put(name, state);
        long now = System.nanoTime();
        if (!first && drawn && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        long objectsDone = 0;
        long objectsTotal = 0;
        long bytesDone = 0;
        long bytesTotal = 0;
        for (long[] s : active.values()) {
            objectsDone += s[0];
            objectsTotal += s[1];
            bytesDone += s[2];
            bytesTotal += s[3];
        }
        double fraction = bytesTotal > 0 ? Math.min(1.0, (double) bytesDone / bytesTotal)
                : objectsTotal > 0 ? (double) objectsDone / objectsTotal : 1.0;
        int filled = (int) Math.round(fraction * WIDTH);
        err.print("\r\033[Kdownloading [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + objectsDone + "/"
                + objectsTotal + " objects, " + S3Cache.bytes(bytesDone) + " of " + S3Cache.bytes(bytesTotal) + " ("
                + String.join(", ", active.keySet()) + ")");
        err.flush();
        drawn = true;
    }

    private synchronized void done(String name) {
        if (active.remove(name) != null) {
            erase();
        }
    }

    synchronized void erase() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }
}
