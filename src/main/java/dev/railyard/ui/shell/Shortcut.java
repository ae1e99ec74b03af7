package dev.railyard.ui.shell;

import javafx.scene.input.KeyCombination;

/** The window's keyboard shortcuts, one place for the menus and the Help list. */
public enum Shortcut {
    ADD_CONNECTION("Add a connection", "Shortcut+N"),
    REFRESH("Refresh the current view", "Shortcut+R"),
    BACK_UP_NOW("Back up the selected connection now", "Shortcut+B"),
    TOGGLE_TASKS("Show or hide the task panel", "Shortcut+J"),
    TOGGLE_THEME("Switch light / dark theme", "Shortcut+Shift+T"),
    ABOUT("About Railyard", "F1"),
    QUIT("Quit", "Shortcut+Q");

    private final String action;
    private final KeyCombination keys;

    Shortcut(String action, String keys) {
        this.action = action;
        this.keys = KeyCombination.keyCombination(keys);
    }

    public String action() {
        return action;
    }

    public KeyCombination keys() {
        return keys;
    }
}
