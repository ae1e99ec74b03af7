package dev.railyard.backup.mysql;

import dev.railyard.backup.TailBytes;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import dev.railyard.task.Workers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A dump tool run as a child process: its stream drained on a worker of its own (the last few
 * KB kept for error messages), and its end awaited with the job's cancel in mind.
 */
final class ProcessOutput implements AutoCloseable {

    private static final int KEEP = 16 * 1024;

    private final Workers reader;
    private final Future<?> drained;
    private final TailBytes tail = new TailBytes(KEEP);

    /** @param name what is read, for the thread's name: "mysqldump-stderr" */
    ProcessOutput(InputStream in, String name) {
        // Not waited for on close: the reader ends with the process's stream, which the caller ends.
        this.reader = Workers.open(name, 1, Duration.ZERO);
        this.drained = reader.submit(() -> drain(in));
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

    /** Waits for the tool to end; a cancel kills the tool. Returns its exit code. */
    static int waitFor(Process process, JobContext context) {
        try (JobContext.Registration cancel = context.onCancel(process::destroyForcibly)) {
            int exit = process.waitFor();
            if (context.isCancelled()) {
                throw new JobCancelledException();
            }
            return exit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new JobCancelledException();
        }
    }

    /** The last lines the process wrote, after it ended. */
    String text() {
        try {
            drained.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // What was read so far is what there is.
        }
        synchronized (this) {
            return new String(tail.bytes(), StandardCharsets.UTF_8).strip();
        }
    }

    @Override
    public void close() {
        reader.stop();
        reader.close();
    }
}
