package dev.railyard.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.inspect.Finding;
import dev.railyard.inspect.FindingKind;
import dev.railyard.inspect.IndexRow;
import dev.railyard.inspect.PgWorkload;
import dev.railyard.inspect.SessionRow;
import dev.railyard.inspect.TableSizeRow;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.ui.shell.Feature;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.scene.control.TreeView;
import javafx.scene.layout.GridPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;

/**
 * One test per inspect tab, headless: the real window with the workload database on the
 * embedded PG 17 selected in the sidebar, as a DBA would click through it.
 */
@ExtendWith(ApplicationExtension.class)
class InspectTabsTest {

    private InspectWindow app;

    @Start
    void start(Stage stage) {
        app = new InspectWindow(stage, 1400, 900);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    private void openWorkload(FxRobot robot, Feature feature) throws Exception {
        app.save("workload", PgWorkload.server().port(), PgWorkload.database(), EnvironmentTag.DEVELOPMENT);
        app.open(robot, "workload", feature);
        app.awaitRead(feature);
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void overviewShowsTheServerAndAFindingWithItsFix(FxRobot robot) throws Exception {
        openWorkload(robot, Feature.OVERVIEW);

        Label version = robot.lookup("#overview-card-server-value").queryAs(Label.class);
        assertTrue(version.getText().startsWith("PostgreSQL 17."), version.getText());
        assertTrue(robot.lookup("#overview-card-tps").tryQuery().isPresent());
        TableView<Finding> findings = robot.lookup("#overview-findings-table").queryTableView();
        int dead = indexOf(findings, f -> f.kind() == FindingKind.DEAD_ROWS && f.subject().equals("public.archive"));
        assertTrue(dead >= 0, "the archive table's dead rows are listed");
        robot.interact(() -> findings.getSelectionModel().clearAndSelect(dead));

        TextArea fix = robot.lookup("#overview-fix").queryAs(TextArea.class);
        assertTrue(fix.getText().contains("VACUUM (ANALYZE)") && fix.getText().contains("archive"), fix.getText());
        assertFalse(fix.isEditable(), "shown and copyable, never run");
        assertTrue(robot.lookup("#overview-finding-text").queryAs(Label.class).getText().contains("dead rows"));
        assertTrue(robot.lookup("#overview-last-refreshed").queryAs(Label.class).getText().startsWith("Last refreshed "));
    }

    @Test
    void overviewCountsTheIndexesTabsFindingsAndTheCountOpensIt(FxRobot robot) throws Exception {
        openWorkload(robot, Feature.OVERVIEW);
        InspectModel<?, ?> indexes = app.inspect.model(Feature.INDEXES);
        waitFor(() -> indexes.report() != null && !indexes.loadingProperty().get());
        int onIndexesTab = ((dev.railyard.inspect.IndexReport) indexes.report()).findings().size();
        assertTrue(onIndexesTab > 0, "the workload has index findings");

        javafx.scene.control.Hyperlink link = robot.lookup("#overview-elsewhere-indexes").queryAs(javafx.scene.control.Hyperlink.class);
        assertEquals("Indexes: " + onIndexesTab + " findings", link.getText(), "the Overview's count is the Indexes tab's");
        robot.clickOn(link);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#tab-indexes").queryAs(javafx.scene.Node.class) != null);
        assertEquals(Feature.INDEXES.ordinal(),
                robot.lookup("#feature-tabs").queryAs(javafx.scene.control.TabPane.class).getSelectionModel().getSelectedIndex());
        String summary = robot.lookup("#indexes-summary").queryAs(Label.class).getText();
        assertTrue(summary.endsWith(onIndexesTab + " findings"), summary);
    }

    @Test
    void tablesShowTheBiggestFirstSortByBytesAndExpandPartitions(FxRobot robot) throws Exception {
        openWorkload(robot, Feature.TABLES);

        TreeTableView<TableSizeRow> tree = robot.lookup("#tables-table").queryAs(TreeTableView.class);
        assertEquals("events", tree.getRoot().getChildren().get(0).getValue().name(), "largest first");

        InspectModel<?, ?> model = app.inspect.model(Feature.TABLES);
        Object before = model.report();
        robot.clickOn("#tables-filter");
        robot.push(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.R);
        waitFor(() -> model.report() != before);
        assertFalse(app.inspect.model(Feature.OVERVIEW).loadingProperty().get(), "Ctrl+R reads the tab that shows");
        GridPane chart = robot.lookup("#tables-chart").queryAs(GridPane.class);
        assertTrue(robot.from(chart).lookup("public.events").tryQuery().isPresent(), "the chart names the largest");

        TreeItem<TableSizeRow> measurements = tree.getRoot().getChildren().stream()
                .filter(i -> i.getValue().name().equals("measurements")).findFirst().orElseThrow();
        assertEquals(TableSizeRow.PARTITIONED, measurements.getValue().kind());
        assertEquals(2, measurements.getChildren().size());
        assertFalse(measurements.isExpanded());
        robot.interact(() -> measurements.setExpanded(true));

        // Ascending by Total: smallest first, by bytes; again: largest first.
        javafx.scene.control.TreeTableColumn<TableSizeRow, ?> total = tree.getColumns().stream()
                .filter(c -> c.getId().equals("tables-col-total-bytes")).findFirst().orElseThrow();
        robot.interact(() -> {
            total.setSortType(javafx.scene.control.TreeTableColumn.SortType.ASCENDING);
            tree.getSortOrder().setAll(java.util.List.of(total));
        });
        waitFor(() -> !tree.getRoot().getChildren().get(0).getValue().name().equals("events"));
        long first = tree.getRoot().getChildren().get(0).getValue().totalBytes();
        long last = tree.getRoot().getChildren().get(tree.getRoot().getChildren().size() - 1).getValue().totalBytes();
        assertTrue(first <= last, first + " then " + last);
        robot.interact(() -> total.setSortType(javafx.scene.control.TreeTableColumn.SortType.DESCENDING));
        waitFor(() -> tree.getRoot().getChildren().get(0).getValue().name().equals("events"));

        robot.clickOn("#tables-filter").write("2026");
        waitFor(() -> tree.getRoot().getChildren().size() == 1);
        TreeItem<TableSizeRow> only = tree.getRoot().getChildren().get(0);
        assertEquals("measurements", only.getValue().name(), "the parent of the matching partition");
        assertTrue(only.isExpanded(), "still expanded after the filter rebuilt the tree");
    }

    @Test
    void indexesShowTheDuplicateWithTheDdlThatDropsIt(FxRobot robot) throws Exception {
        openWorkload(robot, Feature.INDEXES);

        TableView<IndexRow> indexes = robot.lookup("#indexes-table").queryTableView();
        assertTrue(indexes.getItems().stream().anyMatch(i -> i.name().equals("customers_city_idx2")));
        TableView<Finding> findings = robot.lookup("#indexes-findings-table").queryTableView();
        int duplicate = indexOf(findings, f -> f.kind() == FindingKind.DUPLICATE_INDEX);
        assertTrue(duplicate >= 0, "a duplicate-index finding");
        robot.interact(() -> findings.getSelectionModel().clearAndSelect(duplicate));

        TextArea fix = robot.lookup("#indexes-fix").queryAs(TextArea.class);
        assertTrue(fix.getText().startsWith("DROP INDEX CONCURRENTLY public.customers_city_idx"), fix.getText());
        assertFalse(fix.isEditable());
        assertTrue(robot.lookup("#indexes-copy-fix").queryButton().isVisible());

        robot.clickOn("#indexes-filter").write("customers_created");
        waitFor(() -> indexes.getItems().size() == 1);
        assertTrue(findings.getItems().stream().allMatch(f -> f.message().contains("customers_created")),
                "the filter narrows the findings too");
    }

    @Test
    void queriesListStatementsAndOfferToCreateTheExtensionWhereItIsMissing(FxRobot robot) throws Exception {
        openWorkload(robot, Feature.QUERIES);
        TableView<?> rows = robot.lookup("#queries-table").queryTableView();
        assertFalse(rows.getItems().isEmpty(), "pg_stat_statements rows");
        assertFalse(robot.lookup("#queries-banner").query().isVisible(), "no banner when the source works");
        assertTrue(robot.lookup("#queries-source").queryAs(Label.class).getText().startsWith("pg_stat_statements: "));

        String bare = PgWorkload.server().createDatabase("uibare");
        app.save("bare", PgWorkload.server().port(), bare, EnvironmentTag.DEVELOPMENT);
        robot.clickOn("#profile-bare");
        app.awaitRead(Feature.QUERIES);
        assertTrue(robot.lookup("#queries-banner").query().isVisible());
        assertEquals("pg_stat_statements is preloaded but not created in this database.",
                robot.lookup("#queries-banner-title").queryAs(Label.class).getText());
        Button create = robot.lookup("#queries-enable").queryButton();
        assertEquals("Create extension…", create.getText());

        robot.clickOn(create);
        waitFor(() -> robot.lookup("#inspect-confirm-statement").tryQuery().isPresent());
        assertEquals("CREATE EXTENSION pg_stat_statements;",
                robot.lookup("#inspect-confirm-statement").queryAs(TextArea.class).getText());
        robot.clickOn(robot.lookup("Cancel").match(NodeQueryUtils.isVisible()).queryButton());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(extensionExists(bare), "nothing runs without the confirmation");
    }

    @Test
    void queriesHideRailyardsOwnStatementsAndActivityHidesBackgroundWorkersUntilToggled(FxRobot robot) throws Exception {
        openWorkload(robot, Feature.QUERIES);
        // Railyard's own reads (and their BEGIN READ ONLY) are in pg_stat_statements by now: read again to be sure.
        robot.interact(() -> app.inspect.model(Feature.QUERIES).refresh());
        app.awaitRead(Feature.QUERIES);
        @SuppressWarnings("unchecked")
        TableView<dev.railyard.inspect.QueryStatsRow> rows = robot.lookup("#queries-table").queryTableView();
        assertFalse(rows.getItems().isEmpty());
        assertTrue(rows.getItems().stream().noneMatch(r -> r.query().startsWith("/* railyard */")
                || r.query().equalsIgnoreCase("BEGIN READ ONLY")), "hidden by default");
        robot.clickOn("#queries-show-own");
        waitFor(() -> rows.getItems().stream().anyMatch(r -> r.query().startsWith("/* railyard */")));
        assertTrue(rows.getItems().stream().anyMatch(r -> r.query().equalsIgnoreCase("BEGIN READ ONLY")), "shown on request");

        robot.interact(() -> app.window.show(Feature.ACTIVITY));
        app.awaitRead(Feature.ACTIVITY);
        @SuppressWarnings("unchecked")
        TableView<SessionRow> sessions = robot.lookup("#activity-table").queryTableView();
        assertFalse(sessions.getItems().isEmpty());
        assertTrue(sessions.getItems().stream().allMatch(s -> "client backend".equals(s.backendType())), "no workers by default");
        robot.clickOn("#activity-show-background");
        waitFor(() -> sessions.getItems().stream().anyMatch(s -> "checkpointer".equals(s.backendType())));
    }

    @Test
    void activityShowsTheBlockedSessionAndCancelStopsItsQuery(FxRobot robot) throws Exception {
        String db = PgWorkload.server().createDatabase("uiactivity");
        ExecutorService waiterThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "blocked-session"));
        try (Connection holder = PgWorkload.server().connect(db); Connection waiter = PgWorkload.server().connect(db)) {
            try (Statement s = holder.createStatement()) {
                s.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int)");
                s.execute("INSERT INTO accounts VALUES (1, 100)");
            }
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeUpdate("UPDATE accounts SET balance = balance - 1 WHERE id = 1");
            }
            long waiterPid = pid(waiter);
            CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> {
                try (Statement s = waiter.createStatement()) {
                    return s.executeUpdate("UPDATE accounts SET balance = balance + 1 WHERE id = 1");
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            }, waiterThread);

