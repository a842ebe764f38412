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
 * session that sends unknown parameters. The proxy rewrites the startup message without them and then copies bytes
 * both ways untouched. An SSL request (the driver sends none with {@code ssl=false}) is answered with 'N'.
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
            Thread back = new Thread(() -> pump(upstream, client), "startup-proxy-down");
            back.setDaemon(true);
            back.start();
            pump(client, upstream);
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

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
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
