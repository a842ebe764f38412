package dev.starling.cli;

import dev.starling.execute.NodeResult;
import dev.starling.execute.RunListener;
import dev.starling.render.CompiledNode;
import dev.starling.s3.TerminalProgress;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Prints one line as each node starts and one as it finishes, with failures and failing rows below. */
final class ConsoleListener implements RunListener {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final int DOTS_TO = 64;

    private final PrintWriter out;

    ConsoleListener(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void started(int index, int total, CompiledNode node, String action) {
        TerminalProgress.clear();
        out.println(prefix(index, total) + String.format(Locale.ROOT, "%-5s %-5s %s", "START", action,
                node.node().displayName()));
        out.flush();
    }

    @Override
    public synchronized void finished(int index, int total, NodeResult result) {
        TerminalProgress.clear();
        String word = switch (result.status()) {
            case SUCCESS -> "OK";
            case PASS -> "PASS";
            case WARN -> "WARN";
            case FAIL -> "FAIL";
            case ERROR -> "ERROR";
            case SKIPPED -> "SKIP";
        };
        String head = prefix(index, total) + String.format(Locale.ROOT, "%-5s %-5s %s ", word, result.action(), result.name());
        String detail = switch (result.status()) {
            case SUCCESS -> (result.load() != null ? result.load().brief() + " in "
                    : result.rows() >= 0 ? String.format(Locale.ROOT, "%,d rows in ", result.rows()) : "in ")
                    + seconds(result.seconds());
            case PASS -> "in " + seconds(result.seconds());
            case WARN, FAIL -> String.format(Locale.ROOT, "%,d failing row%s in %s", result.rows(),
                    result.rows() == 1 ? "" : "s", seconds(result.seconds()));
            case ERROR -> "in " + seconds(result.seconds());
            case SKIPPED -> result.message();
        };
        out.println(head + ".".repeat(Math.max(3, DOTS_TO - head.length())) + " [" + detail + "]");
        if (result.load() != null && result.load().rejected() > 0) {
            out.println("          " + result.load().summary(result.name().substring(result.name().lastIndexOf('.') + 1)));
        }
        if (result.status() != NodeResult.Status.SKIPPED && result.message() != null) {
            result.message().lines().forEach(line -> out.println("          " + line));
        }
        if (result.failingRows() != null) {
            TablePrinter.lines(result.failingRows()).forEach(line -> out.println("          " + line));
            if (result.failingRows().truncated()) {
                out.println("          (first " + result.failingRows().rows().size() + " shown)");
            }
        }
        out.flush();
    }

    @Override
    public synchronized void note(CompiledNode node, String line) {
        TerminalProgress.clear();
        out.println("          " + line);
        out.flush();
    }

    private static String prefix(int index, int total) {
        int digits = String.valueOf(total).length();
        return LocalTime.now().format(CLOCK) + "  " + String.format(Locale.ROOT, "%" + digits + "d of %d ", index, total);
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.2fs", seconds);
    }
}
