package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.guard.GuardedAction;
import dev.railyard.support.Guards;
import dev.railyard.db.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ActivityPostgresTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Activity activity = new Activity(Dialect.POSTGRESQL);
    private ExecutorService executor;
    private Connection holder;
    private long holderPid;

    @BeforeEach
    void holdALock() throws Exception {
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "blocked-session"));
        holder = PgWorkload.plain(PgWorkload.database());
        holderPid = pid(holder);
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement()) {
            s.executeUpdate("UPDATE settings SET v = v WHERE id = 1");
        }
    }

    @AfterEach
    void release() throws Exception {
        if (!holder.isClosed()) {
            holder.rollback();
            holder.close();
        }
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(20, TimeUnit.SECONDS));
    }

    private static long pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Starts a session that waits for the holder's row lock; completes when its UPDATE ends. */
    private CompletableFuture<Integer> blockedUpdate(Connection waiter) {
        return CompletableFuture.supplyAsync(() -> {
            try (Statement s = waiter.createStatement()) {
                return s.executeUpdate("UPDATE settings SET v = v + 1 WHERE id = 1");
            } catch (SQLException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, executor);
    }

    private SessionRow awaitBlocked(long pid) throws Exception {
        return Poll.until(WAIT, "session " + pid + " to wait on the lock", () -> {
            try (Connection c = PgWorkload.inspect()) {
                return activity.read(c).sessions().stream()
                        .filter(s -> s.id() == pid && s.blocked()).findFirst().orElse(null);
            }
        });
    }

    @Test
    void blockedSessionShowsItsBlockerAndTheTreeHasTheChain() throws Exception {
        try (Connection waiter = PgWorkload.plain(PgWorkload.database())) {
            long waiterPid = pid(waiter);
            CompletableFuture<Integer> update = blockedUpdate(waiter);
            SessionRow blocked = awaitBlocked(waiterPid);
            assertEquals(List.of(holderPid), blocked.blockedBy());
            assertEquals("Lock", blocked.waitEventType());
            assertEquals("active", blocked.state());
            assertTrue(blocked.query().contains("UPDATE settings SET v = v + 1"));
            assertNotNull(blocked.transactionMillis());

            ActivityReport report;
            try (Connection c = PgWorkload.inspect()) {
                report = activity.read(c);
            }
            SessionRow holding = report.sessions().stream().filter(s -> s.id() == holderPid).findFirst().orElseThrow();
            assertEquals("idle in transaction", holding.state());
            assertFalse(holding.blocked());
            assertTrue(report.sessions().stream().anyMatch(SessionRow::self));
            assertEquals("railyard", report.sessions().stream().filter(SessionRow::self).findFirst().orElseThrow().application());
            List<BlockingTree.Node> tree = report.blockingTree();
            assertEquals(1, tree.size(), tree.toString());
            assertEquals(holderPid, tree.get(0).session().id());
            assertEquals(List.of(waiterPid), tree.get(0).blocked().stream().map(n -> n.session().id()).toList());

            holder.rollback();
            assertEquals(1, update.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void cancelStopsTheBlockedStatementAndKeepsItsSession() throws Exception {
        try (Connection waiter = PgWorkload.plain(PgWorkload.database())) {
            long waiterPid = pid(waiter);
            CompletableFuture<Integer> update = blockedUpdate(waiter);
            awaitBlocked(waiterPid);
            try (Connection c = PgWorkload.inspect()) {
                assertTrue(activity.cancel(Guards.target(Dialect.POSTGRESQL), c, waiterPid, Guards.clear(GuardedAction.CANCEL_SESSION)));
            }
            ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> update.get(20, TimeUnit.SECONDS));
            SQLException cause = assertInstanceOf(SQLException.class, failure.getCause().getCause() == null
                    ? failure.getCause() : failure.getCause().getCause());
            assertEquals("57014", cause.getSQLState(), "query_canceled");
            assertEquals(waiterPid, pid(waiter), "the session lives on");
        }
    }

    @Test
    void terminateEndsTheBlockedSession() throws Exception {
        try (Connection waiter = PgWorkload.plain(PgWorkload.database())) {
            long waiterPid = pid(waiter);
            CompletableFuture<Integer> update = blockedUpdate(waiter);
            awaitBlocked(waiterPid);
            try (Connection c = PgWorkload.inspect()) {
                assertTrue(activity.terminate(Guards.target(Dialect.POSTGRESQL), c, waiterPid, Guards.clear(GuardedAction.TERMINATE_SESSION)));
            }
            assertThrows(update);
            Poll.until(WAIT, "session " + waiterPid + " to end", () -> {
                try (Connection c = PgWorkload.inspect()) {
                    return activity.read(c).sessions().stream().noneMatch(s -> s.id() == waiterPid);
                }
            });
        }
    }

    @Test
    void cancelAndTerminateSayWhenThereIsNoSuchSession() throws Exception {
        try (Connection c = PgWorkload.inspect()) {
            long gone = 4_000_000;
            assertFalse(activity.cancel(Guards.target(Dialect.POSTGRESQL), c, gone, Guards.clear(GuardedAction.CANCEL_SESSION)));
            assertFalse(activity.terminate(Guards.target(Dialect.POSTGRESQL), c, gone, Guards.clear(GuardedAction.TERMINATE_SESSION)));
        }
    }

    /** A clearance the guard gave for one database cannot end sessions through a connection to another. */
    @Test
    void aClearanceForAnotherDatabaseIsRefused() throws Exception {
        dev.railyard.profile.ConnectionProfile elsewhere = dev.railyard.profile.ConnectionProfile.of("other", Dialect.POSTGRESQL,
                "db.example.com", 5432, "billing", "postgres");
        try (Connection c = PgWorkload.inspect()) {
            IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> activity.terminate(Guards.target(Dialect.POSTGRESQL), c, 4_000_000,
                            Guards.clear(GuardedAction.TERMINATE_SESSION, elsewhere)));
            assertTrue(refused.getMessage().contains("was given for"), refused.getMessage());
        }
    }

    private static void assertThrows(CompletableFuture<?> future) {
        org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> future.get(20, TimeUnit.SECONDS));
    }
}
