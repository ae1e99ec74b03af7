package dev.railyard.migrate;

import java.util.List;

/**
 * What a migrate run did. A run that failed or was blocked reaches the caller through
 * {@link MigrationFailedException#outcome()}, so a job's state says whether it worked.
 *
 * @param fromVersion  the schema version before; null when empty
 * @param toVersion    the schema version after; null when still empty
 * @param applied      migrations applied in order, including those before a failure
 * @param failure      the failed migration; null when none failed
 * @param blockedBy    validation problems that stopped migrate before it ran anything; null when none
 * @param warnings     Flyway's warnings
 */
public record MigrateOutcome(
        String fromVersion,
        String toVersion,
        List<AppliedMigration> applied,
        MigrationFailure failure,
        ValidateOutcome blockedBy,
        List<String> warnings) {

    public MigrateOutcome {
        applied = List.copyOf(applied);
        warnings = List.copyOf(warnings);
    }

    public boolean succeeded() {
        return failure == null && blockedBy == null;
    }

    /** "Applied 3 migrations: 4 -> 7", "Nothing to migrate: schema is at version 7", "V5 failed: ...". */
    public String summary() {
        if (blockedBy != null) {
            return "Migrate did not start: " + blockedBy.summary();
        }
        String done = applied.isEmpty()
                ? "Nothing to migrate: schema is " + (toVersion == null ? "empty" : "at version " + toVersion)
                : "Applied " + applied.size() + (applied.size() == 1 ? " migration: " : " migrations: ")
                        + (fromVersion == null ? "empty" : fromVersion) + " -> " + toVersion;
        if (failure != null) {
            return (applied.isEmpty() ? "" : done + "; then ") + failure.headline();
        }
        return done;
    }
}
