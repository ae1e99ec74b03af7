package dev.railyard.ui.shell;

import javafx.scene.input.KeyCombination;

/** The window's keyboard shortcuts, one place for the menus and the Help list. */
public enum Shortcut {
    ADD_CONNECTION("Add a connection", "Shortcut+N"),
    REFRESH("Refresh the current view", "Shortcut+R"),
    BACK_UP_NOW("Back up the selected connection now", "Shortcut+B"),
    TOGGLE_TASKS("Show or hide the task panel", "Shortcut+J"),
    TOGGLE_THEME("Switch light / dark theme", "Shortcut+Shift+T"),
    SHOW_TAB("Show a tab: 1 Overview, 2 Tables … 7 Backups, 8 SQL", "Shortcut+1", "Ctrl+1 … 8"),
    NEXT_TAB("Next tab, from anywhere (with Shift: the previous one)", "Ctrl+Tab", "Ctrl+Tab"),
    FILTER("Filter the current tab's rows", "Shortcut+F"),
    ABOUT("About Railyard", "F1"),
    QUIT("Quit", "Shortcut+Q");

    private final String action;
    private final KeyCombination keys;

    private final String shown;

    Shortcut(String action, String keys) {
        this(action, keys, null);
    }

    Shortcut(String action, String keys, String shown) {
        this.action = action;
        this.keys = KeyCombination.keyCombination(keys);
        this.shown = shown;
    }

    /** The keys as the Help lists them ("Ctrl+1 … 8" for the tabs). */
    public String display() {
        return shown != null ? shown : keys.getDisplayText();
    }

    public String action() {
        return action;
    }

    public KeyCombination keys() {
        return keys;
    }
}
