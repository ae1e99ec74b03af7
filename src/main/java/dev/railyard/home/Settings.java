package dev.railyard.home;

/**
 * What the app remembers between runs that is neither a profile nor a secret: the theme,
 * where the window was, whether the task panel was open. Free of any UI toolkit so the
 * CLI and tests can read and write it too.
 *
 * @param theme         light or dark
 * @param window        the main window's last bounds; null before the first close
 * @param taskPanelOpen whether the task panel was showing
 */
public record Settings(Theme theme, WindowBounds window, boolean taskPanelOpen) {

    public enum Theme { LIGHT, DARK }

    /** A window's place on the desktop, in the toolkit's logical pixels. */
    public record WindowBounds(double x, double y, double width, double height, boolean maximized) {
    }

    public Settings {
        theme = theme == null ? Theme.LIGHT : theme;
    }

    public static Settings defaults() {
        return new Settings(Theme.LIGHT, null, false);
    }

    public Settings withTheme(Theme newTheme) {
        return new Settings(newTheme, window, taskPanelOpen);
    }

    public Settings withWindow(WindowBounds bounds) {
        return new Settings(theme, bounds, taskPanelOpen);
    }

    public Settings withTaskPanelOpen(boolean open) {
        return new Settings(theme, window, open);
    }
}
