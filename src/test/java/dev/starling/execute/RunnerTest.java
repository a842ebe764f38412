package dev.starling.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.Workspace;
import dev.starling.render.CompiledNode;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduling: independent nodes run at once up to --threads, and a node waits for everything it reads. */
class RunnerTest {

    @TempDir
    Path dir;

    /** Records how many nodes were running at the same time, and the order of events. */
    static final class Recorder implements RunListener {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void started(int index, int total, CompiledNode node, String action) {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            events.add("start " + node.node().name());
        }

        @Override
        public void finished(int index, int total, NodeResult result) {
            running.decrementAndGet();
            events.add("finish " + result.name());
        }
    }

    private Recorder build(int threads) {
        TestProjects.empty(dir, "sched");
        // two independent models that each take a moment, and one that reads both
        String slow = "select sum(i % 7) as s from range(150000000) as t(i)\n";
        TestProjects.write(dir.resolve("models/a.sql"), slow);
        TestProjects.write(dir.resolve("models/b.sql"), slow);
        TestProjects.write(dir.resolve("models/c.sql"), "select a.s + b.s as s from ${ref('a')} as a, ${ref('b')} as b\n");
        Recorder recorder = new Recorder();
        try (Workspace workspace = Workspace.open(Workspace.Options.of(dir).withThreads(threads))) {
            RunResults results = workspace.run(Workspace.Selection.ALL, recorder);
            assertEquals(0, results.exitStatus(), results.summary());
            assertEquals(3, results.ok());
        }
        return recorder;
    }

    @Test
    void independentModelsRunAtOnceWithTwoThreads() {
        Recorder recorder = build(2);
        assertEquals(2, recorder.peak.get(), recorder.events::toString);
        assertTrue(recorder.events.indexOf("start c") > recorder.events.indexOf("finish a"), recorder.events::toString);
        assertTrue(recorder.events.indexOf("start c") > recorder.events.indexOf("finish b"), recorder.events::toString);
    }

    @Test
    void oneThreadRunsOneNodeAtATime() {
        Recorder recorder = build(1);
        assertEquals(1, recorder.peak.get(), recorder.events::toString);
        assertEquals(List.of("start a", "finish a", "start b", "finish b", "start c", "finish c"), recorder.events);
    }
}
