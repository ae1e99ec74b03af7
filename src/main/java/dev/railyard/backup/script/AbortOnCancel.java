package dev.railyard.backup.script;

import dev.railyard.task.JobContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Watches a job for cancellation and, when it comes, aborts the job's connections: a thread
 * blocked in a long statement or in a streaming read then fails at once, so a cancel takes
 * effect within a fraction of a second instead of when the server is done.
 */
public final class AbortOnCancel implements AutoCloseable {

    private static final long POLL_MILLIS = 100;

    private final JobContext context;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final Thread watcher;
    private volatile boolean fired;
    private volatile boolean closed;

    public AbortOnCancel(JobContext context, String name) {
        this.context = context;
        this.watcher = new Thread(this::watch, "railyard-cancel-watch-" + name);
        this.watcher.setDaemon(true);
        this.watcher.start();
    }

    /** Aborts {@code connection} too when the job is cancelled. */
    public void register(Connection connection) {
        connections.add(connection);
        if (fired) {
            abort(connection);
        }
    }

    public void unregister(Connection connection) {
        connections.remove(connection);
    }

    /** True once the job was cancelled and the connections aborted. */
    public boolean fired() {
        return fired;
    }

    private void watch() {
        try {
            while (!closed) {
                if (context.isCancelled()) {
                    fired = true;
                    connections.forEach(AbortOnCancel::abort);
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void abort(Connection connection) {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // Already closed: nothing left to stop.
        }
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
    }
}
