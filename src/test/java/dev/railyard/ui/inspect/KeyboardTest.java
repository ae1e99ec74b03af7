package dev.railyard.ui.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.ui.shell.Feature;
import javafx.scene.Node;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Ctrl+1…8, Ctrl+F and Ctrl+Tab work wherever the focus is, and the focused control shows it (#17 "Keyboard"). */
@ExtendWith(ApplicationExtension.class)
class KeyboardTest {

    private InspectWindow app;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        app = new InspectWindow(stage, 1024, 640);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    private int selected(FxRobot robot) {
        return robot.lookup("#feature-tabs").queryAs(TabPane.class).getSelectionModel().getSelectedIndex();
    }

    private Node focused() {
        return stage.getScene().getFocusOwner();
    }

    @Test
    void tabsFilterAndNextTabFromAnywhereWithAVisibleFocusRing(FxRobot robot) throws Exception {
        // A listed profile (never selected, so nothing connects): the tabs show instead of the first-run screen.
        app.save("shop", 1, "shop", dev.railyard.profile.EnvironmentTag.DEVELOPMENT);
        robot.clickOn("#sidebar");
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT3);
        assertEquals(Feature.INDEXES.ordinal(), selected(robot), "Ctrl+3");
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT7);
        assertEquals(Feature.BACKUPS.ordinal(), selected(robot), "Ctrl+7");
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT8);
        assertEquals(Feature.SQL.ordinal(), selected(robot), "Ctrl+8");
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT1);
        assertEquals(Feature.OVERVIEW.ordinal(), selected(robot), "Ctrl+1");

        robot.push(KeyCode.CONTROL, KeyCode.F);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("overview-filter", focused().getId(), "Ctrl+F goes to the tab's filter");
        assertTrue(hasRing(focused()), "the focused field shows a focus ring");

        // From inside a text field, which would otherwise keep Ctrl+Tab for itself.
        robot.push(KeyCode.CONTROL, KeyCode.TAB);
        assertEquals(Feature.TABLES.ordinal(), selected(robot), "Ctrl+Tab from the filter");
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.TAB);
        assertEquals(Feature.OVERVIEW.ordinal(), selected(robot), "Ctrl+Shift+Tab");
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.TAB);
        assertEquals(Feature.SQL.ordinal(), selected(robot), "wraps round");

        robot.push(KeyCode.CONTROL, KeyCode.DIGIT2);
        robot.push(KeyCode.CONTROL, KeyCode.F);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("tables-filter", focused().getId());
    }

    /**
     * A focused tab pane (its tab was clicked) rings its selected tab, and draws nothing over the tab's
     * content: the ring was once a drop shadow on the whole tab pane, which made every label in the tab
     * look bold and blue.
     */
    @Test
    void aFocusedTabPaneRingsItsTabAndLeavesTheContentAlone(FxRobot robot) throws Exception {
        app.save("shop", 1, "shop", dev.railyard.profile.EnvironmentTag.DEVELOPMENT);
        robot.clickOn("#sidebar");
        javafx.scene.control.TabPane tabs = robot.lookup(".tab-pane").queryAs(javafx.scene.control.TabPane.class);
        robot.interact(tabs::requestFocus);
        robot.push(KeyCode.RIGHT);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(tabs.isFocused(), "the tab pane has the focus");
        for (Node n = tabs; n != null; n = n.getParent()) {
            assertNull(n.getEffect(), "no effect over the tab's content: " + n);
        }
        // A lookup does not look at pseudo-classes: the selected tab's header is the one in state "selected".
        Node selectedTab = robot.lookup(".tab-pane > .tab-header-area .tab").queryAll().stream()
                .filter(n -> n.getPseudoClassStates().contains(javafx.css.PseudoClass.getPseudoClass("selected")))
                .findFirst().orElseThrow();
        // The ring sits on the region JavaFX keeps inside each tab for it: the tab's own edges are clipped.
        Node ring = selectedTab.lookup(".focus-indicator");
        assertTrue(hasRing(ring), "the selected tab shows the focus ring: " + selectedTab);
        for (Node n : tabs.getSelectionModel().getSelectedItem().getContent().lookupAll("*")) {
            assertNull(n.getEffect(), "nothing in the tab draws a focus effect while the tab pane has the focus: " + n);
        }
    }

    private static boolean hasRing(Node node) {
        return node instanceof javafx.scene.layout.Region region && region.getBorder() != null
                && !region.getBorder().getStrokes().isEmpty()
                && region.getBorder().getStrokes().get(0).getTopStroke() instanceof javafx.scene.paint.Color color
                && color.getOpacity() > 0 && region.getBorder().getStrokes().get(0).getWidths().getTop() >= 2;
    }
}
