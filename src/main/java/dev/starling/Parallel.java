package dev.starling;

import java.util.Arrays;
import java.util.List;
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

    private record Failure(RuntimeException error) {
    }
}
