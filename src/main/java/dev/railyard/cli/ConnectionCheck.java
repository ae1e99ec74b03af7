package dev.railyard.cli;

import dev.railyard.db.ConnectionProblem;
import dev.railyard.db.ConnectionReport;
import dev.railyard.db.ConnectionTester;
import dev.railyard.profile.ConnectionProfile;

/**
 * How {@code railyard profile test} checks a connection: the real {@link ConnectionTester} in the
 * product, a stand-in in tests that exercise the command's wording without a server.
 */
@FunctionalInterface
public interface ConnectionCheck {

    ConnectionReport test(ConnectionProfile profile, String password) throws ConnectionProblem;

    static ConnectionCheck real() {
        ConnectionTester tester = new ConnectionTester();
        return tester::test;
    }
}
