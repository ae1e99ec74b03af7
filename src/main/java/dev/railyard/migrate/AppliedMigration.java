package dev.railyard.migrate;

/** A migration that a migrate run applied. */
public record AppliedMigration(String version, String description, String script, int executionMillis) {

    public String label() {
        return version == null || version.isEmpty() ? "R " + description : "V" + version;
    }
}
