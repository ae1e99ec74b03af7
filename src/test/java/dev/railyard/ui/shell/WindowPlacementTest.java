package dev.railyard.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.railyard.home.Settings.WindowBounds;
import java.util.List;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

class WindowPlacementTest {

    private static final Rectangle2D LAPTOP = new Rectangle2D(0, 0, 1440, 900);
    private static final Rectangle2D MONITOR = new Rectangle2D(1440, 0, 2560, 1440);

    @Test
    void firstRunCentresTheDefaultSizeOnThePrimaryScreen() {
        Rectangle2D place = WindowPlacement.place(null, List.of(LAPTOP));
        assertEquals(new Rectangle2D(80, 50, 1280, 800), place);
    }

    @Test
    void boundsThatFitComeBackAsSaved() {
        Rectangle2D place = WindowPlacement.place(new WindowBounds(1600, 100, 1800, 1000, false), List.of(LAPTOP, MONITOR));
        assertEquals(new Rectangle2D(1600, 100, 1800, 1000), place);
    }

    @Test
    void windowFromADisconnectedMonitorMovesToThePrimaryScreen() {
        Rectangle2D place = WindowPlacement.place(new WindowBounds(1600, 100, 1000, 700, false), List.of(LAPTOP));
        assertEquals(new Rectangle2D(220, 100, 1000, 700), place);
    }

    @Test
    void windowLargerThanItsScreenShrinksOntoIt() {
        Rectangle2D place = WindowPlacement.place(new WindowBounds(-50, -30, 2400, 1300, false), List.of(LAPTOP));
        assertEquals(new Rectangle2D(0, 0, 1440, 900), place);
    }

    @Test
    void windowHangingOffAnEdgeIsPulledBackOnScreen() {
        Rectangle2D place = WindowPlacement.place(new WindowBounds(1000, 500, 800, 600, false), List.of(LAPTOP));
        assertEquals(new Rectangle2D(640, 300, 800, 600), place);
    }
}
