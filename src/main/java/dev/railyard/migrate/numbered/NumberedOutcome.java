package dev.railyard.migrate.numbered;

import java.util.List;

/**
 * How {@code migrate run --style numbered} ended.
 *
 * @param applied  the files applied, in order
 * @param failed   the file that failed, null when none
 * @param error    the server's message for it, null when none
 * @param warnings applied files changed since, and other things worth knowing
 */
public record NumberedOutcome(List<String> applied, String failed, String error, List<String> warnings) {

    public NumberedOutcome {
        applied = List.copyOf(applied);
        warnings = List.copyOf(warnings);
    }

    public boolean succeeded() {
        return failed == null;
    }

    public String summary() {
        String done = applied.isEmpty() ? "No migration applied" : "Applied " + applied.size() + " migration"
                + (applied.size() == 1 ? "" : "s") + " (" + String.join(", ", applied) + ")";
        return failed == null ? done + "." : done + "; " + failed + " failed: " + error;
    }
}
