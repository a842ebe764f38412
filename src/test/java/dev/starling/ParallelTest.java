package dev.starling;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
