package dev.railyard.migrate.check;

/** How a pending migration, statement or finding is judged, worst last so {@link #worst} can compare. */
public enum Verdict {
    SAFE("safe"),
    RISKY("risky"),
    DANGEROUS("dangerous");

    private final String displayName;

    Verdict(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    public static Verdict worst(Verdict a, Verdict b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public boolean atLeast(Verdict other) {
        return compareTo(other) >= 0;
    }
}
