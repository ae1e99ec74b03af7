package dev.railyard.migrate.check;

import java.time.Duration;

/**
 * Where the check draws its lines.
 *
 * @param largeRows        a table with at least this many rows (estimate) is large
 * @param largeBytes       or at least this size with indexes
 * @param longTransaction  a transaction open longer than this is long
 * @param keyRisky         share of an integer key's range used that makes it risky
 * @param keyDangerous     and dangerous
 */
public record CheckSettings(long largeRows, long largeBytes, Duration longTransaction, double keyRisky, double keyDangerous) {

    public static CheckSettings defaults() {
        return new CheckSettings(100_000, 64L * 1024 * 1024, Duration.ofMinutes(1), 0.5, 0.8);
    }

    public CheckSettings withLongTransaction(Duration value) {
        return new CheckSettings(largeRows, largeBytes, value, keyRisky, keyDangerous);
    }
}
