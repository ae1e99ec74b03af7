package dev.railyard.ui.shell;

import dev.railyard.home.Settings.WindowBounds;
import java.util.List;
import javafx.geometry.Rectangle2D;

/**
 * Where the main window opens. Saved bounds come back as they were when they still fit a
 * screen; a window saved on a monitor that is gone, or larger than the screen it lands on,
 * is moved and shrunk onto the screen it overlaps most (or the primary one).
 */
public final class WindowPlacement {

    public static final double DEFAULT_WIDTH = 1280;
    public static final double DEFAULT_HEIGHT = 800;
    static final double MIN_WIDTH = 720;
    static final double MIN_HEIGHT = 480;

    private WindowPlacement() {
    }

    /**
     * @param saved   the bounds remembered at the last close, or null
     * @param screens the visual bounds of the screens, primary first (never empty)
     */
    public static Rectangle2D place(WindowBounds saved, List<Rectangle2D> screens) {
        Rectangle2D primary = screens.get(0);
        if (saved == null || !(saved.width() > 0) || !(saved.height() > 0)) {
            return centred(primary, DEFAULT_WIDTH, DEFAULT_HEIGHT);
        }
        Rectangle2D wanted = new Rectangle2D(saved.x(), saved.y(), saved.width(), saved.height());
        Rectangle2D screen = null;
        double bestOverlap = 0;
        for (Rectangle2D candidate : screens) {
            double overlap = overlap(wanted, candidate);
            if (overlap > bestOverlap) {
                bestOverlap = overlap;
                screen = candidate;
            }
        }
        if (screen == null) {
            return centred(primary, saved.width(), saved.height());
        }
        double width = fit(saved.width(), MIN_WIDTH, screen.getWidth());
        double height = fit(saved.height(), MIN_HEIGHT, screen.getHeight());
        double x = Math.min(Math.max(saved.x(), screen.getMinX()), screen.getMaxX() - width);
        double y = Math.min(Math.max(saved.y(), screen.getMinY()), screen.getMaxY() - height);
        return new Rectangle2D(x, y, width, height);
    }

    private static Rectangle2D centred(Rectangle2D screen, double width, double height) {
        double w = fit(width, MIN_WIDTH, screen.getWidth());
        double h = fit(height, MIN_HEIGHT, screen.getHeight());
        return new Rectangle2D(screen.getMinX() + (screen.getWidth() - w) / 2,
                screen.getMinY() + (screen.getHeight() - h) / 2, w, h);
    }

    /** At least {@code min} unless the screen is smaller, never more than the screen. */
    private static double fit(double value, double min, double screen) {
        return Math.min(Math.max(value, Math.min(min, screen)), screen);
    }

    private static double overlap(Rectangle2D a, Rectangle2D b) {
        double w = Math.min(a.getMaxX(), b.getMaxX()) - Math.max(a.getMinX(), b.getMinX());
        double h = Math.min(a.getMaxY(), b.getMaxY()) - Math.max(a.getMinY(), b.getMinY());
        return w > 0 && h > 0 ? w * h : 0;
    }
}
