package dev.railyard.migrate.history;

import dev.railyard.migrate.Tone;

/** A migration file compared with the history table. */
public enum FileState {
    APPLIED("Applied", Tone.OK),
    PENDING("Pending", Tone.NEUTRAL),
    CHANGED("Changed since applied", Tone.DANGER),
    FAILED("Failed", Tone.DANGER),
    /** In the folder but the tool will not run it (Drizzle skips files older than its last applied one). */
    SKIPPED("Will not run", Tone.WARN),
    /** In the history table but not in the folder. */
    NOT_IN_FOLDER("Applied, no file", Tone.WARN);

    private final String displayName;
    private final Tone tone;

    FileState(String displayName, Tone tone) {
        this.displayName = displayName;
        this.tone = tone;
    }

    public String displayName() {
        return displayName;
    }

    public Tone tone() {
        return tone;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
