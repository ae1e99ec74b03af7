package dev.railyard.backup.script;

import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Lets connections that have nothing left to load take rows of a COPY still running on
 * another connection: PostgreSQL loads a table about twice as fast from two COPY streams as
 * from one, and pg_restore -j never splits a table, so one big table would otherwise load on
 * one connection while the others wait for it.
 *
 * <p>The connection running the COPY (the owner) reads the rows and, while helpers are
 * attached and keep up, hands them whole lines in chunks; when they do not keep up it writes
 * the chunk itself. Each helper runs the same {@code COPY ... FROM stdin} on its own
 * connection and commits on its own, so a failure anywhere must fail the whole restore: it
 * is used only where that is so (a restore in parts that stops on the first error). Only text
 * format qualifies: there a raw newline always ends a row, whereas CSV may quote one.
 */
public final class CopyShare {

    /** Rows handed over in chunks of about this size, cut after a newline. */
    static final int CHUNK_BYTES = 256 * 1024;
    /** Chunks waiting for helpers; the owner writes a chunk itself when they are all taken. */
    private static final int QUEUE_CHUNKS = 8;
    /** The options after FROM stdin, or the old COPY BINARY form, name another format than text. */
    private static final Pattern NOT_TEXT = Pattern.compile("^\\s*COPY\\s+BINARY\\b|\\bFROM\\s+stdin\\b.*\\b(CSV|BINARY)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final List<Shared> active = new ArrayList<>();
    /** Loads announced but not ended: a helper waits for their COPYs rather than leave early. */
    private int loadsPending;

    /**
     * A share for {@code loads} loads to come; each must report {@link #loadEnded()}, however it
     * ends. With 0, a helper helps only the COPYs open when it comes.
     */
    public CopyShare(int loads) {
        this.loadsPending = loads;
    }

    /** One of the announced loads ended (done, failed or never started because the restore stopped). */
    public synchronized void loadEnded() {
        loadsPending--;
        notifyAll();
    }

    /** Whether the rows of this COPY statement can be split between connections. */
    static boolean splittable(String copyStatement) {
        return !NOT_TEXT.matcher(copyStatement).find();
    }

    /** Offers the COPY {@code statement}, just started by its owner, to helpers until {@link Shared#finish}. */
    synchronized Shared open(String statement) {
        Shared shared = new Shared(statement);
        active.add(shared);
        notifyAll();
        return shared;
    }

    /** Waits up to {@code millis} for a COPY to be open for help (tests start a helper at the right moment with it). */
    boolean awaitOpen(long millis) throws InterruptedException {
        return await(() -> !active.isEmpty(), millis);
    }

    /** Waits up to {@code millis} for a helper to join an open COPY (tests hand it rows only then). */
    boolean awaitHelper(long millis) throws InterruptedException {
        return await(() -> active.stream().anyMatch(s -> s.helpers > 0), millis);
    }

    private synchronized boolean await(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /**
     * The running COPY with the fewest helpers (the earliest on a tie), now joined; while none
     * runs, waits for the announced loads to open theirs. Null when no load is left.
     */
    private synchronized Shared join(JobContext context) {
        while (true) {
            Shared best = null;
            for (Shared s : active) {
                if (!s.closed && (best == null || s.helpers < best.helpers)) {
                    best = s;
                }
            }
            if (best != null) {
                best.helpers++;
                notifyAll();
                return best;
            }
            if (loadsPending <= 0 || context.isCancelled()) {
                return null;
            }
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JobCancelledException();
            }
        }
    }

    /** The helper's connection, opened when it first joins a COPY; null when it cannot be had (the helper then leaves). */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection get() throws SQLException;
    }

    /**
     * Helps running COPYs, one after the other, until no announced load is left (or, with none
     * announced, no COPY is open); the connection is asked for only when there is a COPY to
     * help, so an idle helper never opens one. Returns the rows this connection loaded (the
     * owners count them in their results too).
     *
     * @throws SQLException when a helper COPY fails; the owner fails as well
     */
    public long help(ConnectionSource source, JobContext context) throws SQLException {
        long rows = 0;
        Shared shared;
        while ((shared = join(context)) != null) {
            Connection connection;
            try {
                connection = source.get();
            } catch (SQLException | RuntimeException e) {
                shared.done(0, null); // the owner must not wait for a helper that never started
                throw e;
            }
            if (connection == null) {
                shared.done(0, null);
                return rows;
            }
            rows += shared.help(connection, context);
        }
        return rows;
    }

