package dev.railyard.backup.mysql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Drains a child process's stream on a thread of its own, keeping its last few KB for error messages. */
final class ProcessOutput implements AutoCloseable {

    private static final int KEEP = 16 * 1024;

    private final Thread thread;
    private final byte[] tail = new byte[KEEP];
    private int tailLength;

    ProcessOutput(InputStream in, String name) {
        this.thread = new Thread(() -> drain(in), name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void drain(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (this) {
                    if (n >= KEEP) {
                        System.arraycopy(buffer, n - KEEP, tail, 0, KEEP);
                        tailLength = KEEP;
                    } else {
                        int keep = Math.min(tailLength, KEEP - n);
                        System.arraycopy(tail, tailLength - keep, tail, 0, keep);
                        System.arraycopy(buffer, 0, tail, keep, n);
                        tailLength = keep + n;
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended; what was read is kept
        }
    }

    /** The last lines the process wrote, after it ended. */
    String text() {
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            return new String(tail, 0, tailLength, StandardCharsets.UTF_8).strip();
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
