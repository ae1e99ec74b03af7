package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.railyard.db.Dialect;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OverviewTrackerTest {

    private static OverviewSnapshot reading(Instant at, long transactions, Long statements) {
        return new OverviewSnapshot(Dialect.MYSQL, "8.4.0", false, at, null, "shop", 0L, 1, 1, 100, 0, null, null,
                transactions, statements, null, null, new OverviewSnapshot.Replication(false, 0, null, List.of(), false),
                List.of(), Map.of(), List.of());
    }

    @Test
    void ratesAreTheCountersChangeOverServerTime() {
        OverviewTracker tracker = new OverviewTracker();
        Instant t0 = Instant.parse("2026-11-01T10:00:00Z");
        assertNull(tracker.accept(reading(t0, 1_000, 5_000L)).transactionsPerSecond());
        OverviewReport second = tracker.accept(reading(t0.plusSeconds(4), 1_200, 6_000L));
        assertEquals(50.0, second.transactionsPerSecond(), 1e-9);
        assertEquals(250.0, second.statementsPerSecond(), 1e-9);
        assertEquals(4.0, second.intervalSeconds(), 1e-9);
    }

    @Test
    void counterGoingBackwardsGivesNoRateInsteadOfANegativeOne() {
        OverviewTracker tracker = new OverviewTracker();
        Instant t0 = Instant.parse("2026-11-01T10:00:00Z");
        tracker.accept(reading(t0, 1_000, null));
        OverviewReport afterRestart = tracker.accept(reading(t0.plusSeconds(5), 10, null));
        assertNull(afterRestart.transactionsPerSecond());
        assertNull(afterRestart.statementsPerSecond());
        assertEquals(2.0, tracker.accept(reading(t0.plusSeconds(10), 20, null)).transactionsPerSecond(), 1e-9);
    }

    @Test
    void resetForgetsThePreviousReading() {
        OverviewTracker tracker = new OverviewTracker();
        Instant t0 = Instant.parse("2026-11-01T10:00:00Z");
        tracker.accept(reading(t0, 1, null));
        tracker.reset();
        assertNull(tracker.accept(reading(t0.plusSeconds(1), 5, null)).transactionsPerSecond());
    }
}
