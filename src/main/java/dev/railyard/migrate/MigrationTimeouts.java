package dev.railyard.migrate;

import dev.railyard.guard.Clearance;
import java.time.Duration;
import java.util.Objects;

/**
 * The lock timeout and statement timeout of a migration session: a migration queued behind a
 * long transaction fails after {@code lockTimeout} instead of making every reader of the table
 * queue behind it. {@link Duration#ZERO} means no limit.
 */
public record MigrationTimeouts(Duration lockTimeout, Duration statementTimeout) {

    /** Against production, unless the user says otherwise. */
    public static final Duration PRODUCTION_LOCK_TIMEOUT = Duration.ofSeconds(5);

    public MigrationTimeouts {
        lockTimeout = nonNegative(lockTimeout, "lock timeout");
        statementTimeout = nonNegative(statementTimeout, "statement timeout");
    }

    public static MigrationTimeouts none() {
        return new MigrationTimeouts(Duration.ZERO, Duration.ZERO);
    }

    /**
     * The timeouts for a migration the guard cleared: what the user chose, and where they chose
     * nothing (null), a {@link #PRODUCTION_LOCK_TIMEOUT} lock timeout against a production database
     * and none elsewhere; no statement timeout unless chosen.
     */
    public static MigrationTimeouts forMigration(Clearance clearance, Duration lockTimeout, Duration statementTimeout) {
        Objects.requireNonNull(clearance, "clearance");
        Duration lock = lockTimeout != null ? lockTimeout : clearance.confirmed() ? PRODUCTION_LOCK_TIMEOUT : Duration.ZERO;
        return new MigrationTimeouts(lock, statementTimeout == null ? Duration.ZERO : statementTimeout);
    }

    public boolean any() {
        return !lockTimeout.isZero() || !statementTimeout.isZero();
    }

    /** "lock timeout 5s, no statement timeout". */
    public String describe() {
        return (lockTimeout.isZero() ? "no lock timeout" : "lock timeout " + words(lockTimeout)) + ", "
                + (statementTimeout.isZero() ? "no statement timeout" : "statement timeout " + words(statementTimeout));
    }

    private static String words(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static Duration nonNegative(Duration d, String what) {
        if (d == null) {
            return Duration.ZERO;
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("A " + what + " cannot be negative");
        }
        return d;
    }
}
