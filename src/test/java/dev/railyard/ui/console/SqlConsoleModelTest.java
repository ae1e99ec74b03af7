package dev.railyard.ui.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.console.ConsoleHistory;
import dev.railyard.console.ConsoleSession;
import dev.railyard.console.ConsoleSettings;
import dev.railyard.db.Dialect;
import dev.railyard.guard.ConfirmationRequiredException;
import dev.railyard.guard.ProductionGuard;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.MysqlServer;
import dev.railyard.task.JobRunner;
import dev.railyard.ui.UiQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SQL console's model on real servers, without the FX toolkit: a {@link UiQueue} stands in for the FX thread. */
@Timeout(180)
class SqlConsoleModelTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private final UiQueue ui = new UiQueue();
    private final JobRunner runner = new JobRunner(3, 32, null, Clock.systemUTC());
    private SqlConsoleModel model;
    private Outside outside;

    @FunctionalInterface
    private interface Outside {
        Connection connect() throws Exception;
    }

    @AfterEach
    void stop() {
        if (model != null) {
            model.dispose();
        }
        runner.shutdown(Duration.ofSeconds(5));
    }

    private ConnectionProfile server(String name, EnvironmentTag tag) throws Exception {
        if (name.equals("pg")) {
            EmbeddedPostgres pg = EmbeddedPostgres.shared();
            String db = pg.createDatabase("sqltab");
            try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (id int PRIMARY KEY, note text)");
                s.execute("INSERT INTO orders SELECT g, 'n' || g FROM generate_series(1, 100) g");
            }
            outside = () -> pg.connect(db);
            return ConnectionProfile.of("pg-" + db, Dialect.POSTGRESQL, "127.0.0.1", pg.port(), db, "postgres")
                    .withEnvironment(tag);
        }
        MysqlServer mysql = MysqlServer.sharedMysql9();
        String db = mysql.createDatabase("sqltab");
        try (Connection c = mysql.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, note varchar(20))");
            s.execute("INSERT INTO orders VALUES (1, 'n1'), (2, 'n2'), (3, 'n3')");
        }
        outside = () -> mysql.connect(db);
        return ConnectionProfile.of("my-" + db, Dialect.MYSQL, "127.0.0.1", mysql.port(), db, "root").withEnvironment(tag);
    }

    private SqlConsoleModel console(ConnectionProfile profile, Clock clock) {
        ProductionGuard guard = new ProductionGuard(List::of);
        model = new SqlConsoleModel(profile, guard,
                (p, write) -> ConsoleSession.open(guard, p, null, write, ConsoleSettings.defaults()),
                runner, runner, ui, Runnable::run, new ConsoleHistory(home.resolve("console").resolve(profile.name() + ".jsonl")),
                home.resolve("run").resolve("results"), clock);
        return model;
    }

    private void idle() throws InterruptedException {
        ui.runUntil(() -> !model.runningProperty().get(), WAIT);
    }

    private long count(String sql) throws Exception {
        try (Connection c = outside.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void ctrlEnterRunsOnlyTheStatementUnderTheCaret() throws Exception {
        console(server("pg", EnvironmentTag.DEVELOPMENT), Clock.systemUTC());
        String text = "SELECT 1 AS first;\nSELECT 2 AS second, 'x' AS other;\n";
        model.runAtCaret(text, text.indexOf("second"), 0, 0);
        idle();
        assertEquals(1, model.results().size());
        ResultModel result = model.results().get(0);
        assertEquals(List.of("second", "other"), result.columns());
        assertEquals(1, result.rowsProperty().get());
        assertEquals(ResultModel.State.DONE, result.stateProperty().get());
        assertTrue(result.summaryProperty().get().startsWith("1 row · "), result.summaryProperty().get());

        // The selection wins over the caret; the whole script gives one tab per result set.
        model.runAtCaret(text, text.length(), 0, text.indexOf(';'));
        idle();
        assertEquals(List.of("first"), model.results().get(0).columns());
        model.runAll(text + "UPDATE orders SET note = 'y' WHERE id <= 3;");
        idle();
        assertEquals(2, model.results().size());
        assertTrue(model.output().get(model.output().size() - 1).contains("UPDATE · 3 rows changed"),
                model.output().toString());
    }

    @Test
    void theFailingPositionIsMarkedInTheEditorsText() throws Exception {
        console(server("pg", EnvironmentTag.DEVELOPMENT), Clock.systemUTC());
        String text = "SELECT 1;\n\nSELECT id,\n       missing_column\nFROM orders;\n";
        model.runAll(text);
        idle();
        SqlConsoleModel.ErrorMark mark = model.errorProperty().get();
        assertNotNull(mark, model.statusProperty().get());
        assertEquals(text.indexOf("missing_column"), mark.start(), mark.toString());
        assertEquals(text.indexOf("missing_column") + "missing_column".length(), mark.end());
        assertTrue(mark.message().contains("missing_column"), mark.message());

        // Run at the caret: the mark counts from where the statement stands in the editor.
        model.runAtCaret(text, text.indexOf("FROM"), 0, 0);
        idle();
        assertEquals(text.indexOf("missing_column"), model.errorProperty().get().start());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "mysql"})
    void productionIsReadOnlyUntilTheNameIsTypedThenWritesWaitForCommit(String name) throws Exception {
        Instant[] now = {Instant.parse("2026-12-07T10:00:00Z")};
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        ConnectionProfile profile = server(name, EnvironmentTag.PRODUCTION);
        console(profile, clock);
        assertTrue(model.production());
        assertEquals("Read-only (production) · statement timeout 30 s", model.modeProperty().get());

        model.runAll("DELETE FROM orders WHERE id = 1");
        idle();
        SqlConsoleModel.ErrorMark refused = model.errorProperty().get();
        assertNotNull(refused);
        assertTrue(refused.message().toLowerCase().contains("read-only") || refused.message().toLowerCase().contains("read only"),
                refused.message());
        assertTrue(refused.hint().contains(profile.database()), refused.hint());
        assertEquals(1, count("SELECT count(*) FROM orders WHERE id = 1"));

        assertThrows(ConfirmationRequiredException.class, () -> model.allowWrites("not-the-name"));
        assertFalse(model.readWriteProperty().get());
        model.allowWrites(profile.database());
        idle();
        assertTrue(model.readWriteProperty().get());
        assertTrue(model.modeProperty().get().startsWith("Read-write (production)"), model.modeProperty().get());

        model.runAll("DELETE FROM orders WHERE id = 1");
        idle();
        assertNull(model.errorProperty().get(), () -> model.errorProperty().get().message());
        assertNotNull(model.transactionSinceProperty().get(), "the transaction stays open");
        assertEquals(1, count("SELECT count(*) FROM orders WHERE id = 1"), "not committed yet");
        assertFalse(model.transactionWarningProperty().get());
        now[0] = now[0].plus(Duration.ofDays(1)); // the session's clock is the real one: "open since" is before this
        model.tick();
        assertTrue(model.transactionWarningProperty().get(), model.transactionProperty().get());

        model.rollback();
        idle();
        assertNull(model.transactionSinceProperty().get());
        assertEquals(1, count("SELECT count(*) FROM orders WHERE id = 1"), "rolled back");

        model.runAll("DELETE FROM orders WHERE id = 2");
        idle();
        model.commit();
        idle();
        assertEquals("Committed", model.statusProperty().get());
        assertEquals(0, count("SELECT count(*) FROM orders WHERE id = 2"), "committed");
        model.backToReadOnly();
        idle();
        assertFalse(model.readWriteProperty().get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg", "mysql"})
    void cancelStopsTheServerStatementWithinTwoSeconds(String name) throws Exception {
        console(server(name, EnvironmentTag.DEVELOPMENT), Clock.systemUTC());
        boolean pg = name.equals("pg");
        String sleep = pg ? "SELECT pg_sleep(60)" : "SELECT SLEEP(60)";
        String active = pg
                ? "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)' AND state = 'active'"
                : "SELECT count(*) FROM information_schema.PROCESSLIST WHERE INFO = 'SELECT SLEEP(60)'";
        model.runAll(sleep);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count(active) == 0) {
            assertTrue(System.nanoTime() < deadline, "the statement never showed up on the server");
            ui.drain();
            Thread.onSpinWait();
        }
        long cancelled = System.nanoTime();
        model.cancel();
        ui.runUntil(() -> !model.runningProperty().get(), Duration.ofSeconds(2));
        long took = System.nanoTime() - cancelled;
        assertTrue(took < Duration.ofSeconds(2).toNanos(), "cancel took " + took / 1_000_000 + " ms");
        assertEquals(0, count(active), "the server still runs the statement");
        assertTrue(model.statusProperty().get().startsWith("Cancelled"), model.statusProperty().get());
        assertEquals(ConsoleHistory.Outcome.CANCELLED, model.history().get(0).outcome());
    }

    @Test
    void aLargeResultIsPagedTheServerReadPausingUntilTheGridAsksForMore() throws Exception {
        console(server("pg", EnvironmentTag.DEVELOPMENT), Clock.systemUTC());
        model.runAll("SELECT g, 'row ' || g AS label FROM generate_series(1, 120000) g");
        idle();
        ResultModel result = model.results().get(0);
        assertEquals(ResultModel.State.PAUSED, result.stateProperty().get());
        assertEquals(SqlConsoleModel.PAGE_ROWS, result.rowsProperty().get());
        assertTrue(result.summaryProperty().get().startsWith("First 50,000 rows · more wait on the server"), result.summaryProperty().get());
        assertTrue(Files.list(home.resolve("run").resolve("results")).findAny().isPresent(), "rows beyond memory spilled");

        result.more();
        idle();
        assertEquals(2L * SqlConsoleModel.PAGE_ROWS, result.rowsProperty().get());
        result.more();
        idle();
        assertEquals(120_000, result.rowsProperty().get());
        assertEquals(ResultModel.State.DONE, result.stateProperty().get());
        assertEquals(119_999, ((Number) result.row(119_998)[0]).intValue());
        assertEquals("row 77", result.row(76)[1]);

        // Cancel on a paused result stops reading it; a new run deletes the old result's spool file.
        model.runAll("SELECT g FROM generate_series(1, 200000) g");
        idle();
        assertEquals(ResultModel.State.PAUSED, model.results().get(0).stateProperty().get());
        model.cancel();
        idle();
        assertEquals(ResultModel.State.STOPPED, model.results().get(0).stateProperty().get());
        model.runAll("SELECT 1");
        idle();
        try (var files = Files.list(home.resolve("run").resolve("results"))) {
            assertEquals(0, files.count(), "spool files of replaced results are deleted");
        }

        // Closing a paused result's tab stops reading it and deletes its spool file.
        model.runAll("SELECT g FROM generate_series(1, 200000) g");
        idle();
        ResultModel big = model.results().get(0);
        try (var files = Files.list(home.resolve("run").resolve("results"))) {
            assertEquals(1, files.count());
        }
        model.closeResult(big);
        idle();
        assertTrue(model.results().isEmpty());
        try (var files = Files.list(home.resolve("run").resolve("results"))) {
            assertEquals(0, files.count(), "the closed tab's spool file is deleted");
        }
    }

    @Test
    void historyIsKeptPerProfileAndRecalledNewestFirst() throws Exception {
        ConnectionProfile profile = server("pg", EnvironmentTag.DEVELOPMENT);
        console(profile, Clock.systemUTC());
        model.runAll("SELECT 1");
        idle();
        model.runAll("SELECT count(*) FROM orders");
        idle();
        model.runAll("ALTER ROLE postgres PASSWORD 'hunter2-secret'");
        idle();
        assertEquals("ALTER ROLE postgres PASSWORD " + ConsoleHistory.HIDDEN, model.history().get(0).statement());
        assertEquals(1, model.history().get(1).rows());
        model.historySearchProperty().set("orders");
        assertEquals(1, model.history().size());
        assertFalse(Files.readString(home.resolve("console").resolve(profile.name() + ".jsonl")).contains("hunter2"));

        assertEquals("ALTER ROLE postgres PASSWORD " + ConsoleHistory.HIDDEN, model.recallOlder("draft"));
        assertEquals("SELECT count(*) FROM orders", model.recallOlder("ignored"));
        assertEquals("SELECT 1", model.recallOlder("ignored"));
        assertNull(model.recallOlder("ignored"), "no older one");
        assertEquals("SELECT count(*) FROM orders", model.recallNewer());
        model.recallNewer();
        assertEquals("draft", model.recallNewer(), "back to what the editor held");
        assertNull(model.recallNewer());
    }

    @Test
    void explainShowsThePlanTreeWithTheRawTextAndAnalyzeOnProductionNeedsTheName() throws Exception {
        ConnectionProfile profile = server("pg", EnvironmentTag.PRODUCTION);
        console(profile, Clock.systemUTC());
        String text = "SELECT 1;\nSELECT * FROM orders WHERE id = 7;";
        model.explain(text, text.length() - 3, 0, 0, false, null);
        idle();
        ResultModel plan = model.results().get(0);
        assertEquals("Plan", plan.title());
        assertNotNull(plan.plan(), "the plan viewer's tree");
        assertTrue(plan.plan().root().relation().contains("orders"), plan.plan().root().toString());
        assertTrue(plan.columns().get(0).contains("raw JSON"), plan.columns().toString());
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < plan.rowsProperty().get(); i++) {
            raw.append(plan.row(i)[0]).append('\n');
        }
        assertTrue(raw.toString().contains("\"Relation Name\" : \"orders\""), raw.toString());
        assertFalse(raw.toString().contains("Actual Rows"), "not analyzed");

        assertNotNull(model.explainAnalyzeQuestion(), "production asks before EXPLAIN ANALYZE");
        assertThrows(ConfirmationRequiredException.class, () -> model.explain(text, text.length() - 3, 0, 0, true, "nope"));
        model.explain(text, text.length() - 3, 0, 0, true, profile.database());
        idle();
        assertEquals("Plan, analyzed", model.results().get(0).title());
        assertTrue(model.results().get(0).plan().analyzed());
    }

    @Test
    void exportWritesEveryRowToCsvAsAJob() throws Exception {
        console(server("pg", EnvironmentTag.DEVELOPMENT), Clock.systemUTC());
        model.runAll("SELECT id, note FROM orders ORDER BY id");
        idle();
        Path file = home.resolve("orders.csv");
        AtomicReference<Long> rows = new AtomicReference<>();
        var export = model.exportCsv(model.results().get(0), file);
        rows.set(export.result().get());
        ui.runUntil(() -> model.statusProperty().get().startsWith("Exported"), WAIT);
        assertEquals(100, rows.get());
        List<String> lines = Files.readAllLines(file);
        assertEquals("id,note", lines.get(0));
        assertEquals("100,n100", lines.get(100));
        assertFalse(Files.exists(home.resolve("orders.csv.partial")));
    }
}
