package dev.railyard.db;

import java.time.Duration;
import java.time.Instant;

/**
 * What the last health check of a profile found, with what came before it: the state, when the
 * server last answered, and since when it has not.
 *
 * @param state     up, slow, down or authentication failed
 * @param checkedAt when this was found
 * @param roundTrip the last round trip; null when the server did not answer
 * @param lastGood  the last time the server answered; null if it never did in this session
 * @param downSince when it stopped answering; null while it answers
 * @param problem   why it does not answer; null while it does
 */
public record ServerHealth(State state, Instant checkedAt, Duration roundTrip, Instant lastGood, Instant downSince,
                           ConnectionProblem problem) {

    /** The state a profile is shown in. */
    public enum State {
        UP("Up"),
        SLOW("Slow"),
        DOWN("Down"),
        AUTH_FAILED("Authentication failed");

        private final String displayName;

        State(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }

        /** True while the server answers (perhaps slowly). */
        public boolean answers() {
            return this == UP || this == SLOW;
        }
    }

    public boolean answers() {
        return state.answers();
    }
}
