package dev.starling;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Work over many independent items (files to read, templates to render) spread over the cores, with results
 * and errors kept in input order: when several items fail, the first one in order is reported, so an error
 * never depends on scheduling.
 */
public final class Parallel {

    private Parallel() {
    }

    /** {@code work} applied to each item in parallel; rethrows the first failure in input order. */
    public static <T, R> List<R> map(List<T> items, Function<T, R> work) {
        Object[] results = new Object[items.size()];
        IntStream.range(0, items.size()).parallel().forEach(i -> {
            try {
                results[i] = work.apply(items.get(i));
            } catch (RuntimeException e) {
                results[i] = new Failure(e);
            }
        });
        for (Object result : results) {
            if (result instanceof Failure failure) {
                throw failure.error;
            }
        }
        @SuppressWarnings("unchecked")
        List<R> values = (List<R>) Arrays.asList(results);
        return values;
    }

    /**
     * Runs {@code first} on a thread of its own while the caller runs {@code second}, and returns when both are
     * done; a failure of {@code first} is rethrown before one of {@code second}.
     */
    public static void both(Runnable first, Runnable second) {
        FutureTask<Void> task = new FutureTask<>(first, null);
        Thread thread = new Thread(task, "starling-parallel");
        thread.setDaemon(true);
        thread.start();
        Throwable secondFailure = null;
        try {
            second.run();
        } catch (RuntimeException | Error e) {
            secondFailure = e; // rethrown once the first is done, so nothing is left half-written behind it
        }
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                if (secondFailure != null) {
                    runtime.addSuppressed(secondFailure);
                }
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
        if (secondFailure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (secondFailure instanceof Error error) {
            throw error;
        }
    }

    private record Failure(RuntimeException error) {
    }
}
