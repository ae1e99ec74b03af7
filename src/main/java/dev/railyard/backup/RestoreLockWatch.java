package dev.railyard.backup;

import dev.railyard.task.JobContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says who a restore into an existing database is waiting for. A restore's statements wait for
 * their locks as long as the server lets them (a backup's script sets PostgreSQL's
 * {@code lock_timeout = 0}, as pg_dump's does; MySQL's {@code lock_wait_timeout} is a year): behind
 * an application's open transaction a DROP would otherwise sit there, the job at one step, nobody
 * told why. While the restore runs, a subclass looks every {@link #PERIOD} on a connection of its
 * own; once a restore session has waited {@link #NOTICE}, the sessions in its way are named once in
 * the job's step and log, the wait's length is kept current in the step's live status, and the end
 * of the wait is said. It changes nothing on the server: ending the other session or cancelling
 * the restore is the user's choice.
 */
public abstract class RestoreLockWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreLockWatch.class);
    public static final Duration PERIOD = Duration.ofSeconds(2);
    public static final Duration NOTICE = Duration.ofSeconds(3);

    private final JobContext context;
    private final ScheduledExecutorService thread;
    private Connection connection;
    /** The sessions named so far, so each is logged once per wait. */
    private final Set<Long> named = new HashSet<>();
    private boolean waiting;

    /** A wait: what to tell the user, and the sessions in the way (empty when none can be told). */
    public record Wait(String text, List<Long> inTheWay) {
    }

    protected RestoreLockWatch(JobContext context) {
        this.context = context;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "railyard-restore-lock-watch");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::lookOnce, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The watch's own connection, opened at the first look. */
    protected abstract Connection connect() throws SQLException;

    /** The longest current wait of the restore's sessions of at least {@link #NOTICE}; null when none waits. */
    protected abstract Wait look(Connection connection) throws SQLException;

    protected static String seconds(long seconds) {
        long s = Math.max(0, seconds);
        return s < 120 ? s + " s" : s / 60 + " min";
    }

    private void lookOnce() {
        try {
            if (connection == null) {
                connection = connect();
            }
            report(look(connection));
        } catch (SQLException | RuntimeException e) {
            // Only an aid: a failed look (no right to see other sessions, say) changes nothing.
            LOG.debug("The restore's lock watch could not look", e);
        }
    }

    private void report(Wait wait) {
        if (wait == null) {
            if (waiting) {
                waiting = false;
                named.clear();
                context.message("The lock was released; restoring");
                context.log("The lock wait is over; the restore goes on");
            }
            return;
        }
        waiting = true;
        boolean someoneNew = wait.inTheWay().isEmpty() ? named.add(-1L) : wait.inTheWay().stream().anyMatch(named::add);
        // Someone new in the way is a step of its own (the command line prints it once); how long it lasts is live state.
        if (someoneNew) {
            context.log(wait.text());
            context.message(wait.text());
        } else {
            context.status(wait.text());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the lock watch's connection failed", e);
            }
        }
    }
}
