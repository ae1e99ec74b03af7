package dev.railyard.cli.inspect;

import dev.railyard.cli.CliException;
import dev.railyard.db.ConnectFailure;
import dev.railyard.db.ConnectionProblem;
import dev.railyard.db.Connections;
import dev.railyard.profile.ConnectionProfile;
import java.sql.Connection;

/**
 * Opens the one connection an inspect command uses as an inspection session (read-only,
 * statement timeout), through {@link Connections} like every other connection.
 */
final class InspectConnector {

    private InspectConnector() {
    }

    static Connection open(ConnectionProfile profile, String password) {
        try {
            return Connections.open(profile, password, Connections.Purpose.INSPECTION);
        } catch (ConnectFailure e) {
            ConnectionProblem problem = e.problem();
            throw new CliException(problem.summary() + (problem.fix() == null ? "" : " - " + problem.fix()));
        }
    }
}
