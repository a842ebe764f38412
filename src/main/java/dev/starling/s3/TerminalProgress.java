package dev.starling.s3;

import java.io.PrintStream;

/**
 * A one-line progress bar for a sync, redrawn in place on stderr: {@code song_staging: [#####     ] 12/47
 * objects, 0.4/1.2 MB}. Only when Starling runs in a terminal; redirected output gets just the summary line.
 */
public final class TerminalProgress implements S3Cache.Progress {

    private static final long REDRAW_NANOS = 150_000_000L;
    private static final int WIDTH = 24;

    private final String name;
    private final PrintStream err;
    private long lastDraw;
    private int drawnLength;

    TerminalProgress(String name, PrintStream err) {
        this.name = name;
        this.err = err;
    }

    /** A progress bar on stderr when attached to a terminal, else nothing. */
    public static S3Cache.Progress forSource(String name) {
        return terminal() ? new TerminalProgress(name, System.err) : S3Cache.Progress.NONE;
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

    @Override
    public synchronized void update(int objectsDone, int objectsTotal, long bytesDone, long bytesTotal) {
        long now = System.nanoTime();
        if (drawnLength > 0 && now - lastDraw < REDRAW_NANOS && objectsDone < objectsTotal) {
            return;
        }
        lastDraw = now;
        double fraction = bytesTotal > 0 ? Math.min(1.0, (double) bytesDone / bytesTotal)
                : objectsTotal > 0 ? (double) objectsDone / objectsTotal : 1.0;
        int filled = (int) Math.round(fraction * WIDTH);
        String line = name + ": [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + objectsDone + "/"
                + objectsTotal + " objects, " + S3Cache.bytes(bytesDone) + " of " + S3Cache.bytes(bytesTotal);
        err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        err.flush();
        drawnLength = line.length();
    }

    @Override
    public synchronized void done() {
        if (drawnLength > 0) {
            err.print("\r" + " ".repeat(drawnLength) + "\r");
            err.flush();
            drawnLength = 0;
        }
    }
}
