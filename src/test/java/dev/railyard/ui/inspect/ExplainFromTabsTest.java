package dev.railyard.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.console.ExplainResult;
import dev.railyard.inspect.PgWorkload;
import dev.railyard.inspect.QueryStatsRow;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.ui.plan.PlanView;
import dev.railyard.ui.plan.PlanWindow;
import dev.railyard.ui.shell.Feature;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Explain from a row of the Queries and the Activity tab, headless: the real window on the workload database (PG 17). */
@ExtendWith(ApplicationExtension.class)
class ExplainFromTabsTest {

    private InspectWindow app;

    @Start
    void start(Stage stage) {
        app = new InspectWindow(stage, 1400, 900);
    }

    @AfterEach
    void stop() throws Exception {
        for (Window w : Window.getWindows().stream().filter(w -> w instanceof Stage s && s.getScene() != null
                && s.getScene().getRoot() instanceof PlanWindow).toList()) {
            javafx.application.Platform.runLater(((Stage) w)::close);
        }
        WaitForAsyncUtils.waitForFxEvents();
        app.close();
    }

    /** Waits for the plan window's plan (or its failure) and returns the window. */
    private static PlanWindow planWindow(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#plan-window").tryQuery().isPresent()
                && robot.lookup("#plan-window").queryAs(PlanWindow.class).planView().plan() != null
                || robot.lookup("#plan-status").tryQuery().map(n -> ((javafx.scene.control.Label) n).getText())
                .orElse("").startsWith("Could not"));
        WaitForAsyncUtils.waitForFxEvents();
        PlanWindow window = robot.lookup("#plan-window").queryAs(PlanWindow.class);
        assertTrue(window.planView().plan() != null, robot.lookup("#plan-status").queryLabeled().getText());
        return window;
    }

    @Test
    void explainOfAnActivitySessionOpensThePlanOfItsStatement(FxRobot robot) throws Exception {
        try (java.sql.Connection other = PgWorkload.server().connect(PgWorkload.database());
             java.sql.Statement s = other.createStatement()) {
            s.execute("SELECT count(*) FROM pg_class WHERE relkind = 'r'");
            int pid;
            try (java.sql.ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            app.save("workload", PgWorkload.server().port(), PgWorkload.database(), EnvironmentTag.DEVELOPMENT);
            app.open(robot, "workload", Feature.ACTIVITY);
            app.awaitRead(Feature.ACTIVITY);
            TableView<dev.railyard.inspect.SessionRow> table = robot.lookup("#activity-table").queryTableView();
            int row = -1;
            for (int i = 0; i < table.getItems().size(); i++) {
                if (table.getItems().get(i).id() == pid) {
                    row = i;
                }
            }
            assertTrue(row >= 0, "the other session is listed");
            int chosen = row;
            robot.interact(() -> table.getSelectionModel().clearAndSelect(chosen));
            Button explain = robot.lookup("#activity-explain").queryButton();
            assertFalse(explain.isDisabled());
            robot.clickOn(explain);
            PlanWindow window = planWindow(robot);
            assertEquals("SELECT pg_backend_pid()", window.model().statement(), "the session's last statement, as is");
            assertFalse(window.planView().plan().generic());
        }
    }

    @Test
    void explainOfAQueriesRowOpensItsGenericPlanInAWindow(FxRobot robot) throws Exception {
        app.save("workload", PgWorkload.server().port(), PgWorkload.database(), EnvironmentTag.DEVELOPMENT);
        app.open(robot, "workload", Feature.QUERIES);
        app.awaitRead(Feature.QUERIES);

        TableView<QueryStatsRow> table = robot.lookup("#queries-table").queryTableView();
        int row = -1;
        for (int i = 0; i < table.getItems().size() && row < 0; i++) {
            String query = table.getItems().get(i).query();
            if (query.startsWith("SELECT") && query.contains("$1")) {
                row = i;
            }
        }
        assertTrue(row >= 0, "the workload has a SELECT with parameters");
        int chosen = row;
        Button explain = robot.lookup("#queries-explain").queryButton();
        robot.interact(() -> table.getSelectionModel().clearSelection());
        assertTrue(explain.isDisabled(), "nothing selected, nothing to explain");
        robot.interact(() -> table.getSelectionModel().clearAndSelect(chosen));
        assertFalse(explain.isDisabled());
        String statement = table.getItems().get(chosen).query();

        robot.clickOn(explain);
        PlanWindow window = planWindow(robot);
        ExplainResult plan = window.planView().plan();
        assertTrue(plan.generic(), "PostgreSQL 17 plans the normalised text without values");
        assertEquals(statement.strip(), robot.lookup("#plan-statement").queryAs(TextArea.class).getText());
        assertTrue(((Stage) window.getScene().getWindow()).getTitle().contains("workload"));
        assertEquals(1, robot.lookup(".plan-tree .tree-table-row-cell." + PlanView.MOST_EXPENSIVE).queryAll().size(),
                "the expensive node is highlighted");
    }
}
