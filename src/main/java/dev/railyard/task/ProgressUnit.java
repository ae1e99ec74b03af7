package dev.railyard.task;

/** What a job's done/total count: shown next to the numbers and used to format them. */
public enum ProgressUnit {
    BYTES("bytes"),
    ROWS("rows"),
    TABLES("tables"),
    MIGRATIONS("migrations"),
    STEPS("steps");

    private final String label;

    ProgressUnit(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** "1.4 GB", "12,345 rows", "3 tables". */
    public String format(long amount) {
        if (this == BYTES) {
            return Sizes.human(amount);
        }
        return String.format("%,d %s", amount, label);
    }
}
