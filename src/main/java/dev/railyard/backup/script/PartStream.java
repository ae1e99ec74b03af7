package dev.railyard.backup.script;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most {@code length} bytes of the stream beneath: one part of a backup file (a section, a
 * table's data), which a decompressor reads as if it were the whole file.
 */
final class PartStream extends FilterInputStream {
    private final AtomicLong read;
    private final boolean closesBeneath;
    private long left;

    /**
     * @param read          bytes read are added to it; null for none
     * @param closesBeneath whether closing this closes the stream beneath (false: the file goes on past the part)
     */
    PartStream(InputStream in, long length, AtomicLong read, boolean closesBeneath) {
        super(in);
        this.left = length;
        this.read = read;
        this.closesBeneath = closesBeneath;
    }

    @Override
    public int read() throws IOException {
        if (left <= 0) {
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    private void counted(long n) {
        left -= n;
        if (read != null) {
            read.addAndGet(n);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(Math.min(n, left));
        if (skipped > 0) {
            counted(skipped);
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), left);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        if (closesBeneath) {
            in.close();
        }
    }
}
