package dev.railyard.migrate;

import org.flywaydb.core.api.MigrationState;

/**
 * The state of one Flyway migration as Railyard shows it: a name a DBA reads at a glance, a
 * colour role and a Feather icon (ikonli literal), ready for a table cell. Maps Flyway's
 * {@link MigrationState} and adds {@link #CHANGED}: applied, but its file changed since.
 */
public enum MigrationStatus {
    PENDING("Pending", Tone.NEUTRAL, "fth-clock", false),
    SUCCESS("Applied", Tone.OK, "fth-check-circle", true),
    CHANGED("Applied, file changed", Tone.DANGER, "fth-alert-octagon", true),
    FAILED("Failed", Tone.DANGER, "fth-x-circle", true),
    OUTDATED("Outdated", Tone.WARN, "fth-refresh-cw", true),
    FUTURE("Future", Tone.WARN, "fth-fast-forward", true),
    FUTURE_FAILED("Future, failed", Tone.DANGER, "fth-x-circle", true),
    MISSING("Applied, file missing", Tone.WARN, "fth-file-minus", true),
    MISSING_FAILED("Failed, file missing", Tone.DANGER, "fth-x-circle", true),
    IGNORED("Ignored", Tone.WARN, "fth-slash", false),
    BASELINE("Baseline", Tone.OK, "fth-flag", true),
    BELOW_BASELINE("Below baseline", Tone.NEUTRAL, "fth-corner-left-down", false),
    OUT_OF_ORDER("Applied out of order", Tone.WARN, "fth-shuffle", true),
    ABOVE_TARGET("Above target", Tone.NEUTRAL, "fth-skip-forward", false),
    SUPERSEDED("Superseded", Tone.NEUTRAL, "fth-layers", true),
    UNDONE("Undone", Tone.NEUTRAL, "fth-rotate-ccw", true),
    AVAILABLE("Undo available", Tone.NEUTRAL, "fth-rotate-ccw", false),
    DELETED("Deleted", Tone.NEUTRAL, "fth-trash-2", true);

    private final String displayName;
    private final Tone tone;
    private final String icon;
    private final boolean applied;

    MigrationStatus(String displayName, Tone tone, String icon, boolean applied) {
        this.displayName = displayName;
        this.tone = tone;
        this.icon = icon;
        this.applied = applied;
    }

    public String displayName() {
        return displayName;
    }

    public Tone tone() {
        return tone;
    }

    /** An ikonli Feather literal, e.g. "fth-check-circle". */
    public String icon() {
        return icon;
    }

    /** True when the history table has a row for it. */
    public boolean applied() {
        return applied;
    }

    public boolean failed() {
        return this == FAILED || this == FUTURE_FAILED || this == MISSING_FAILED;
    }

    /** Flyway's state in our words. */
    public static MigrationStatus of(MigrationState state) {
        return switch (state) {
            case PENDING -> PENDING;
            case ABOVE_TARGET -> ABOVE_TARGET;
            case BELOW_BASELINE -> BELOW_BASELINE;
            // The script at the baseline's own version: covered by the baseline, not a problem to warn about.
            case BASELINE_IGNORED -> BELOW_BASELINE;
            case IGNORED -> IGNORED;
            case BASELINE -> BASELINE;
            case MISSING_SUCCESS -> MISSING;
            case MISSING_FAILED -> MISSING_FAILED;
            case SUCCESS -> SUCCESS;
            case UNDONE -> UNDONE;
            case AVAILABLE -> AVAILABLE;
            case FAILED -> FAILED;
            case OUT_OF_ORDER -> OUT_OF_ORDER;
            case FUTURE_SUCCESS -> FUTURE;
            case FUTURE_FAILED -> FUTURE_FAILED;
            case OUTDATED -> OUTDATED;
            case SUPERSEDED -> SUPERSEDED;
            case DELETED -> DELETED;
        };
    }

    @Override
    public String toString() {
        return displayName;
    }
}
