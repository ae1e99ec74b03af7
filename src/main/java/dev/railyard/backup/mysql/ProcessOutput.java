package dev.railyard.backup.mysql;

import dev.railyard.backup.TailBytes;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A dump tool run as a child process: its stream drained on a thread of its own (the last few
 * KB kept for error messages), and its end awaited with the job's cancel in mind.
 */
final class ProcessOutput implements AutoCloseable {

    private static final int KEEP = 16 * 1024;

    private final Thread thread;
    private final TailBytes tail = new TailBytes(KEEP);

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
                    tail.add(buffer, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the process ended; what was read is kept
        }
    }

    /** Waits for the tool to end, checking the job's cancel flag; a cancel kills the tool. Returns its exit code. */
    static int waitFor(Process process, JobContext context) {
        try {
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (context.isCancelled()) {
                    process.destroyForcibly();
                    throw new JobCancelledException();
                }
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new JobCancelledException();
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
            return new String(tail.bytes(), StandardCharsets.UTF_8).strip();
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
