package dev.railyard.backup;

/**
 * How many backups a profile keeps: the last {@code keepLast} and/or those younger than
 * {@code keepDays} (0 means no limit of that kind). A backup survives when either rule keeps
 * it. Pinned backups and the newest verified one are never pruned, whatever the policy.
 */
public record RetentionPolicy(int keepLast, int keepDays) {

    public RetentionPolicy {
        if (keepLast < 0 || keepDays < 0) {
            throw new IllegalArgumentException("Retention counts cannot be negative");
        }
    }

    /** Keep everything. */
    public static RetentionPolicy keepAll() {
        return new RetentionPolicy(0, 0);
    }

    public boolean keepsEverything() {
        return keepLast == 0 && keepDays == 0;
    }

    public String describe() {
        if (keepsEverything()) {
            return "keep every backup";
        }
        StringBuilder text = new StringBuilder("keep ");
        if (keepLast > 0) {
            text.append("the last ").append(keepLast);
        }
        if (keepLast > 0 && keepDays > 0) {
            text.append(" and ");
        }
        if (keepDays > 0) {
            text.append("those from the last ").append(keepDays).append(keepDays == 1 ? " day" : " days");
        }
        return text.toString();
    }
}
