package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.guard.GuardedAction;
import dev.railyard.support.Guards;
import dev.railyard.db.Dialect;
import dev.railyard.support.MysqlServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MariaDB's lock waits come from INNODB_LOCK_WAITS (activity_mariadb.sql); MySQL's data_lock_waits path runs in InspectMysql9Test. */
class ActivityMariaDbTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Activity activity = new Activity(Dialect.MYSQL);
    private ExecutorService executor;
    private Connection holder;
    private long holderId;

    @BeforeEach
    void holdALock() throws Exception {
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "blocked-session"));
        holder = MysqlServer.shared().connect(MyWorkload.sharedDatabase());
        holderId = id(holder);
        holder.setAutoCommit(false);
        try (Statement s = holder.createStatement()) {
            s.executeUpdate("UPDATE settings SET v = v + 1 WHERE id = 50");
        }
    }

    @AfterEach
    void release() throws Exception {
        holder.rollback();
        holder.close();
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(20, TimeUnit.SECONDS));
    }

    private static long id(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private CompletableFuture<Integer> blockedUpdate(Connection waiter) {
        return CompletableFuture.supplyAsync(() -> {
            try (Statement s = waiter.createStatement()) {
                return s.executeUpdate("UPDATE settings SET v = v + 1 WHERE id = 50");
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    private SessionRow awaitBlocked(long id) throws Exception {
        return Poll.until(WAIT, "connection " + id + " to wait on the row lock", () -> {
            try (Connection c = MyWorkload.inspect()) {
                return activity.read(c).sessions().stream().filter(s -> s.id() == id && s.blocked()).findFirst().orElse(null);
            }
        });
    }

    private static Connection waiter() throws SQLException {
        Connection c = MysqlServer.shared().connect(MyWorkload.sharedDatabase());
        try (Statement s = c.createStatement()) {
            s.execute("SET SESSION innodb_lock_wait_timeout = 60");
        }
        return c;
    }

    @Test
    void blockedConnectionShowsItsBlockerAndTheTree() throws Exception {
        try (Connection waiter = waiter()) {
            long waiterId = id(waiter);
            CompletableFuture<Integer> update = blockedUpdate(waiter);
            SessionRow blocked = awaitBlocked(waiterId);
            assertEquals(List.of(holderId), blocked.blockedBy());
            assertEquals("LOCK WAIT", blocked.waitEventType());
            assertEquals("Query", blocked.state());
            assertTrue(blocked.query().contains("UPDATE settings SET v = v + 1"));
            ActivityReport report;
            try (Connection c = MyWorkload.inspect()) {
                report = activity.read(c);
            }
            SessionRow holding = report.sessions().stream().filter(s -> s.id() == holderId).findFirst().orElseThrow();
            assertEquals("Sleep", holding.state());
            assertTrue(holding.transactionMillis() != null && holding.transactionMillis() >= 0);
            assertTrue(report.sessions().stream().anyMatch(SessionRow::self));
            assertTrue(report.notes().isEmpty());
            List<BlockingTree.Node> tree = report.blockingTree();
            assertEquals(1, tree.size(), tree.toString());
            assertEquals(holderId, tree.get(0).session().id());
            assertEquals(waiterId, tree.get(0).blocked().get(0).session().id());
            holder.rollback();
            assertEquals(1, update.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void killQueryStopsTheBlockedStatementAndKeepsTheConnection() throws Exception {
        try (Connection waiter = waiter()) {
            long waiterId = id(waiter);
            CompletableFuture<Integer> update = blockedUpdate(waiter);
            awaitBlocked(waiterId);
            try (Connection c = MyWorkload.inspect()) {
                assertTrue(activity.cancel(Guards.target(Dialect.POSTGRESQL), c, waiterId, Guards.clear(GuardedAction.CANCEL_SESSION)));
            }
            ExecutionException failure = assertThrows(ExecutionException.class, () -> update.get(20, TimeUnit.SECONDS));
            SQLException cause = (SQLException) failure.getCause();
            assertEquals(1317, cause.getErrorCode(), "Query execution was interrupted: " + cause.getMessage());
            assertEquals(waiterId, id(waiter), "the connection lives on");
        }
    }

    @Test
    void killConnectionEndsTheBlockedConnection() throws Exception {
        try (Connection waiter = waiter()) {
            long waiterId = id(waiter);
            CompletableFuture<Integer> update = blockedUpdate(waiter);
            awaitBlocked(waiterId);
            try (Connection c = MyWorkload.inspect()) {
                assertTrue(activity.terminate(Guards.target(Dialect.POSTGRESQL), c, waiterId, Guards.clear(GuardedAction.TERMINATE_SESSION)));
            }
            assertThrows(ExecutionException.class, () -> update.get(20, TimeUnit.SECONDS));
            Poll.until(WAIT, "connection " + waiterId + " to end", () -> {
                try (Connection c = MyWorkload.inspect()) {
                    return activity.read(c).sessions().stream().noneMatch(s -> s.id() == waiterId);
                }
            });
        }
    }

    @Test
    void killOfAnEndedConnectionSaysSo() throws Exception {
        try (Connection c = MyWorkload.inspect()) {
            assertFalse(activity.cancel(Guards.target(Dialect.POSTGRESQL), c, 987_654_321L, Guards.clear(GuardedAction.CANCEL_SESSION)));
            assertFalse(activity.terminate(Guards.target(Dialect.POSTGRESQL), c, 987_654_321L, Guards.clear(GuardedAction.TERMINATE_SESSION)));
        }
    }
}
