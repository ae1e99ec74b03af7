package dev.railyard.backup.mysql;

import dev.railyard.db.Dialect;
import dev.railyard.db.SqlResources;
import dev.railyard.task.JobContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says who a MySQL restore into an existing database is waiting for. A DROP or CREATE of the
 * restore waits for the table's metadata lock as long as {@code lock_wait_timeout} says (a year by
 * default) behind any session with an open transaction on the table, and every new query on the
 * table then queues behind the restore. While the restore runs this looks every {@link #PERIOD}
 * on a connection of its own at the restore's own sessions (their connection ids, registered with
 * {@link #track}); once one has waited {@link #NOTICE}, it names the other sessions with an open
 * transaction — the holder is among them — in the job's step and log. It changes nothing.
 */
final class MysqlLockWaitWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MysqlLockWaitWatch.class);
    static final Duration PERIOD = Duration.ofSeconds(2);
    static final Duration NOTICE = Duration.ofSeconds(3);

    private final MysqlEndpoint endpoint;
    private final JobContext context;
    private final Set<Long> ours = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService thread;
    private final String waitersSql = SqlResources.load(Dialect.MYSQL, "restore-lock-waiters");
    private final String holdersSql = SqlResources.load(Dialect.MYSQL, "restore-open-transactions");
    private Connection connection;
    private final Set<Long> named = new java.util.HashSet<>();
    private boolean waiting;

    MysqlLockWaitWatch(MysqlEndpoint endpoint, JobContext context) {
        this.endpoint = endpoint;
        this.context = context;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "railyard-restore-lock-watch");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::look, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Registers one of the restore's connections; returns it. */
    Connection track(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            ours.add(rs.getLong(1));
        }
        return c;
    }

    /** One other session with an open transaction. */
    record Holder(long id, String user, String host, String command, long idleSeconds, String info, long transactionSeconds) {
        String describe() {
            return id + " (user " + user + "@" + host + ", " + ("Sleep".equals(command) ? "idle " + idleSeconds + " s" : command)
                    + ", transaction open " + seconds(transactionSeconds) + (info == null || info.isBlank() ? ""
                    : ": " + info.strip().replaceAll("\\s+", " ")) + ")";
        }
    }

    private static String seconds(long s) {
        return s < 120 ? s + " s" : s / 60 + " min";
    }

    private void look() {
        if (ours.isEmpty()) {
            return;
        }
        try {
            if (connection == null) {
                connection = endpoint.connect("", MysqlEndpoint.Purpose.ADMIN);
            }
            String ids = ours.stream().map(String::valueOf).collect(Collectors.joining(", "));
            String waitingFor = null;
            long waited = 0;
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(String.format(waitersSql, ids))) {
                if (rs.next() && rs.getLong("TIME") >= NOTICE.toSeconds()) {
                    waited = rs.getLong("TIME");
                    waitingFor = rs.getString("STATE") + (rs.getString("info") == null ? "" : " (" + rs.getString("info").strip() + ")");
                }
            }
            if (waitingFor == null) {
                if (waiting) {
                    waiting = false;
                    named.clear();
                    context.message("The lock was released; restoring");
                    context.log("The lock wait is over; the restore goes on");
                }
                return;
            }
            List<Holder> holders = new ArrayList<>();
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(String.format(holdersSql, ids))) {
                while (rs.next()) {
                    holders.add(new Holder(rs.getLong("ID"), rs.getString("USER"), rs.getString("HOST"), rs.getString("COMMAND"),
                            rs.getLong("TIME"), rs.getString("info"), rs.getLong("trx_seconds")));
                }
            }
            report(waited, waitingFor, holders);
        } catch (SQLException | RuntimeException e) {
            // Only an aid: without the PROCESS privilege, say, other sessions stay unseen and nothing changes.
            LOG.debug("The restore's lock watch could not look", e);
        }
    }

    private void report(long waited, String waitingFor, List<Holder> holders) {
        waiting = true;
        String who = holders.isEmpty() ? "no other session shows an open transaction (a LOCK TABLES or a running DDL may hold it)"
                : "sessions with an open transaction: " + holders.stream().map(Holder::describe).collect(Collectors.joining("; "));
        String text = "Waiting " + seconds(waited) + ": " + waitingFor + "; " + who + ". End the one that holds it (Activity tab, or "
                + (holders.isEmpty() ? "KILL its id" : "KILL " + holders.get(0).id()) + ") or cancel this restore.";
        boolean newHolder = holders.isEmpty() ? named.add(-1L) : holders.stream().anyMatch(h -> named.add(h.id()));
        if (newHolder) {
            context.message(text);
            context.log(text);
        } else {
            context.status(text);
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
