package dev.railyard.ui;

/**
 * A question to ask before an action that changes the server, as the model words it; the view
 * only shows it. On production profiles the user types a word (the pid, the database name)
 * before the action button enables.
 *
 * @param statement     the exact statement that will run, shown in monospace; null when none is worth showing
 * @param typeToConfirm what the user must type; null when a click is enough
 * @param action        the button's label ("Terminate session")
 * @param danger        true when the action loses something (work, statistics): the button is red
 */
public record Confirmation(String title, String header, String body, String statement, String typeToConfirm,
                           String action, boolean danger) {

    /** True when {@code typed} is what this confirmation asks for (always, when it asks for nothing). */
    public boolean accepts(String typed) {
        return typeToConfirm == null || (typed != null && typed.strip().equals(typeToConfirm));
    }
}
