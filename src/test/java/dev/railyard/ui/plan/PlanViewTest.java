package dev.railyard.ui.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.railyard.console.ExplainResult;
import dev.railyard.console.PlanNode;
import dev.railyard.console.PlanParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeTableRow;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kordamp.ikonli.javafx.FontIcon;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The plan viewer with plans real servers wrote (the EXPLAIN fixtures), headless. */
@ExtendWith(ApplicationExtension.class)
class PlanViewTest {

    private PlanView view;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        view = new PlanView();
        stage.setScene(new Scene(view, 1200, 600));
        stage.show();
    }

    private static ExplainResult fixture(String path, boolean analyzed) throws Exception {
        String raw = Files.readString(Path.of(PlanViewTest.class.getResource("/fixtures/explain/" + path).toURI()));
        return path.startsWith("pg") ? PlanParser.postgresResult(raw, analyzed, false) : PlanParser.mysqlJsonResult(raw, analyzed);
    }

    private List<TreeTableRow<?>> rows(FxRobot robot) {
        return robot.lookup(".plan-tree .tree-table-row-cell").queryAll().stream()
                .<TreeTableRow<?>>map(n -> (TreeTableRow<?>) n).filter(r -> r.getItem() != null).toList();
    }

    @Test
    void theMostExpensiveNodeOfARealPlanIsHighlightedWithItsIcon(FxRobot robot) throws Exception {
        ExplainResult plan = fixture("pg17/sort-analyze.json", true);
        robot.interact(() -> view.show(plan));
        WaitForAsyncUtils.waitForFxEvents();

        List<TreeTableRow<?>> rows = rows(robot);
        assertEquals(2, rows.size(), "Sort over Seq Scan");
        List<TreeTableRow<?>> hot = rows.stream().filter(r -> r.getStyleClass().contains(PlanView.MOST_EXPENSIVE)).toList();
        assertEquals(1, hot.size());
        PlanNode marked = (PlanNode) hot.get(0).getItem();
        assertTrue(marked.mostExpensive());
        assertEquals("Sort", marked.operation(), "the sort that spills to disk takes the time, not the scan");
        assertFalse(hot.get(0).lookupAll(".plan-hot-icon").isEmpty(), "the icon marks it too, not colour alone");
        FontIcon icon = (FontIcon) hot.get(0).lookup(".plan-hot-icon");
        assertFalse(icon.getIconColor().equals(Color.BLACK), "the icon takes the theme's danger colour");

        // Nothing selected yet: the details below are the expensive node's.
        String details = robot.lookup("#plan-node-details").queryAs(TextArea.class).getText();
        assertTrue(details.contains("Sort Key: note DESC") && details.contains("temp written"), details);
        assertTrue(robot.lookup("#plan-summary").queryLabeled().getText().contains("execution"));
    }

    @Test
    void columnsShowTheServersFiguresAndTextAndRawAreOneClickAway(FxRobot robot) throws Exception {
        ExplainResult plan = fixture("pg17/hash-join-analyze.json", true);
        robot.interact(() -> view.show(plan));
        WaitForAsyncUtils.waitForFxEvents();
        Set<String> headers = robot.lookup(".plan-tree .column-header .label").queryAll().stream()
                .map(n -> ((javafx.scene.control.Label) n).getText()).collect(Collectors.toSet());
        assertTrue(headers.containsAll(Set.of("Operation", "Relation", "Est. rows", "Actual rows", "Time ms", "Loops", "Buffers")),
                headers.toString());
        assertTrue(robot.lookup(".plan-tree .tree-table-cell").queryAll().stream()
                .anyMatch(n -> "orders o".equals(((javafx.scene.control.Labeled) n).getText())), "the relation with its alias");

        robot.clickOn("#plan-show-text");
        TextArea text = robot.lookup("#plan-text").queryAs(TextArea.class);
        assertTrue(text.isVisible());
        assertTrue(text.getText().contains("Hash Join") && text.getText().contains("Hash Cond: (o.customer = c.id)"),
                text.getText());
        assertEquals(text.getText(), view.copyText());

        robot.clickOn("#plan-show-raw");
        TextArea raw = robot.lookup("#plan-raw").queryAs(TextArea.class);
        assertTrue(raw.isVisible());
        assertEquals(plan.raw(), raw.getText());
        assertEquals(plan.raw(), view.copyText(), "Copy copies what shows");
        robot.clickOn("#plan-copy");
        String[] copied = new String[1];
        robot.interact(() -> copied[0] = javafx.scene.input.Clipboard.getSystemClipboard().getString());
        assertEquals(plan.raw(), copied[0]);
    }

    @Test
    void aMisestimateIsFlaggedAndTheHighlightReadsInTheDarkTheme(FxRobot robot) throws Exception {
        robot.interact(() -> Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet()));
        // MySQL planned 5,764 rows for the nested loop's result and got 15,000 there; the CTE query is
        // further off. Pick the first fixture with a 10x misestimate so the test follows the servers.
        ExplainResult plan = null;
        for (String candidate : List.of("pg17/cte-analyze.json", "pg17/nested-loop-analyze.json", "mysql9/cte-analyze.json",
                "mysql9/hash-join-analyze.json", "pg17/parallel-analyze.json")) {
            ExplainResult p = fixture(candidate, true);
            if (flatten(p.root()).stream().anyMatch(PlanNode::misestimated)) {
                plan = p;
                break;
            }
        }
        assertNotNull(plan, "one of the fixtures has a node 10x off its estimate");
        ExplainResult shown = plan;
        robot.interact(() -> view.show(shown));
        WaitForAsyncUtils.waitForFxEvents();
        List<TreeTableRow<?>> flagged = rows(robot).stream()
                .filter(r -> r.getStyleClass().contains(PlanView.MISESTIMATED)).toList();
        assertFalse(flagged.isEmpty());
        Node warning = flagged.get(0).lookup(".plan-misestimate-icon");
        assertNotNull(warning, "a warning icon in the actual rows cell");
        TreeTableRow<?> hot = rows(robot).stream().filter(r -> r.getStyleClass().contains(PlanView.MOST_EXPENSIVE))
                .findFirst().orElseThrow();
        javafx.scene.paint.Paint fill = ((javafx.scene.control.Labeled) hot.lookup(".tree-table-cell")).getTextFill();
        assertTrue(fill instanceof Color c && c.getBrightness() > 0.6, "light text on the dark theme: " + fill);
        robot.interact(() -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet()));
    }

    private static List<PlanNode> flatten(PlanNode root) {
        List<PlanNode> all = new java.util.ArrayList<>();
        all.add(root);
        root.children().forEach(c -> all.addAll(flatten(c)));
        return all;
    }
}
