package dev.railyard.guard;

/**
 * A destructive action on a production target was asked for without the database name typed
 * back (or with another one). Nothing has run.
 */
public final class ConfirmationRequiredException extends IllegalStateException {

    private final transient Protection protection;
    private final GuardedAction action;

    ConfirmationRequiredException(String message, Protection protection, GuardedAction action) {
        super(message);
        this.protection = protection;
        this.action = action;
    }

    public Protection protection() {
        return protection;
    }

    public GuardedAction action() {
        return action;
    }

    /** The word the user must type: the database name. */
    public String confirmationWord() {
        return protection.confirmationWord();
    }
}
