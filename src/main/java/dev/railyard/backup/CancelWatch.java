package dev.railyard.backup;

import dev.railyard.task.JobContext;

/**
 * Watches a job's cancel flag from a thread of its own and runs an action once when it is
 * set. A thread blocked in a socket read (a COPY waiting for the server, a long CREATE
 * INDEX) never sees an interrupt; the action (cancel the query, close the connection)
 * unblocks it, so a cancel takes effect within a second.
 */
public final class CancelWatch implements AutoCloseable {

    private static final long POLL_MILLIS = 100;

    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean fired;

    private CancelWatch(JobContext context, Runnable onCancel, String name) {
        this.thread = new Thread(() -> watch(context, onCancel), name);
        this.thread.setDaemon(true);
    }

    public static CancelWatch start(JobContext context, String name, Runnable onCancel) {
        CancelWatch watch = new CancelWatch(context, onCancel, name);
        watch.thread.start();
        return watch;
    }

    /** True once the action ran. */
    public boolean fired() {
        return fired;
    }

    private void watch(JobContext context, Runnable onCancel) {
        try {
            while (!closed) {
                if (context.isCancelled()) {
                    fired = true;
                    onCancel.run();
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            // close(): stop watching.
        } catch (RuntimeException e) {
            // The action is best effort (the connection may already be gone).
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
