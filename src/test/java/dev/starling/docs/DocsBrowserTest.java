package dev.starling.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.starling.support.Cli;
import dev.starling.support.TestProjects;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The generated docs site of Sparkify (built first, so columns come from DuckDB and tests have a status) in a real
 * headless Chromium (Debian's chromium and chromium-driver; {@code .ci/run} installs them), opened from
 * {@code file://} and served by {@code docs serve}'s server: the model list, a model page with its columns and
 * tests, the lineage graph's edges, search, and every request the browser made (from its DevTools network log)
 * staying on the machine. Screenshots of the main pages go to {@code target/docs-screenshots/}.
 */
class DocsBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/docs-screenshots");

    @TempDir
    static Path dir;
    static ChromeDriver browser;
    static Path index;

    @BeforeAll
    static void generateAndOpen() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
        TestProjects.sparkify(dir);
        Cli.Result build = Cli.run(dir, "build");
        assertEquals(0, build.status(), build::toString);
        Cli.Result freshness = Cli.run(dir, "source", "freshness");
        assertEquals(0, freshness.status(), freshness::toString);
        Cli.Result docs = Cli.run(dir, "docs", "generate");
        assertEquals(0, docs.status(), docs::toString);
        assertTrue(docs.out().contains("Docs: 2 sources, 7 models, 1 snapshot, 29 tests, 4 analyses written to"), docs::toString);
        assertTrue(docs.out().contains("columns: the target dev (duckdb"), docs::toString);
        index = dir.resolve("target/docs/index.html");
        Files.createDirectories(SCREENSHOTS);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1100", "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void forgetRequests() {
        browser.manage().logs().get(LogType.PERFORMANCE); // drains the log: each test sees its own requests
    }

    private static void open(String route) {
        browser.get(index.toUri() + route);
        browser.navigate().refresh(); // a new hash on the same file only fires hashchange: a reload shows it fresh
        waitFor(10, d -> !d.findElements(By.cssSelector("#main h1")).isEmpty());
    }

    /** Waits until the condition holds (the page renders on load and on each hash change). */
    private static void waitFor(int seconds, java.util.function.Predicate<ChromeDriver> condition) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.test(browser)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + "s at " + browser.getCurrentUrl());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static List<String> texts(String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    /** Every URL the browser requested since the last drain, from the DevTools network log. */
    @SuppressWarnings("unchecked")
    private static Set<String> requests() {
        Set<String> urls = new TreeSet<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            Map<String, Object> outer = new Json().toType(entry.getMessage(), Map.class);
            Map<String, Object> message = (Map<String, Object>) outer.get("message");
            if ("Network.requestWillBeSent".equals(message.get("method"))) {
                Map<String, Object> params = (Map<String, Object>) message.get("params");
                urls.add(String.valueOf(((Map<String, Object>) params.get("request")).get("url")));
            }
        }
        return urls;
    }

    @Test
    void theOverviewAndTheSidebarListEveryKindAndModel() throws IOException {
        open("#!/");
        assertEquals("sparkify", browser.findElement(By.cssSelector("#main h1")).getText());
        assertEquals(List.of("Sources (2)", "Models (7)", "Snapshots (1)", "Tests (29)", "Analyses (4)"),
                texts("#sidebar details.kind > summary"));
        List<String> models = texts("#sidebar details[data-kind=model] li a");
        assertEquals(List.of("artist", "song", "songplay", "time", "user", "nextsong_event", "user_latest_event"), models);
        assertTrue(texts("#sources tr td:first-child").containsAll(List.of("sparkify.event_staging", "sparkify.song_staging")));
        // the freshness checked before generation (Sparkify's sources have no rule: their age only)
        String events = browser.findElement(By.cssSelector("#sources tr[data-source='source.sparkify.event_staging']")).getText();
        assertTrue(events.matches("(?s)sparkify\\.event_staging\\s+no rule\\s+[0-9]+[dhms][0-9dhms ]*\\s+App events.*"), events);
        screenshot("overview");
    }

    @Test
    void aModelPageShowsItsDocsBlockColumnsWithTypesAndTestsWithTheirStatus() throws IOException {
        open("#!/node/model.songplay");
        assertEquals("model songplay", browser.findElement(By.cssSelector("#main h1")).getText().replace('\n', ' '));
        // the description is the docs block of models/marts/docs.md, as Markdown
        WebElement description = browser.findElement(By.id("description"));
        assertEquals("one row per song play", description.findElement(By.tagName("strong")).getText());
        assertEquals(3, description.findElements(By.cssSelector("li")).size());
        assertTrue(texts("#meta td").containsAll(List.of("models/marts/songplay.sql", "incremental", "fact")), texts("#meta td")::toString);
        List<String> columns = texts("#columns tr[data-column] td:first-child");
        assertEquals(List.of("songplay_id", "start_time", "user_id", "level", "song_id", "artist_id", "session_id",
                "location", "user_agent"), columns);
        WebElement startTime = browser.findElement(By.cssSelector("#columns tr[data-column=start_time]"));
        assertEquals("timestamp", startTime.findElements(By.tagName("td")).get(1).getText(), "type from DuckDB");
        assertTrue(startTime.getText().contains("not_null pass"), startTime::getText);
        assertTrue(startTime.getText().contains("relationships pass"), startTime::getText);
        List<String> tests = texts("#tests tr[data-test] td:first-child");
        assertEquals(10, tests.size(), tests::toString);
        assertTrue(tests.contains("unique_songplay_songplay_id"), tests::toString);
        assertEquals(Set.of("pass"), Set.copyOf(texts("#tests tr[data-test] td:last-child")));
        // column lineage through songplay's CTEs and subqueries
        assertTrue(browser.findElement(By.id("column-lineage-note")).getText().startsWith("Column lineage: traced"));
        WebElement songplayId = browser.findElement(By.cssSelector("#columns tr[data-column=songplay_id]"));
        assertTrue(songplayId.getText().endsWith("derived from nextsong_event.ts, nextsong_event.user_id,"
                + " nextsong_event.session_id, nextsong_event.item_in_session"), songplayId::getText);
        WebElement songId = browser.findElement(By.cssSelector("#columns tr[data-column=song_id]"));
        assertTrue(songId.getText().endsWith("sparkify.song_staging.song_id"), songId::getText);
        assertTrue(browser.findElement(By.id("sql")).getText().contains("left join song_lookup as s"));
        screenshot("model-songplay");

        open("#!/node/model.nextsong_event");
        WebElement ts = browser.findElement(By.cssSelector("#columns tr[data-column=ts]"));
        assertTrue(ts.getText().endsWith("sparkify.event_staging.ts"), ts::getText);
        WebElement start = browser.findElement(By.cssSelector("#columns tr[data-column=start_time]"));
        assertTrue(start.getText().endsWith("derived from sparkify.event_staging.ts"), start::getText);
        screenshot("model-nextsong_event");
    }

    /** The drawn graph's edges, read in one script (the page re-renders on each hash change). */
    @SuppressWarnings("unchecked")
    private static Set<String> edges() {
        List<String> edges = (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('svg#graph path.edge'))"
                        + ".map(function (e) { return e.getAttribute('data-from') + ' -> ' + e.getAttribute('data-to'); })");
        return new TreeSet<>(edges);
    }

    @Test
    void theLineageGraphHasSparkifysEdgesAndItsNodesOpenTheirPages() throws IOException {
        open("#!/lineage");
        Set<String> edges = edges();
        assertTrue(edges.containsAll(Set.of(
                "source.sparkify.event_staging -> model.nextsong_event",
                "model.nextsong_event -> model.songplay",
                "source.sparkify.song_staging -> model.songplay",
                "source.sparkify.song_staging -> model.song",
                "source.sparkify.song_staging -> model.artist",
                "model.nextsong_event -> model.time",
                "source.sparkify.event_staging -> model.user_latest_event",
                "model.user_latest_event -> model.user",
                "model.songplay -> analysis.top_songs",
                "model.user -> snapshot.user_history")), edges::toString);
        assertFalse(edges.stream().anyMatch(e -> e.contains("test.")), "tests are not drawn: " + edges);
        assertEquals(14, browser.findElements(By.cssSelector("svg#graph g.node")).size());
        screenshot("lineage");
        Files.write(SCREENSHOTS.resolve("lineage-graph.png"),
                browser.findElement(By.cssSelector(".graph-wrap")).getScreenshotAs(OutputType.BYTES));

        browser.findElement(By.id("by-folder")).click();
        waitFor(5, d -> !d.findElements(By.cssSelector("svg#graph g.node[data-id='folder:analyses']")).isEmpty());
        assertEquals(Set.of("folder:sources/sparkify -> folder:models/staging", "folder:sources/sparkify -> folder:models/marts",
                "folder:models/staging -> folder:models/marts", "folder:models/marts -> folder:analyses",
                "folder:sources/sparkify -> folder:models/intermediate", "folder:models/intermediate -> folder:models/marts",
                "folder:models/marts -> folder:snapshots"), edges());
        screenshot("lineage-by-folder");
        open("#!/lineage");

        browser.findElement(By.cssSelector("svg#graph g.node[data-id='model.nextsong_event']")).click();
        waitFor(5, d -> !d.findElements(By.cssSelector("svg#graph g.node.current[data-id='model.nextsong_event']")).isEmpty());
        assertEquals("model nextsong_event", browser.findElement(By.cssSelector("#main h1")).getText().replace('\n', ' '));
        // its own neighbourhood: upstream event_staging, downstream songplay and what reads songplay
        Set<String> around = edges();
        assertTrue(around.containsAll(Set.of("source.sparkify.event_staging -> model.nextsong_event",
                "model.nextsong_event -> model.songplay", "model.songplay -> analysis.top_songs")), around::toString);
        assertFalse(around.contains("source.sparkify.song_staging -> model.song"), "song is not up- or downstream: " + around);
        assertEquals("model.nextsong_event", browser.findElement(By.cssSelector("svg#graph g.node.current")).getAttribute("data-id"));
    }

    @Test
    void searchFindsNodesByNameAndByColumn() throws IOException {
        open("#!/");
        WebElement search = browser.findElement(By.id("search"));
        search.sendKeys("song");
        List<String> hits = texts("#results li a[data-id]");
        assertTrue(hits.get(0).startsWith("model") && hits.get(0).endsWith("song"), hits::toString);
        assertTrue(hits.stream().anyMatch(h -> h.endsWith("songplay")), hits::toString);
        screenshot("search");
        search.clear();
        search.sendKeys("user_agent");
        List<String> byColumn = texts("#results li a[data-id]");
        assertTrue(byColumn.stream().anyMatch(h -> h.contains("songplay") && h.contains("column user_agent")), byColumn::toString);
        search.sendKeys(Keys.ENTER);
        waitFor(5, d -> d.getCurrentUrl().contains("#!/node/"));
        search.clear();
        search.sendKeys("no-such-thing-anywhere");
        assertEquals(List.of("No match"), texts("#results li"));
    }

    @Test
    void fromDiskNoRequestLeavesTheMachine() {
        open("#!/lineage");
        open("#!/node/model.songplay");
        Set<String> urls = requests();
        assertTrue(urls.stream().anyMatch(u -> u.endsWith("/data.js")), urls::toString);
        List<String> outside = new ArrayList<>(urls.stream().filter(u -> !u.startsWith("file://") && !u.startsWith("data:")).toList());
        assertEquals(List.of(), outside);
        String csp = browser.findElement(By.cssSelector("meta[http-equiv=Content-Security-Policy]")).getAttribute("content");
        assertTrue(csp.contains("connect-src 'none'") && csp.contains("default-src 'none'"), csp);
        Object entries = ((JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
                        + ".filter(function (n) { return n.indexOf('file:') !== 0; })");
        assertEquals(List.of(), entries);
    }

    @Test
    void servedNoRequestLeavesTheMachineAndEachIsLogged() throws IOException {
        StringWriter log = new StringWriter();
        try (DocsServer server = DocsServer.start(dir.resolve("target/docs"), 0, new PrintWriter(log))) {
            browser.get(server.uri() + "#!/node/model.song");
            waitFor(10, d -> !d.findElements(By.cssSelector("#columns")).isEmpty());
            assertEquals("model song", browser.findElement(By.cssSelector("#main h1")).getText().replace('\n', ' '));
            Set<String> urls = requests();
            String local = "http://127.0.0.1:" + server.port() + "/";
            assertEquals(List.of(), urls.stream().filter(u -> !u.startsWith(local)).toList(), urls::toString);
            assertTrue(urls.containsAll(Set.of(local, local + "data.js", local + "app.js", local + "style.css")), urls::toString);
            String served = log.toString();
            assertTrue(served.contains("200 GET /data.js"), served);
            assertTrue(served.contains("200 GET /app.js"), served);
        }
    }
}
