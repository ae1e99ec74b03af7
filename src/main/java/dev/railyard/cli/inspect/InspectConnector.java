package dev.railyard.cli.inspect;

import dev.railyard.cli.CliException;
import dev.railyard.db.ConnectionProblem;
import dev.railyard.db.Dialect;
import dev.railyard.db.JdbcUrls;
import dev.railyard.inspect.InspectSession;
import dev.railyard.profile.ConnectionProfile;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens the one connection an inspect command uses as an inspection session (read-only,
 * statement timeout). PostgreSQL gets the settings in its startup packet; a MySQL-dialect server
 * is only known to be MySQL or MariaDB once connected, so it gets one SET afterwards.
 */
final class InspectConnector {

    private InspectConnector() {
    }

    static Connection open(ConnectionProfile profile, String password) {
        Properties properties = JdbcUrls.properties(profile, password);
        if (profile.dialect() == Dialect.POSTGRESQL) {
            properties.putAll(InspectSession.inspectionProperties(Dialect.POSTGRESQL));
        }
        Connection connection = null;
        try {
            Driver driver = profile.dialect() == Dialect.POSTGRESQL ? new org.postgresql.Driver() : new com.mysql.cj.jdbc.Driver();
            connection = driver.connect(JdbcUrls.url(profile), properties);
        } catch (SQLException e) {
            ConnectionProblem problem = ConnectionProblem.classify(profile, e, password != null, JdbcUrls.CONNECT_TIMEOUT);
            throw new CliException(problem.summary() + (problem.fix() == null ? "" : " - " + problem.fix()));
        }
        try {
            if (profile.dialect() == Dialect.MYSQL) {
                InspectSession.prepare(connection, Dialect.MYSQL);
            }
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new CliException("Could not make the connection to " + profile.address() + " read-only: " + e.getMessage());
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection was unusable anyway
            }
        }
    }
}
