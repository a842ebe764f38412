package dev.starling.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server (Debian's binaries under /usr/lib/postgresql/N/bin) in a temporary folder on a free
 * loopback port, started once per test JVM and stopped when the JVM exits, with a {@link StartupProxy} in front
 * so that the Redshift JDBC driver can connect. initdb refuses to run as root, so as root the server runs as
 * {@code nobody}. If it cannot start, tests fail with the reason; they are skipped only when
 * {@code STARLING_SKIP_PG=1} is set.
 */
public final class PostgresServer {

    public static final String USER = "starling";
    public static final String DATABASE = "starling";

    private static PostgresServer shared;

    private final Path dir;
    private final Path data;
    private final int port;
    private final Process process;
    private final StartupProxy proxy;
    private final AtomicInteger schemas = new AtomicInteger();

    private PostgresServer(Path dir, int port, Process process, StartupProxy proxy) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.process = process;
        this.proxy = proxy;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized PostgresServer shared() {
        if ("1".equals(System.getenv("STARLING_SKIP_PG"))) {
            Assumptions.abort("STARLING_SKIP_PG=1: PostgreSQL tests skipped on request");
        }
        if (shared == null) {
            try {
                shared = start();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("could not start PostgreSQL for the Redshift tests: " + e.getMessage()
                        + " (.ci/run installs Debian's postgresql; set STARLING_SKIP_PG=1 to skip these tests"
                        + " on purpose)", e);
            }
            PostgresServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-stop"));
        }
        return shared;
    }

    private static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("starling-pg");
        Path data = dir.resolve("data");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "nobody", dir.toString()), dir.resolve("chown.log"));
        }
        run(asUser(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust",
                "-E", "UTF8", "--no-locale", "-N")), dir.resolve("initdb.log"));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path log = dir.resolve("postgres.log");
        Process process = new ProcessBuilder(asUser(root, List.of(bin.resolve("postgres").toString(), "-D",
                data.toString(), "-p", String.valueOf(port), "-k", data.toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=100")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Process ready = new ProcessBuilder(bin.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1", "-p",
                    String.valueOf(port)).start();
            if (ready.waitFor() == 0) {
                break;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("postgres did not start: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        PostgresServer server = new PostgresServer(dir, port, process, new StartupProxy(port));
        server.execute("create database " + DATABASE, "postgres");
        return server;
    }

    /** The newest /usr/lib/postgresql/N/bin (or $STARLING_PG_BIN). */
    private static Path binaries() throws IOException {
        String configured = System.getenv("STARLING_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            throw new IOException("no PostgreSQL binaries: /usr/lib/postgresql is missing (apt-get install postgresql)");
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "0"))))
                    .map(p -> p.resolve("bin"))
                    .orElseThrow(() -> new IOException("no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql)"));
        }
    }

    private static List<String> asUser(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of("runuser", "-u", "nobody", "--"));
        out.addAll(command);
        return out;
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + Files.readString(log));
        }
    }

    /** The port the Redshift driver connects to (the proxy). */
    public int port() {
        return proxy.port();
    }

    /** The proxy in front of the server (to cut a connection after a commit). */
    public StartupProxy proxy() {
        return proxy;
    }

    /** PostgreSQL's own port (no proxy). */
    public int directPort() {
        return port;
    }

    /** {@code jdbc:redshift://127.0.0.1:<proxy>/starling}. */
    public String redshiftUrl() {
        return "jdbc:redshift://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** A new connection through the Redshift driver, for a test's own checks. */
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", "unused");
        properties.setProperty("ssl", "false");
        return DriverManager.getConnection(redshiftUrl(), properties);
    }

    /** The first column of a query's rows, as text (through the Redshift driver). */
    public java.util.List<String> column(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            java.util.List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    /**
     * A Redshift target on this server as project.yml lines, each indented by {@code indent}: the password from
     * STARLING_REDSHIFT_PASSWORD (the server trusts any), no SSL, no late-binding views (PostgreSQL has no WITH NO
     * SCHEMA BINDING), short retry waits, a role for COPY; then {@code extra} lines ("threads: 2").
     */
    public String targetYaml(String schema, String indent, String... extra) {
        List<String> lines = new ArrayList<>(List.of("type: redshift", "host: 127.0.0.1", "port: " + port(),
                "database: " + DATABASE, "user: " + USER, "password: ${env.STARLING_REDSHIFT_PASSWORD}", "ssl: false",
                "schema: " + schema, "late_binding_views: false", "retry_delay_ms: 10",
                "iam_role: arn:aws:iam::123456789012:role/test"));
        lines.addAll(List.of(extra));
        return String.join("", lines.stream().map(line -> indent + line + "\n").toList());
    }

    /** A fresh, empty schema with a unique name. */
    public String newSchema(String prefix) {
        String schema = prefix + "_" + schemas.incrementAndGet();
        execute("create schema " + schema, DATABASE);
        return schema;
    }

    public void execute(String sql) {
        execute(sql, DATABASE);
    }

    /** Runs {@code sql} in another database of the server (e.g. one made to stand in for Redshift Serverless). */
    public void execute(String sql, String database) {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("ssl", "false");
        try (Connection c = DriverManager.getConnection("jdbc:redshift://127.0.0.1:" + port() + "/" + database,
                properties); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private void stop() {
        proxy.close();
        try {
            // the process started may be runuser, which does not pass signals on: stop the postmaster by its pid file
            String pid = Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim();
            new ProcessBuilder("kill", "-INT", pid).start().waitFor();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
