package dev.railyard.cli;

import dev.railyard.profile.ConnectionProfile;
import java.util.List;

/**
 * What {@code railyard profile test} needs from {@code dev.railyard.db.ConnectionTester}. A
 * stand-in with the same shape as the agreed {@code ConnectionReport} and {@code ConnectionProblem},
 * so the CLI compiles before the db package lands; {@link CliContext} wires the real tester.
 */
@FunctionalInterface
public interface ConnectionCheck {

    Report test(ConnectionProfile profile, String password) throws Failure;

    /** Mirrors dev.railyard.db.ConnectionReport. */
    record Report(String product, String version, boolean mariaDb, String tlsProtocol, long roundTripMillis,
                  List<String> privileges, String pgStatStatements, List<String> notes) {
        public Report {
            privileges = privileges == null ? List.of() : List.copyOf(privileges);
            notes = notes == null ? List.of() : List.copyOf(notes);
        }
    }

    /** Mirrors dev.railyard.db.ConnectionProblem: a classified failure with its likely fix. */
    final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final String kind;
        private final String summary;
        private final String fix;

        public Failure(String kind, String summary, String fix) {
            super(summary);
            this.kind = kind;
            this.summary = summary;
            this.fix = fix;
        }

        public String kind() {
            return kind;
        }

        public String summary() {
            return summary;
        }

        public String fix() {
            return fix;
        }
    }
}