            app.save("locks", PgWorkload.server().port(), db, EnvironmentTag.DEVELOPMENT);
            app.open(robot, "locks", Feature.ACTIVITY);
            app.awaitRead(Feature.ACTIVITY);
            InspectModel<?, ?> model = app.inspect.model(Feature.ACTIVITY);
            // The waiter reaches its lock on its own time: read again until it shows blocked.
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
                boolean seen = model.table().rows().stream().anyMatch(r -> r instanceof SessionRow s && s.id() == waiterPid && s.blocked());
                if (!seen && !model.loadingProperty().get()) {
                    robot.interact(model::refresh);
                }
                return seen;
            });
            WaitForAsyncUtils.waitForFxEvents();

            TreeView<SessionRow> chains = robot.lookup("#activity-blocking").queryAs(TreeView.class);
            TreeItem<SessionRow> head = chains.getRoot().getChildren().get(0);
            assertEquals(pid(holder), head.getValue().id(), "the holder heads the chain");
            assertEquals(waiterPid, head.getChildren().get(0).getValue().id());

            TableView<SessionRow> sessions = robot.lookup("#activity-table").queryTableView();
            int row = indexOf(sessions, s -> s.id() == waiterPid);
            robot.interact(() -> sessions.getSelectionModel().clearAndSelect(row));
            Button cancel = robot.lookup("#activity-cancel").queryButton();
            assertFalse(cancel.isDisabled());
            robot.clickOn(cancel);
            waitFor(() -> robot.lookup("#inspect-confirm-action").tryQuery().isPresent());
            assertEquals("SELECT pg_cancel_backend(" + waiterPid + ");",
                    robot.lookup("#inspect-confirm-statement").queryAs(TextArea.class).getText());
            assertTrue(robot.lookup("#inspect-confirm-typed").tryQuery().map(n -> !n.isVisible()).orElse(true),
                    "a development profile needs no typing");
            robot.clickOn("#inspect-confirm-action");

            ExecutionException stopped = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> blocked.get(30, TimeUnit.SECONDS));
            SQLException cause = assertInstanceOf(SQLException.class, stopped.getCause());
            assertEquals("57014", cause.getSQLState(), "query_canceled");
            waitFor(() -> robot.lookup("#activity-message").queryAs(Label.class).getText().startsWith("Sent cancel to session " + waiterPid));
            holder.rollback();
        } finally {
            waiterThread.shutdownNow();
            waiterThread.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static <R> int indexOf(TableView<R> table, java.util.function.Predicate<R> test) {
        for (int i = 0; i < table.getItems().size(); i++) {
            if (test.test(table.getItems().get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static long pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean extensionExists(String db) throws Exception {
        try (Connection c = PgWorkload.server().connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }
}
