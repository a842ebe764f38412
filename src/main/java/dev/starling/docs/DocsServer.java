package dev.starling.docs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code starling docs serve}: the generated site over HTTP on localhost only (127.0.0.1), GET and HEAD of its
 * files, nothing else; each request is logged to the command's output.
 */
public final class DocsServer implements AutoCloseable {

    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "png", "image/png",
            "svg", "image/svg+xml", "json", "application/json");

    private final HttpServer server;
    private final Path root;
    private final PrintWriter log;

    private DocsServer(HttpServer server, Path root, PrintWriter log) {
        this.server = server;
        this.root = root;
        this.log = log;
    }

    /** Starts serving {@code root} on 127.0.0.1:{@code port} (0: any free port). */
    public static DocsServer start(Path root, int port, PrintWriter log) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        DocsServer docs = new DocsServer(server, root.toAbsolutePath().normalize(), log);
        server.createContext("/", docs::handle);
        server.start();
        return docs;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Path file = root.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
            int status;
            byte[] body = new byte[0];
            if (!method.equals("GET") && !method.equals("HEAD")) {
                status = 405;
            } else if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                status = 404;
            } else {
                status = 200;
                body = Files.readAllBytes(file);
                String name = file.getFileName().toString();
                String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
                exchange.getResponseHeaders().set("Content-Type", type);
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            }
            synchronized (log) {
                log.println(status + " " + method + " " + exchange.getRequestURI());
                log.flush();
            }
            boolean hasBody = status == 200 && method.equals("GET");
            exchange.sendResponseHeaders(status, hasBody ? body.length : -1);
            if (hasBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
