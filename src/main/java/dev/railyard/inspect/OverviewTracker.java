package dev.railyard.inspect;

/**
 * Turns Overview readings into rates by keeping the previous one: transactions per second is
 * the counter's change over the server time between two refreshes. One tracker per profile
 * and view; safe to call from any thread.
 */
public final class OverviewTracker {

    private OverviewSnapshot previous;

    public synchronized OverviewReport accept(OverviewSnapshot current) {
        OverviewSnapshot before = previous;
        previous = current;
        if (before == null || before.dialect() != current.dialect() || before.serverTime() == null
                || current.serverTime() == null) {
            return new OverviewReport(current, null, null, null);
        }
        double seconds = (current.serverTime().toEpochMilli() - before.serverTime().toEpochMilli()) / 1000.0;
        if (seconds <= 0) {
            return new OverviewReport(current, null, null, null);
        }
        return new OverviewReport(current, rate(before.transactions(), current.transactions(), seconds),
                rate(before.statements(), current.statements(), seconds), seconds);
    }

    /** Forgets the previous reading, e.g. when the view switches to another profile. */
    public synchronized void reset() {
        previous = null;
    }

    private static Double rate(Long before, Long now, double seconds) {
        if (before == null || now == null || now < before) {
            return null;
        }
        return (now - before) / seconds;
    }
}
