package dev.railyard.migrate;

/**
 * Migrate stopped: a migration failed, or validation blocked it before anything ran. The
 * outcome carries what was applied before, the failure, and the validation problems.
 */
public class MigrationFailedException extends MigrationException {

    private final transient MigrateOutcome outcome;

    public MigrationFailedException(MigrateOutcome outcome, Throwable cause) {
        super(outcome.summary(), cause);
        this.outcome = outcome;
    }

    public MigrateOutcome outcome() {
        return outcome;
    }
}
