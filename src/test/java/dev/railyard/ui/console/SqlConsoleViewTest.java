package dev.railyard.ui.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerLight;
import dev.railyard.console.ConsoleHistory;
import dev.railyard.console.ConsoleSession;
import dev.railyard.console.ConsoleSettings;
import dev.railyard.db.Dialect;
import dev.railyard.guard.ProductionGuard;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.task.JobRunner;
import dev.railyard.ui.FxThread;
import dev.railyard.ui.Stylesheets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The SQL console as a user drives it: keys in the editor, the marked error, the read-only refusal, Esc. */
@ExtendWith(ApplicationExtension.class)
@Timeout(180)
class SqlConsoleViewTest {

    private Stage stage;
    private final JobRunner runner = new JobRunner(3, 32, null, Clock.systemUTC());
    private Path home;
    private SqlConsoleView view;
    private String database;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        home = Files.createTempDirectory("sql-console-view");
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        database = pg.createDatabase("sqlview");
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, note text)");
            s.execute("INSERT INTO orders SELECT g, 'n' || g FROM generate_series(1, 50) g");
        }
        stage.setScene(new Scene(new Label("starting"), 1024, 640));
        stage.show();
    }

    private void open(FxRobot robot, EnvironmentTag tag) {
        ConnectionProfile profile = ConnectionProfile.of("view-" + database, Dialect.POSTGRESQL, "127.0.0.1",
                EmbeddedPostgres.shared().port(), database, "postgres").withEnvironment(tag);
        ProductionGuard guard = new ProductionGuard(List::of);
        robot.interact(() -> {
            SqlConsoleModel model = new SqlConsoleModel(profile, guard,
                    (p, write) -> ConsoleSession.open(guard, p, null, write, ConsoleSettings.defaults()), runner, runner,
                    FxThread.executor(), Runnable::run, new ConsoleHistory(home.resolve("history.jsonl")),
                    home.resolve("results"), Clock.systemUTC());
            view = new SqlConsoleView(model);
            view.getStylesheets().add(Stylesheets.of("sql-console.css"));
            stage.getScene().setRoot(view);
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (view != null) {
            WaitForAsyncUtils.asyncFx(() -> view.model().dispose()).get();
        }
        runner.shutdown(Duration.ofSeconds(5));
    }

    private void type(FxRobot robot, String text, int caret) {
        CodeArea editor = robot.lookup("#sql-editor").queryAs(CodeArea.class);
        robot.interact(() -> {
            editor.replaceText(text);
            editor.moveTo(caret);
            editor.requestFocus();
        });
    }

    private void idle() throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.model().runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<Tab> resultTabs(FxRobot robot) {
        return robot.lookup("#sql-results").queryAs(TabPane.class).getTabs().stream()
                .filter(t -> t.getId() != null && t.getId().startsWith("sql-result-")).toList();
    }

    @Test
    void ctrlEnterRunsTheStatementUnderTheCaretOnly(FxRobot robot) throws Exception {
        open(robot, EnvironmentTag.DEVELOPMENT);
        String text = "SELECT 1 AS first_one;\nSELECT id, note AS second_one FROM orders ORDER BY id;\n";
        type(robot, text, text.indexOf("second_one"));
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        idle();
        List<Tab> tabs = resultTabs(robot);
        assertEquals(1, tabs.size(), "only the statement under the caret ran");
        TableView<?> table = (TableView<?>) tabs.get(0).getContent().lookup("#sql-result-table");
        assertEquals(List.of("id", "second_one"), table.getColumns().stream().map(c -> c.getText()).toList());
        assertEquals(50, table.getItems().size());
        assertTrue(robot.lookup("#sql-result-summary").queryAs(Label.class).getText().startsWith("50 rows · "));

        CodeArea editor = robot.lookup("#sql-editor").queryAs(CodeArea.class);
        assertTrue(editor.getStyleAtPosition(text.indexOf("FROM") + 1).contains("sql-keyword"), "keywords are coloured");

        // Two cells of two rows, Ctrl+C: tab-separated lines.
        @SuppressWarnings("unchecked")
        TableView<Object[]> grid = (TableView<Object[]>) table;
        robot.interact(() -> {
            grid.requestFocus();
            grid.getSelectionModel().clearSelection();
            grid.getSelectionModel().selectRange(0, grid.getColumns().get(0), 1, grid.getColumns().get(1));
        });
        robot.press(KeyCode.CONTROL, KeyCode.C).release(KeyCode.C, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        String[] copied = {null};
        robot.interact(() -> copied[0] = javafx.scene.input.Clipboard.getSystemClipboard().getString());
        assertEquals("1\tn1\n2\tn2\n", copied[0]);
    }

    /** Explain in the SQL tab opens the plan viewer, the most expensive step marked. */
    @Test
    void explainShowsThePlanTreeWithTheExpensiveNodeMarked(FxRobot robot) throws Exception {
        open(robot, EnvironmentTag.DEVELOPMENT);
        String text = "SELECT o.id FROM orders o JOIN orders p ON p.id = o.id + 1 ORDER BY o.note;";
        type(robot, text, 3);
        robot.interact(() -> robot.lookup("#sql-explain").queryAs(javafx.scene.control.MenuButton.class).getItems().stream()
                .filter(item -> "sql-explain-plan".equals(item.getId())).findFirst().orElseThrow().fire());
        idle();
        List<Tab> tabs = resultTabs(robot);
        assertEquals(1, tabs.size());
        assertTrue(tabs.get(0).getContent() instanceof dev.railyard.ui.plan.PlanView, "the plan viewer, not raw text");
        dev.railyard.ui.plan.PlanView view = (dev.railyard.ui.plan.PlanView) tabs.get(0).getContent();
        assertTrue(view.plan().root().operation().contains("Sort"), view.plan().root().toString());
        robot.interact(() -> assertTrue(!view.lookupAll("." + dev.railyard.ui.plan.PlanView.MOST_EXPENSIVE).isEmpty(),
                "the most expensive step is marked"));
    }

    @Test
    void theErrorPositionIsMarkedInTheEditor(FxRobot robot) throws Exception {
        open(robot, EnvironmentTag.DEVELOPMENT);
        String text = "SELECT 1;\nSELECT id,\n  no_such_column\nFROM orders;\n";
        type(robot, text, 0);
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.SHIFT, KeyCode.CONTROL);
        idle();
        CodeArea editor = robot.lookup("#sql-editor").queryAs(CodeArea.class);
        int at = text.indexOf("no_such_column");
        assertEquals(at, editor.getCaretPosition(), "the caret moved to the failing place");
        assertTrue(editor.getStyleAtPosition(at + 1).contains(SqlConsoleView.ERROR), "the failing name is marked");
        assertTrue(!editor.getStyleAtPosition(text.indexOf("orders") + 1).contains(SqlConsoleView.ERROR), "only it");
        Label message = robot.lookup("#sql-error-message").queryAs(Label.class);
        assertTrue(message.isVisible() && message.getText().contains("no_such_column"), message.getText());
    }

    @Test
    void aWriteOnProductionFailsWithTheServersReadOnlyErrorAndAHint(FxRobot robot) throws Exception {
        open(robot, EnvironmentTag.PRODUCTION);
        assertTrue(robot.lookup("#sql-mode").queryAs(Label.class).getText().startsWith("Read-only (production)"));
        type(robot, "DELETE FROM orders WHERE id = 1", 3);
        robot.clickOn("#sql-run");
        idle();
        Label message = robot.lookup("#sql-error-message").queryAs(Label.class);
        assertTrue(message.getText().contains("read-only transaction"), message.getText());
        Label hint = robot.lookup("#sql-error-hint").queryAs(Label.class);
        assertTrue(hint.isVisible() && hint.getText().contains(database), hint.getText());
        try (Connection c = EmbeddedPostgres.shared().connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM orders WHERE id = 1")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "nothing deleted");
        }
    }

    @Test
    void escapeCancelsTheRunningStatementOnTheServer(FxRobot robot) throws Exception {
        open(robot, EnvironmentTag.DEVELOPMENT);
        type(robot, "SELECT pg_sleep(60)", 0);
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        String active = "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)' AND state = 'active'";
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> count(active) > 0);
        long pressed = System.nanoTime();
        robot.push(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitFor(2, TimeUnit.SECONDS, () -> !view.model().runningProperty().get());
        assertTrue(System.nanoTime() - pressed < TimeUnit.SECONDS.toNanos(2));
        assertEquals(0, count(active), "the server stopped the statement");
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(robot.lookup("#sql-status").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#sql-status").queryAs(Label.class).getText().startsWith("Cancelled"));
    }

    private long count(String sql) {
        try (Connection c = EmbeddedPostgres.shared().connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
