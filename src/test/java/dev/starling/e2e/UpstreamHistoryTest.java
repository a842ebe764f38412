package dev.starling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.starling.support.Cli;
import dev.starling.support.TestProjects;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose upstream is not built names the upstream and why it is not: how it ended in the last run
 * (target/run_results.json), with the first line of its message, and the command that builds it.
 */
class UpstreamHistoryTest {

    @TempDir
    Path dir;

    @BeforeEach
    void project() {
        TestProjects.write(dir.resolve("project.yml"), "name: shop\n");
        TestProjects.write(dir.resolve("models/orders.sql"), "select id from no_such_table\n");
        TestProjects.write(dir.resolve("models/order_days.sql"), "select id from ${ref('orders')}\n");
        TestProjects.write(dir.resolve("models/report.sql"), "select id from ${ref('order_days')}\n");
    }

    /** {@code run} (orders fails, what reads it is skipped), then {@code run -s model} alone, which fails too. */
    private Cli.Result aloneAfterAFailedRun(String model) {
        Cli.Result all = Cli.run(dir, "run");
        assertEquals(1, all.status(), all::toString);
        Cli.Result alone = Cli.run(dir, "run", "-s", model);
        assertEquals(1, alone.status(), alone::toString);
        return alone;
    }

    @Test
    void anUpstreamThatFailedInTheLastRunIsNamedWithItsFailureAndTheCommandThatBuildsIt() {
        Cli.Result alone = aloneAfterAFailedRun("order_days");
        assertTrue(Pattern.compile("\\n *The upstream model orders was not built: it failed in the last run"
                        + " \\(20[0-9-]+T[0-9:]+Z\\): models/orders\\.sql: .*no_such_table.*\\n"
                        + " *The table order_days did not exist before and was not created\\. Fix it, then run: starling"
                        + " run -s orders\\+\\n").matcher(alone.out()).find(), alone::toString);
        assertFalse(alone.out().contains("Fix the SQL"), alone::toString);
    }

    @Test
    void anUpstreamSkippedInTheLastRunSaysSoAndWhy() {
        Cli.Result alone = aloneAfterAFailedRun("report");
        assertTrue(Pattern.compile("\\n *The upstream model order_days was not built: it was skipped in the last"
                        + " run \\([^)]+\\): upstream orders failed\\n *The table report did not exist before and was not"
                        + " created\\. Build it and what it needs: starling run -s \\+order_days\\+\\n")
                .matcher(alone.out()).find(), alone::toString);
    }

    @Test
    void withoutAnEarlierFailureTheMessageSaysTheUpstreamWasNeverBuilt() {
        Cli.Result alone = Cli.run(dir, "run", "-s", "order_days");
        assertEquals(1, alone.status(), alone::toString);
        assertTrue(alone.out().contains("The upstream model orders has not been built (it is not in the"
                + " database). Build it first, e.g. starling run -s +order_days;"), alone::toString);
    }
}
