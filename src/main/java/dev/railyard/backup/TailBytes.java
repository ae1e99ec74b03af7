package dev.railyard.backup;

import java.util.Arrays;

/**
 * The last bytes of a stream read in pieces: where a dump's closing line is, or a tool's last
 * error lines. Memory stays at its capacity whatever the stream's size. Not thread-safe.
 */
public final class TailBytes {

    private final byte[] tail;
    private int length;

    public TailBytes(int capacity) {
        this.tail = new byte[capacity];
    }

    /** Takes {@code n} more bytes of the stream. */
    public void add(byte[] data, int offset, int n) {
        if (n >= tail.length) {
            System.arraycopy(data, offset + n - tail.length, tail, 0, tail.length);
            length = tail.length;
            return;
        }
        int keep = Math.min(length, tail.length - n);
        System.arraycopy(tail, length - keep, tail, 0, keep);
        System.arraycopy(data, offset, tail, keep, n);
        length = keep + n;
    }

    /** The last bytes seen, at most the capacity. */
    public byte[] bytes() {
        return Arrays.copyOf(tail, length);
    }
}
