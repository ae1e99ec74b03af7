package dev.railyard.backup.postgres;

import dev.railyard.db.Dialect;
import dev.railyard.db.SqlResources;
import dev.railyard.task.JobContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says who a restore into an existing database is waiting for. A restore's statements wait for
 * their locks as long as it takes (a backup's script sets {@code lock_timeout = 0}, as pg_dump's
 * does): behind an application's open transaction a DROP or a TRUNCATE would otherwise sit there
 * silently, the job at the same step, nobody told why. While the restore runs this looks every
 * {@link #PERIOD} on a connection of its own; once a restore session has waited {@link #NOTICE}
 * for a lock another session holds, it names that session — process id, user, application,
 * state, how long its transaction has been open, what it runs — once in the job's step and log,
 * then keeps the wait's length current in the step's live status, and says when the wait is over. It changes nothing on the server: ending the other session or
 * cancelling the restore is the user's choice.
 */
final class LockWaitWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LockWaitWatch.class);
    static final Duration PERIOD = Duration.ofSeconds(2);
    static final Duration NOTICE = Duration.ofSeconds(3);

    private final PgEndpoint endpoint;
    private final JobContext context;
    private final ScheduledExecutorService thread;
    private final String sql = SqlResources.load(Dialect.POSTGRESQL, "restore-lock-waits");
    private Connection connection;
    /** The holders named so far, by process id, so each is logged once per wait. */
    private final Set<Integer> named = new HashSet<>();
    private boolean waiting;

    private LockWaitWatch(PgEndpoint endpoint, JobContext context, Duration period) {
        this.endpoint = endpoint;
        this.context = context;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "railyard-restore-lock-watch");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::look, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts watching the restore's sessions in {@code endpoint}'s database. */
    static LockWaitWatch start(PgEndpoint endpoint, JobContext context) {
        return new LockWaitWatch(endpoint, context, PERIOD);
    }

    /** One waiting restore session and the session it waits for. */
    record Wait(int waitingPid, long waitedMs, String relation, String wantedMode, int holderPid, String holderUser,
                String holderApplication, String holderState, long holderMs, String holderQuery) {

        /** "Waiting 12 s for an AccessExclusiveLock on public.orders, held by session 4242 (…)". */
        String describe() {
            StringBuilder text = new StringBuilder("Waiting ").append(seconds(waitedMs)).append(" for ")
                    .append(wantedMode == null ? "a lock" : "an " + wantedMode)
                    .append(relation == null ? "" : " on " + relation)
                    .append(", held by session ").append(holderPid).append(" (user ").append(holderUser);
            if (holderApplication != null && !holderApplication.isBlank()) {
                text.append(", application ").append(holderApplication);
            }
            text.append(", ").append(holderState == null ? "state unknown" : holderState)
                    .append(", transaction open for ").append(seconds(holderMs)).append(")");
            if (holderQuery != null && !holderQuery.isBlank()) {
                text.append(": ").append(holderQuery.strip().replaceAll("\\s+", " "));
            }
            return text.append(". End that session (Activity tab, or SELECT pg_terminate_backend(").append(holderPid)
                    .append(")) or cancel this restore.").toString();
        }

        private static String seconds(long ms) {
            long s = Math.max(0, ms) / 1000;
            return s < 120 ? s + " s" : s / 60 + " min";
        }
    }

    private void look() {
        try {
            if (connection == null) {
                connection = endpoint.connect("railyard-admin-lock-watch");
                connection.setAutoCommit(true);
            }
            Map<Integer, Wait> holders = new LinkedHashMap<>();
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setString(1, endpoint.database());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Wait wait = new Wait(rs.getInt("waiting_pid"), rs.getLong("waited_ms"), rs.getString("relation"),
                                rs.getString("wanted_mode"), rs.getInt("holder_pid"), rs.getString("holder_user"),
                                rs.getString("holder_application"), rs.getString("holder_state"), rs.getLong("holder_ms"),
                                rs.getString("holder_query"));
                        if (wait.waitedMs() >= NOTICE.toMillis()) {
                            holders.putIfAbsent(wait.holderPid(), wait);
                        }
                    }
                }
            }
            report(holders);
        } catch (SQLException | RuntimeException e) {
            // Only an aid: a failed look (no permission to see other sessions' queries, say) changes nothing.
            LOG.debug("The restore's lock watch could not look", e);
        }
    }

    private void report(Map<Integer, Wait> holders) {
        if (holders.isEmpty()) {
            if (waiting) {
                waiting = false;
                named.clear();
                context.message("The lock was released; restoring");
                context.log("The lock wait is over; the restore goes on");
            }
            return;
        }
        waiting = true;
        boolean newHolder = false;
        for (Wait wait : holders.values()) {
            if (named.add(wait.holderPid())) {
                newHolder = true;
                context.log(wait.describe());
            }
        }
        // A new holder is a step of its own (the command line prints it once); how long it lasts is live state.
        String first = holders.values().iterator().next().describe();
        if (newHolder) {
            context.message(first);
        } else {
            context.status(first);
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
