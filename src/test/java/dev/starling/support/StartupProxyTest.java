package dev.starling.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The proxy's one rewrite: the startup message without the four parameters PostgreSQL rejects. */
class StartupProxyTest {

    /** A startup message body (protocol 3.0 and name/value pairs), without the length prefix. */
    private static byte[] body(String... pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(196608).array());
        for (String part : pairs) {
            out.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        out.write(0);
        return out.toByteArray();
    }

    private static byte[] message(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(4 + body.length).put(body).array();
    }

    @Test
    void dropsRedshiftOnlyParametersAndKeepsTheRest() {
        byte[] in = body("user", "starling", "driver_version", "Redshift JDBC Driver 2.1.0.33", "database", "starling",
                "os_version", "Linux", "client_protocol_version", "2", "driver_discovery_version", "1",
                "client_encoding", "UTF8");
        assertArrayEquals(message(body("user", "starling", "database", "starling", "client_encoding", "UTF8")),
                StartupProxy.rewrite(in));
    }
}