    /**
     * One COPY open for help: its pending chunks, its helpers, their rows and first failure.
     * Its state is guarded by the CopyShare's monitor, which also carries its wake-ups.
     */
    final class Shared {
        private final String statement;
        private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
        /** No helper joins once closed. */
        private boolean closed;
        private int helpers;
        private int helpersDone;
        private long helperRows;
        private SQLException failure;
        private volatile boolean aborted;

        private Shared(String statement) {
            this.statement = statement;
        }

        /** Hands {@code chunk} (whole lines) to a helper; false when none is attached or all are busy. */
        boolean offer(byte[] chunk) throws SQLException {
            synchronized (CopyShare.this) {
                if (failure != null) {
                    throw helperFailure();
                }
                if (helpers == helpersDone) {
                    return false;
                }
            }
            return chunks.offer(chunk);
        }

        /**
         * Ends the sharing after the owner sent its last row: no helper joins any more, chunks
         * still queued are written to {@code own}, and the call waits for the helpers' COPYs
         * to end. Returns the rows they loaded.
         *
         * @throws SQLException the first helper's failure
         */
        long finish(CopyIn own, JobContext context) throws SQLException {
            synchronized (CopyShare.this) {
                closed = true;
                active.remove(this);
                CopyShare.this.notifyAll();
            }
            byte[] chunk;
            while ((chunk = chunks.poll()) != null) {
                own.writeToCopy(chunk, 0, chunk.length);
            }
            synchronized (CopyShare.this) {
                while (helpersDone < helpers) {
                    if (context.isCancelled()) {
                        aborted = true;
                        throw new JobCancelledException();
                    }
                    try {
                        CopyShare.this.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        aborted = true;
                        throw new JobCancelledException();
                    }
                }
                if (failure != null) {
                    throw helperFailure();
                }
                return helperRows;
            }
        }

        /** A helper's failure as the owner reports it, keeping the server's SQLSTATE. */
        private SQLException helperFailure() {
            return new SQLException("another connection loading rows of this table failed: " + failure.getMessage(),
                    failure.getSQLState(), failure);
        }

        /** The owner failed or was cancelled: helpers stop, and their rows go with the failed restore. */
        void abort() {
            aborted = true;
            synchronized (CopyShare.this) {
                closed = true;
                active.remove(this);
            }
            chunks.clear();
        }

        private long help(Connection connection, JobContext context) throws SQLException {
            CopyIn copy;
            try {
                copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(statement);
            } catch (SQLException e) {
                done(0, e);
                throw e;
            }
            try {
                while (true) {
                    if (aborted || context.isCancelled()) {
                        cancelQuietly(copy);
                        done(0, null);
                        return 0;
                    }
                    byte[] chunk = chunks.poll(50, TimeUnit.MILLISECONDS);
                    if (chunk != null) {
                        copy.writeToCopy(chunk, 0, chunk.length);
                    } else if (isClosed() && chunks.isEmpty()) {
                        long rows = copy.endCopy();
                        done(rows, null);
                        return rows;
                    }
                }
            } catch (SQLException e) {
                cancelQuietly(copy);
                done(0, e);
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancelQuietly(copy);
                done(0, null);
                throw new JobCancelledException();
            }
        }

        private boolean isClosed() {
            synchronized (CopyShare.this) {
                return closed;
            }
        }

        private void done(long rows, SQLException error) {
            synchronized (CopyShare.this) {
                helpersDone++;
                helperRows += rows;
                if (error != null && failure == null) {
                    failure = error;
                }
                CopyShare.this.notifyAll();
            }
        }
    }

    private static void cancelQuietly(CopyIn copy) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException ignored) {
            // The COPY already failed; its error is what gets reported.
        }
    }
}
