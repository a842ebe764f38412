package dev.starling.generate;

import java.util.Arrays;

/** Many small byte strings in one array (no object per string): entry i is bytes[offset[i], offset[i+1]). */
final class BytePool {

    private byte[] bytes = new byte[1 << 12];
    private int[] offsets = new int[1 << 8];
    private int count;

    int add(byte[] value) {
        if (count + 1 >= offsets.length) {
            offsets = Arrays.copyOf(offsets, offsets.length * 2);
        }
        int start = offsets[count];
        if (start + value.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, start + value.length));
        }
        System.arraycopy(value, 0, bytes, start, value.length);
        offsets[count + 1] = start + value.length;
        return count++;
    }

    int size() {
        return count;
    }

    void writeTo(ByteSink sink, int entry) {
        sink.put(bytes, offsets[entry], offsets[entry + 1] - offsets[entry]);
    }

    /** Writes the entry with every {@code \/} turned back into {@code /} (the song files do not escape slashes). */
    void writeUnescapingSlashes(ByteSink sink, int entry) {
        int end = offsets[entry + 1];
        for (int i = offsets[entry]; i < end; i++) {
            byte b = bytes[i];
            if (b == '\\' && i + 1 < end) {
                byte next = bytes[++i];
                if (next != '/') {
                    sink.put('\\');
                }
                sink.put((char) next);
            } else {
                sink.put((char) b);
            }
        }
    }
}
