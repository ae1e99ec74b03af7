package dev.railyard.cli;

import dev.railyard.guard.Clearance;
import dev.railyard.migrate.MigrationTimeouts;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --lock-timeout} and {@code --statement-timeout} of the commands that migrate. */
public final class MigrationTimeoutOptions {

    @Option(names = "--lock-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up a statement that waits longer for a lock (500ms, 5s, off). Default: 5s against"
                    + " a production profile, off elsewhere.")
    Duration lockTimeout;

    @Option(names = "--statement-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Cancel a migration statement that runs longer (PostgreSQL, MariaDB). Default: off.")
    Duration statementTimeout;

    /** The timeouts for the migration the guard cleared (the production default is the core's). */
    public MigrationTimeouts timeouts(Clearance clearance) {
        return MigrationTimeouts.forMigration(clearance, lockTimeout, statementTimeout);
    }
}
