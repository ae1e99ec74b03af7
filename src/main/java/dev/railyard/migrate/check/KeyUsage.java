package dev.railyard.migrate.check;

/**
 * A single-column integer primary key fed by a sequence, and how much of its range is used.
 *
 * @param type      "integer", "smallint" or "bigint"
 * @param lastValue the sequence's last value; null when never used or not readable
 */
public record KeyUsage(String column, String type, String sequence, Long lastValue) {

    /** The largest value the column's type holds. */
    public long maxValue() {
        return switch (type) {
            case "smallint" -> Short.MAX_VALUE;
            case "integer" -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
    }

    /** Share of the type's positive range the sequence has handed out, 0..1. */
    public double usedShare() {
        return lastValue == null || lastValue <= 0 ? 0 : (double) lastValue / maxValue();
    }
}
