package dev.railyard.backup.script;

import dev.railyard.task.JobContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Aborts a job's connections when it is cancelled (through {@link JobContext#onCancel}): a
 * thread blocked in a long statement or a streaming read then fails at once, so a cancel takes
 * effect within a fraction of a second instead of when the server is done. Connections may
 * join while it runs (a restore opens its loaders late).
 */
public final class AbortOnCancel implements AutoCloseable {

    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final JobContext.Registration registration;
    private volatile boolean fired;

    public AbortOnCancel(JobContext context) {
        this.registration = context.onCancel(() -> {
            fired = true;
            connections.forEach(AbortOnCancel::abort);
        });
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

    private static void abort(Connection connection) {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // Already closed: nothing left to stop.
        }
    }

    @Override
    public void close() {
        registration.close();
    }
}
