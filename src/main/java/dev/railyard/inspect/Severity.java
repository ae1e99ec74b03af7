package dev.railyard.inspect;

/** How much a finding matters; carries its display name for a table cell. */
public enum Severity {
    INFO("Info"),
    WARNING("Warning"),
    CRITICAL("Critical");

    private final String displayName;

    Severity(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
