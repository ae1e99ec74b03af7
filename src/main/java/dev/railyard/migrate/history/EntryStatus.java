package dev.railyard.migrate.history;

import dev.railyard.migrate.Tone;

/** Whether a history entry's migration worked, where the tool records it. */
public enum EntryStatus {
    SUCCEEDED("Succeeded", Tone.OK, "fth-check-circle"),
    FAILED("Failed", Tone.DANGER, "fth-x-circle"),
    ROLLED_BACK("Rolled back", Tone.WARN, "fth-rotate-ccw"),
    PENDING("Pending", Tone.NEUTRAL, "fth-clock"),
    /** The tool does not record the outcome, or the value is one Railyard does not know. */
    UNKNOWN("Unknown", Tone.NEUTRAL, "fth-help-circle");

    private final String displayName;
    private final Tone tone;
    private final String icon;

    EntryStatus(String displayName, Tone tone, String icon) {
        this.displayName = displayName;
        this.tone = tone;
        this.icon = icon;
    }

    public String displayName() {
        return displayName;
    }

    public Tone tone() {
        return tone;
    }

    /** An ikonli Feather literal. */
    public String icon() {
        return icon;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
