package dev.railyard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.guard.GuardedAction;
import dev.railyard.guard.ProductionGuard;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.MysqlServer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console session on real servers: cancel, the production guard, plans read into trees. */
@Timeout(180)
class ConsoleSessionTest {

    private static final ProductionGuard NO_PROFILES = new ProductionGuard(List::of);

    /** A server, a fresh database on it with a small table, and plain JDBC to look at it from outside. */
    private record Server(ConnectionProfile profile, Outside outside) {
    }

    @FunctionalInterface
    private interface Outside {
        Connection connect() throws Exception;
    }

    private static Server server(String name) throws Exception {
        String setup = "CREATE TABLE orders (id int PRIMARY KEY, customer int, note varchar(40))";
        if (name.startsWith("pg")) {
            EmbeddedPostgres pg = EmbeddedPostgres.shared(name.substring(2));
            String db = pg.createDatabase("console");
            try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
                s.execute(setup);
                s.execute("CREATE TABLE customers (id int PRIMARY KEY, name text)");
                s.execute("INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 100) g");
                s.execute("INSERT INTO orders SELECT g, g % 100 + 1, 'n' || g FROM generate_series(1, 2000) g");
                s.execute("ANALYZE");
            }
            return new Server(ConnectionProfile.of(name, Dialect.POSTGRESQL, "127.0.0.1", pg.port(), db, "postgres"),
                    () -> pg.connect(db));
        }
        MysqlServer mysql = name.equals("mariadb") ? MysqlServer.sharedMariadb() : MysqlServer.sharedMysql9();
        String db = mysql.createDatabase("console");
        try (Connection c = mysql.connect(db); Statement s = c.createStatement()) {
            s.execute(setup);
            s.execute("CREATE TABLE customers (id int PRIMARY KEY, name varchar(40))");
            StringBuilder values = new StringBuilder();
            for (int i = 1; i <= 100; i++) {
                values.append(i == 1 ? "" : ",").append("(").append(i).append(",'c").append(i).append("')");
            }
            s.execute("INSERT INTO customers VALUES " + values);
            s.execute("INSERT INTO orders SELECT id, id, concat('n', id) FROM customers");
            s.execute("ANALYZE TABLE orders, customers");
        }
        return new Server(ConnectionProfile.of(name, Dialect.MYSQL, "127.0.0.1", mysql.port(), db, "root"),
                () -> mysql.connect(db));
    }

    private static long count(Server server, String sql) throws Exception {
        try (Connection c = server.outside().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Collects rows (small results only). */
    private static final class Rows implements RowSink {
        final List<Object[]> rows = new ArrayList<>();
        final List<Long> updates = new ArrayList<>();

        @Override
        public void columns(List<String> names) {
        }

        @Override
        public void row(Object[] values) {
            rows.add(values.clone());
        }

        @Override
        public void endOfRows(long rows) {
        }

        @Override
        public void updated(String statement, long count) {
            updates.add(count);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg13", "pg14", "pg15", "pg16", "pg17", "pg18", "mariadb", "mysql9"})
    void cancelStopsTheServerSideStatementWithinTwoSeconds(String name) throws Exception {
        Server server = server(name);
        boolean pg = server.profile().dialect() == Dialect.POSTGRESQL;
        String sleep = pg ? "SELECT pg_sleep(60)" : "SELECT SLEEP(60)";
        String running = pg
                ? "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'railyard-console' AND state = 'active'"
                : "SELECT count(*) FROM information_schema.PROCESSLIST WHERE INFO = 'SELECT SLEEP(60)'";
        try (ConsoleSession session = ConsoleSession.open(NO_PROFILES, server.profile(), null, null, ConsoleSettings.defaults())) {
            CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return session.run(sleep, new Rows());
                } catch (ConsoleSqlException | IOException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            try {
                org.testfx.util.WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> count(server, running) > 0);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the statement never showed up on the server", e);
            }
            long cancelled = System.nanoTime();
            session.cancel();
            ExecutionException failure = assertThrows(ExecutionException.class, () -> run.get(2, TimeUnit.SECONDS));
            long took = System.nanoTime() - cancelled;
            assertTrue(took < TimeUnit.SECONDS.toNanos(2), "cancel took " + took / 1_000_000 + " ms");
            ConsoleSqlException e = (ConsoleSqlException) failure.getCause();
            assertTrue(e.cancelled(), e.getMessage());
            assertEquals(0, count(server, running), "the server still runs the statement");

            Rows after = new Rows();
            session.run("SELECT 1", after);
            assertEquals(1, after.rows.size(), "the session works after a cancel");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg13", "pg14", "pg15", "pg16", "pg17", "pg18", "mariadb", "mysql9"})
    void productionIsReadOnlyOnTheServerEvenAfterASetThatTriesToLiftIt(String name) throws Exception {
        Server server = server(name);
        ConnectionProfile production = server.profile().withEnvironment(EnvironmentTag.PRODUCTION);
        boolean pg = production.dialect() == Dialect.POSTGRESQL;
        String lift = pg ? "SET default_transaction_read_only = off; SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE;"
                + " COMMIT" : "SET SESSION TRANSACTION READ WRITE; COMMIT";
        long before = count(server, "SELECT count(*) FROM orders");
        try (ConsoleSession session = ConsoleSession.open(NO_PROFILES, production, null, null, ConsoleSettings.defaults())) {
            assertTrue(session.readOnly());
            assertEquals(Duration.ofSeconds(30), session.statementTimeout(), "production's default timeout");
            session.run(lift, new Rows());
            ConsoleSqlException e = assertThrows(ConsoleSqlException.class,
                    () -> session.run("DELETE FROM orders", new Rows()));
            assertTrue(e.readOnlyRefusal(), e.getMessage());
            assertNotNull(e.hint());
            assertThrows(ConsoleSqlException.class, () -> session.run("CREATE TABLE sneaky (id int)", new Rows()));
            if (!pg) {
                // One "statement" holding two: the server gets it whole and refuses it (no multi-queries).
                assertThrows(ConsoleSqlException.class, () -> session.run(
                        "DELIMITER //\nSET SESSION TRANSACTION READ WRITE; DELETE FROM orders //\nDELIMITER ;\n", new Rows()));
            }
        }
        assertEquals(before, count(server, "SELECT count(*) FROM orders"), "nothing deleted");
        assertEquals(0, count(server, pg ? "SELECT count(*) FROM pg_class WHERE relname = 'sneaky'"
                : "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_NAME = 'sneaky'"), "no table created");

        IllegalStateException wrongAction = assertThrows(IllegalStateException.class, () -> ConsoleSession.open(NO_PROFILES,
                production, null, NO_PROFILES.clear(production, GuardedAction.MIGRATE, production.database()),
                ConsoleSettings.defaults()));
        assertTrue(wrongAction.getMessage().contains("does not allow"), wrongAction.getMessage());

        try (ConsoleSession session = ConsoleSession.open(NO_PROFILES, production, null,
                NO_PROFILES.clear(production, GuardedAction.SQL_WRITE, production.database()), ConsoleSettings.defaults())) {
            assertFalse(session.readOnly());
            Rows rows = new Rows();
            session.run("DELETE FROM orders WHERE id = 1", rows);
            assertEquals(List.of(1L), rows.updates);
        }
        assertEquals(0, count(server, "SELECT count(*) FROM orders WHERE id = 1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg15", "pg17", "pg18", "mariadb", "mysql9"})
    void plansFromTheServerAreReadIntoATree(String name) throws Exception {
        Server server = server(name);
        String join = "SELECT customers.name, count(*) FROM orders JOIN customers ON customers.id = orders.customer"
                + " GROUP BY customers.name";
        try (ConsoleSession session = ConsoleSession.open(NO_PROFILES, server.profile(), null, null, ConsoleSettings.defaults())) {
            ExplainResult plain = session.explain(join, false, null);
            assertFalse(plain.raw().isBlank());
            List<PlanNode> nodes = flatten(plain.root());
            assertTrue(nodes.size() >= 2, "a tree, not one node: " + plain.raw());
            assertTrue(nodes.stream().anyMatch(n -> n.relation() != null && n.relation().contains("orders")), plain.raw());
            assertTrue(nodes.stream().anyMatch(n -> n.relation() != null && n.relation().contains("customers")), plain.raw());
            assertEquals(1, nodes.stream().filter(PlanNode::mostExpensive).count(), "one node marked: " + plain.raw());
            assertTrue(nodes.stream().anyMatch(n -> n.estimatedRows() != null), plain.raw());

            ExplainResult analyzed = session.explain(join, true, null);
            assertTrue(analyzed.analyzed());
            List<PlanNode> actual = flatten(analyzed.root());
            assertTrue(actual.stream().anyMatch(n -> n.actualRows() != null && n.actualRows() > 0), analyzed.raw());
            assertTrue(actual.stream().anyMatch(n -> n.actualTimeMs() != null), analyzed.raw());
            assertEquals(1, actual.stream().filter(PlanNode::mostExpensive).count(), analyzed.raw());

            ExplainResult insert = session.explain("INSERT INTO orders VALUES (5000, 1, 'gone')", true, null);
            assertTrue(insert.analyzed());
        }
        assertEquals(0, count(server, "SELECT count(*) FROM orders WHERE id = 5000"), "EXPLAIN ANALYZE was rolled back");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg17", "mariadb", "mysql9"})
    void aPulledResultPausesBetweenPagesAndTheScriptGoesOnAfterIt(String name) throws Exception {
        Server server = server(name);
        try (ConsoleSession session = ConsoleSession.open(NO_PROFILES, server.profile(), null, null,
                new ConsoleSettings(null, 100))) {
            Rows rows = new Rows();
            ConsoleSession.ConsoleRun run = session.start("SELECT id FROM orders ORDER BY id; SELECT 42");
            assertTrue(run.next(rows, 30), "paused after the first page");
            assertTrue(run.paused());
            assertEquals(30, rows.rows.size());
            assertTrue(run.next(rows, 30));
            assertEquals(60, rows.rows.size());
            assertEquals(31, ((Number) rows.rows.get(30)[0]).intValue(), "the second page goes on where the first ended");
            assertFalse(run.next(rows, Long.MAX_VALUE), "the rest, then the second statement");
            assertEquals(count(server, "SELECT count(*) FROM orders") + 1, rows.rows.size());
            assertEquals(42, ((Number) rows.rows.get(rows.rows.size() - 1)[0]).intValue());
            assertEquals(2, run.statementsDone());

            // A paused result that is abandoned leaves the session ready for the next run.
            ConsoleSession.ConsoleRun abandoned = session.start("SELECT id FROM orders");
            assertTrue(abandoned.next(new Rows(), 10));
            Rows after = new Rows();
            session.run("SELECT 7", after);
            assertTrue(abandoned.finished());
            assertEquals(7, ((Number) after.rows.get(0)[0]).intValue());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg17", "mariadb", "mysql9"})
    void aKeptTransactionStaysOpenUntilCommitOrRollback(String name) throws Exception {
        Server server = server(name);
        try (ConsoleSession session = ConsoleSession.open(NO_PROFILES, server.profile(), null, null,
                ConsoleSettings.defaults())) {
            session.keepTransactionOpen(true);
            session.run("DELETE FROM orders WHERE id = 10", new Rows());
            assertNotNull(session.transactionOpenSince());
            assertEquals(1, count(server, "SELECT count(*) FROM orders WHERE id = 10"), "not visible outside before commit");
            session.rollback();
            assertEquals(null, session.transactionOpenSince());
            assertEquals(1, count(server, "SELECT count(*) FROM orders WHERE id = 10"), "rolled back");

            session.run("DELETE FROM orders WHERE id = 11", new Rows());
            session.run("DELETE FROM orders WHERE id = 12", new Rows());
            session.commit();
            assertEquals(0, count(server, "SELECT count(*) FROM orders WHERE id IN (11, 12)"), "both runs committed");
        }
    }

    private static List<PlanNode> flatten(PlanNode root) {
        List<PlanNode> all = new ArrayList<>();
        all.add(root);
        root.children().forEach(c -> all.addAll(flatten(c)));
        return all;
    }
}
