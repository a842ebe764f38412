package dev.starling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void keepsInputOrder() {
        List<Integer> input = IntStream.range(0, 10_000).boxed().toList();
        assertEquals(input.stream().map(i -> i * 2).toList(), Parallel.map(input, i -> i * 2));
    }

    @Test
    void reportsTheFirstFailureInInputOrderWhateverFinishesFirst() {
        List<Integer> input = IntStream.range(0, 2_000).boxed().toList();
        for (int round = 0; round < 20; round++) {
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> Parallel.map(input, i -> {
                if (i % 500 == 499) {
                    throw new IllegalStateException("item " + i);
                }
                return i;
            }));
            assertEquals("item 499", error.getMessage());
        }
    }

    @Test
    void bothRunsTheFirstOnAnotherThreadWaitsForItAndReportsItsFailureFirst() {
        java.util.concurrent.CountDownLatch firstStarted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<String> firstThread = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean firstDone = new java.util.concurrent.atomic.AtomicBoolean();
        Parallel.both(() -> {
            firstThread.set(Thread.currentThread().getName());
            firstStarted.countDown();
            firstDone.set(true);
        }, () -> {
            try {
                // the second waits for the first to start: they run at the same time, not one after the other
                org.junit.jupiter.api.Assertions.assertTrue(firstStarted.await(30, java.util.concurrent.TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(firstDone.get(), "both returns only when the first is done");
        assertNotEquals(Thread.currentThread().getName(), firstThread.get());

        IllegalStateException both = assertThrows(IllegalStateException.class, () -> Parallel.both(
                () -> { throw new IllegalStateException("first"); },
                () -> { throw new IllegalStateException("second"); }));
        assertEquals("first", both.getMessage());
        assertEquals("second", both.getSuppressed()[0].getMessage());
        IllegalStateException second = assertThrows(IllegalStateException.class, () -> Parallel.both(() -> { },
                () -> { throw new IllegalStateException("second"); }));
        assertEquals("second", second.getMessage());
    }
}
