package dev.railyard.cli;

import dev.railyard.task.CancelSignal;
import dev.railyard.task.JobContext;
import dev.railyard.task.JobProgress;
import dev.railyard.task.ProgressUnit;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Runs a job's reports onto stderr: each step as a line, progress at most once a second, so
 * stdout stays clean for --json. Ctrl-C asks the job to cancel (it then cleans up after itself).
 */
public final class CliProgress implements JobContext, AutoCloseable {

    private static final long PRINT_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    private final PrintStream err;
    private final boolean verbose;
    private final long started = System.nanoTime();
    /** How long Ctrl-C waits for the cancelled job to clean up (delete partial files, drop a new database). */
    static final Duration CLEANUP_WAIT = Duration.ofSeconds(10);

    private final CancelSignal cancelled = new CancelSignal();
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    private final Thread hook;
    private long lastPrinted;
    private boolean endPrinted;
    private String status;

    public CliProgress(PrintStream err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
        // SIGINT / SIGTERM: cancel the job, then hold the JVM (bounded) until the job has cleaned up and
        // closed this context; once the hook returns the JVM halts, whatever is still running.
        this.hook = new Thread(this::cancelAndWait, "railyard-cli-cancel");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // Already shutting down.
        }
    }

    @Override
    public synchronized void progress(long done, long total, ProgressUnit unit) {
        long now = System.nanoTime();
        // The end is shown once, however often a job whose work outgrew its estimate reports done == total.
        boolean firstEnd = total > 0 && done >= total && !endPrinted;
        if (now - lastPrinted < PRINT_EVERY_NANOS && !firstEnd) {
            return;
        }
        endPrinted |= firstEnd;
        lastPrinted = now;
        JobProgress snapshot = new JobProgress(done, total, unit, Duration.ofNanos(now - started));
        err.println("  " + TerminalText.cell(snapshot.describe() + (status == null ? "" : " · " + status)));
    }

    /** Printed with the next progress line, not on its own. */
    @Override
    public synchronized void status(String text) {
        status = text;
    }

    @Override
    public synchronized void message(String step) {
        status = null;
        err.println(TerminalText.cell(step));
    }

    @Override
    public synchronized void log(String line) {
        if (verbose) {
            err.println("  " + TerminalText.safe(line));
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled.isCancelled();
    }

    /** The action runs on the shutdown hook's thread (Ctrl-C), before the JVM waits for the job. */
    @Override
    public Registration onCancel(Runnable action) {
        return cancelled.onCancel(action);
    }

    private void cancelAndWait() {
        cancelled.cancel();
        try {
            closed.await(CLEANUP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // Shutting down: the hook has run or will.
        }
    }
}
