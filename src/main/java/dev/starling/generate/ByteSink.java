package dev.starling.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer that JSON is written into by hand, then drained to a stream in big blocks. Everything the
 * generator writes is ASCII (non-ASCII text is escaped as {@code \}{@code uXXXX}), so strings go in byte by byte.
 */
final class ByteSink {

    private byte[] buf;
    private int pos;

    ByteSink(int capacity) {
        buf = new byte[capacity];
    }

    int size() {
        return pos;
    }

    void clear() {
        pos = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** Writes the buffer to {@code out} and empties it. */
    void drainTo(OutputStream out) throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    ByteSink put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
        return this;
    }

    ByteSink put(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, pos, length);
        pos += length;
        return this;
    }

    ByteSink put(char ascii) {
        ensure(1);
        buf[pos++] = (byte) ascii;
        return this;
    }

    /** An ASCII string (field names, constants). */
    ByteSink ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** A long in decimal, without allocating. */
    ByteSink decimal(long value) {
        ensure(20);
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                return ascii(Long.toString(value));
            }
            buf[pos++] = '-';
            value = -value;
        }
        int start = pos;
        do {
            buf[pos++] = (byte) ('0' + (value % 10));
            value /= 10;
        } while (value != 0);
        for (int i = start, j = pos - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
        return this;
    }

    /**
     * A fixed-point number given in units of 10^-5 (e.g. 33768444 -> {@code 337.68444}), with trailing zeros of
     * the fraction dropped but at least one digit kept ({@code 123.0}), as Python prints such floats.
     */
    ByteSink fixed5(long e5) {
        if (e5 < 0) {
            put('-');
            e5 = -e5;
        }
        decimal(e5 / 100_000);
        put('.');
        int frac = (int) (e5 % 100_000);
        int digits = 5;
        while (digits > 1 && frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        ensure(digits);
        for (int i = digits - 1; i >= 0; i--) {
            buf[pos + i] = (byte) ('0' + frac % 10);
            frac /= 10;
        }
        pos += digits;
        return this;
    }

    /**
     * A JSON string literal, quotes included: {@code "} and {@code \} and control characters escaped, every
     * non-ASCII UTF-16 unit as a lowercase {@code \}{@code uXXXX} escape (as Python's json.dumps writes), and
     * {@code /} as {@code \/} when {@code escapeSlash} (as the Sparkify event logs have it).
     */
    ByteSink string(String s, boolean escapeSlash) {
        put('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> put('\\').put('"');
                case '\\' -> put('\\').put('\\');
                case '\n' -> put('\\').put('n');
                case '\r' -> put('\\').put('r');
                case '\t' -> put('\\').put('t');
                case '\b' -> put('\\').put('b');
                case '\f' -> put('\\').put('f');
                case '/' -> {
                    if (escapeSlash) {
                        put('\\');
                    }
                    put('/');
                }
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        unicodeEscape(c);
                    } else {
                        put(c);
                    }
                }
            }
        }
        return put('"');
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private void unicodeEscape(char c) {
        ensure(6);
        buf[pos++] = '\\';
        buf[pos++] = 'u';
        buf[pos++] = HEX[(c >> 12) & 0xf];
        buf[pos++] = HEX[(c >> 8) & 0xf];
        buf[pos++] = HEX[(c >> 4) & 0xf];
        buf[pos++] = HEX[c & 0xf];
    }

    /** The bytes written so far, as ASCII text. */
    @Override
    public String toString() {
        return new String(buf, 0, pos, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The JSON literal of {@code s}, as bytes. */
    static byte[] jsonString(String s, boolean escapeSlash) {
        return new ByteSink(s.length() + 8).string(s, escapeSlash).toByteArray();
    }
}
