package dev.railyard.migrate.numbered;

import java.time.Instant;

/**
 * One line of {@code migrate status --style numbered}.
 *
 * @param name      the file name (also the history's migration_name)
 * @param state     applied, pending, changed since applied, or applied without its file
 * @param appliedAt when it was applied, null when pending
 */
public record NumberedRow(String name, State state, Instant appliedAt) {

    public enum State {
        APPLIED("Applied"), PENDING("Pending"), CHANGED("Applied, file changed since"), MISSING("Applied, no file");

        private final String displayName;

        State(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }
    }
}
