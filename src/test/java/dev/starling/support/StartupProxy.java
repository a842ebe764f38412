package dev.starling.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A loopback TCP proxy in front of a PostgreSQL server that lets the real Redshift JDBC driver talk to it.
 *
 * <p>The driver's startup message carries parameters that only Redshift accepts ({@code driver_version},
 * {@code os_version}, {@code client_protocol_version}, {@code driver_discovery_version}); PostgreSQL rejects a
 * session that sends unknown parameters. The proxy rewrites the startup message without them and then copies
 * messages both ways untouched (it can cut a connection right after a commit: {@link #dropAfterCommitOf}). An SSL request (the driver sends none with {@code ssl=false}) is answered with 'N'.
 */
public final class StartupProxy implements AutoCloseable {

    /** The startup parameters that PostgreSQL does not know. */
    public static final Set<String> DROPPED = Set.of("driver_version", "os_version", "client_protocol_version",
            "driver_discovery_version");
    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;

    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new ArrayList<>();
    private volatile boolean closed;
    /** A text that arms the drop of the next connection whose query contains it (see {@link #dropAfterCommitOf}). */
    private final java.util.concurrent.atomic.AtomicReference<String> dropMarker = new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicInteger dropsDone = new java.util.concurrent.atomic.AtomicInteger();

    public StartupProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "startup-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /**
     * Once: the connection that next sends a query containing {@code marker} is cut right after the server
     * answers its next COMMIT: the transaction has committed, and the client never hears it (a commit lost on
     * the way back, as on a dropped network). Messages are read whole in both directions to see it.
     */
    public void dropAfterCommitOf(String marker) {
        dropMarker.set(marker);
    }

    /** How many connections were cut after a commit so far. */
    public int commitsDropped() {
        return dropsDone.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Thread handler = new Thread(() -> handle(client), "startup-proxy-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("startup proxy: accept failed: " + e);
                }
                return;
            }
        }
    }

    private void handle(Socket client) {
        try {
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            synchronized (sockets) {
                sockets.add(client);
                sockets.add(upstream);
            }
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream clientOut = client.getOutputStream();
            byte[] startup;
            while (true) {
                int length = in.readInt();
                byte[] body = new byte[length - 4];
                in.readFully(body);
                int code = ByteBuffer.wrap(body).getInt();
                if (code == SSL_REQUEST || code == GSS_REQUEST) {
                    clientOut.write('N');
                    clientOut.flush();
                    continue;
                }
                startup = rewrite(body);
                break;
            }
            OutputStream upOut = upstream.getOutputStream();
            upOut.write(startup);
            upOut.flush();
            java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
            Thread back = new Thread(() -> pumpMessages(upstream, client, armed, false), "startup-proxy-down");
            back.setDaemon(true);
            back.start();
            pumpMessages(client, upstream, armed, true);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** The startup message (length prefix included) without the dropped parameters. */
    static byte[] rewrite(byte[] body) {
        ByteBuffer buffer = ByteBuffer.wrap(body);
        int protocol = buffer.getInt();
        List<String> kept = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        int start = 4;
        for (int i = 4; i < body.length; i++) {
            if (body[i] == 0) {
                if (i == start) {
                    break; // the terminating empty name
                }
                parts.add(new String(body, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        for (int i = 0; i + 1 < parts.size(); i += 2) {
            if (!DROPPED.contains(parts.get(i))) {
                kept.add(parts.get(i));
                kept.add(parts.get(i + 1));
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (String part : kept) {
            out.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        out.write(0);
        byte[] params = out.toByteArray();
        ByteBuffer message = ByteBuffer.allocate(8 + params.length);
        message.putInt(8 + params.length).putInt(protocol).put(params);
        return message.array();
    }

    /**
     * Copies whole protocol messages (type, length, body) from one side to the other. Upstream, a query that
     * contains the drop marker arms this connection; downstream, an armed connection's next CommandComplete
     * "COMMIT" is not passed on: both sockets are closed instead.
     */
    private void pumpMessages(Socket from, Socket to, java.util.concurrent.atomic.AtomicBoolean armed, boolean up) {
        try {
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(from.getInputStream()));
            OutputStream out = new java.io.BufferedOutputStream(to.getOutputStream());
            while (true) {
                int type = in.read();
                if (type < 0) {
                    break;
                }
                int length = in.readInt();
                byte[] body = new byte[length - 4];
                in.readFully(body);
                String text = new String(body, StandardCharsets.UTF_8);
                String marker = dropMarker.get();
                if (up && marker != null && (type == 'Q' || type == 'P') && text.contains(marker)
                        && dropMarker.compareAndSet(marker, null)) {
                    armed.set(true);
                }
                if (!up && armed.get() && type == 'C' && text.startsWith("COMMIT")) {
                    armed.set(false);
                    dropsDone.incrementAndGet();
                    break; // committed on the server; the client never hears of it
                }
                out.write(type);
                out.write(ByteBuffer.allocate(4).putInt(length).array());
                out.write(body);
                if (in.available() == 0) {
                    out.flush(); // nothing more is waiting: pass on what was read
                }
            }
        } catch (IOException ignored) {
            // one side closed: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        synchronized (sockets) {
            sockets.forEach(StartupProxy::closeQuietly);
        }
    }
}
