package dev.railyard.backup.script;

import dev.railyard.backup.BackupException;
import dev.railyard.task.Workers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * Builds indexes and key constraints of the post-data section on several connections at
 * once, as pg_restore -j does: such statements only depend on their table and its rows, so
 * consecutive ones may run in any order. Any other statement is a barrier: the runner waits
 * for all of them ({@link #await()}) before running it, which keeps every later dependency
 * (foreign keys, ATTACH, REFRESH) in order. Worker connections replay the session settings
 * the script made so far (search_path and the like).
 */
final class ParallelIndexBuilder implements AutoCloseable {

    /** A statement that failed on a worker. */
    record Failure(ScriptItem.Sql sql, SQLException error) { }

    private static final Pattern PARALLEL = Pattern.compile(
            "^(CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(?!CONCURRENTLY)|ALTER\\s+TABLE\\s+(?!.*\\bFOREIGN\\s+KEY\\b).*\\bADD\\s+CONSTRAINT\\b)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final PsqlScriptRunner.ConnectionFactory factory;
    private final List<String> sessionSettings;
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private final Workers pool;
    private final List<Future<Failure>> running = new ArrayList<>();
    private final int size;

    ParallelIndexBuilder(PsqlScriptRunner.ConnectionFactory factory, List<String> sessionSettings, int size) {
        this.factory = factory;
        this.sessionSettings = sessionSettings;
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
        this.pool = Workers.open("restore-index", size, Duration.ofSeconds(5));
    }

    static boolean isParallel(String text) {
        return PARALLEL.matcher(text).find();
    }

    /** Queues a statement for a worker connection. */
    void submit(ScriptItem.Sql sql) throws SQLException {
        ensureConnections();
        running.add(pool.submit(() -> {
            Connection connection = idle.take();
            try (Statement statement = connection.createStatement()) {
                statement.setEscapeProcessing(false);
                statement.execute(sql.text());
                return null;
            } catch (SQLException e) {
                return new Failure(sql, e);
            } finally {
                idle.add(connection);
            }
        }));
    }

    /** Waits for every queued statement; returns the failures in the order they were queued. */
    List<Failure> await() throws BackupException {
        List<Failure> failures = new ArrayList<>();
        try {
            for (Future<Failure> future : running) {
                Failure failure = future.get();
                if (failure != null) {
                    failures.add(failure);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException("Interrupted while indexes were being built");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new BackupException("Building an index failed: " + e.getCause(), e.getCause());
        } finally {
            running.clear();
        }
        return failures;
    }

    boolean busy() {
        return !running.isEmpty();
    }

    /** Cancels what the workers run (from the cancel watch's thread). */
    void cancelAll() {
        for (Connection connection : List.copyOf(all)) {
            try {
                connection.unwrap(PGConnection.class).cancelQuery();
            } catch (SQLException ignored) {
                // Best effort: the connection may be idle or gone.
            }
        }
    }

    private void ensureConnections() throws SQLException {
        while (all.size() < size) {
            Connection connection = factory.open();
            try (Statement statement = connection.createStatement()) {
                statement.setEscapeProcessing(false);
                for (String setting : sessionSettings) {
                    statement.execute(setting);
                }
            }
            all.add(connection);
            idle.add(connection);
        }
    }

    @Override
    public void close() {
        pool.stop();
        pool.close();
        for (Connection connection : all) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing is all that is left to do.
            }
        }
    }
}
