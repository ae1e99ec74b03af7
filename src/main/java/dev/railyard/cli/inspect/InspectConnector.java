package dev.railyard.cli.inspect;

import dev.railyard.cli.CliException;
import dev.railyard.db.Dialect;
import dev.railyard.inspect.InspectSession;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens the one connection an inspect command uses and makes it an inspection session
 * (read-only, statement timeout). The CLI runs one view per process, so the session setup's
 * extra round trip is fine here; the GUI's pool sets it up while connecting instead.
 * <p>
 * The URL and TLS properties are a minimal stand-in until dev.railyard.db.JdbcUrls is in main:
 * then {@link #open} should take {@code JdbcUrls.url(profile)} and {@code JdbcUrls.properties(profile, password)}.
 */
final class InspectConnector {

    private InspectConnector() {
    }

    static Connection open(ConnectionProfile profile, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", profile.user());
        if (password != null) {
            properties.setProperty("password", password);
        }
        String host = profile.host().contains(":") ? "[" + profile.host() + "]" : profile.host();
        String database = URLEncoder.encode(profile.database(), StandardCharsets.UTF_8).replace("+", "%20");
        String url;
        if (profile.dialect() == Dialect.POSTGRESQL) {
            url = "jdbc:postgresql://" + host + ":" + profile.port() + "/" + database;
            properties.setProperty("sslmode", profile.sslMode().id());
            if (profile.sslMode().needsCaFile() && profile.sslRootCert() != null) {
                properties.setProperty("sslrootcert", profile.sslRootCert());
            }
            properties.setProperty("connectTimeout", "10");
            properties.setProperty("ApplicationName", InspectSession.APPLICATION_NAME);
        } else {
            url = "jdbc:mysql://" + host + ":" + profile.port() + "/" + database;
            properties.setProperty("sslMode", mysqlSslMode(profile.sslMode()));
            properties.setProperty("allowPublicKeyRetrieval", "true");
            properties.setProperty("connectTimeout", "10000");
            properties.setProperty("connectionAttributes", "program_name:" + InspectSession.APPLICATION_NAME);
        }
        Connection connection = null;
        try {
            Driver driver = profile.dialect() == Dialect.POSTGRESQL ? new org.postgresql.Driver() : new com.mysql.cj.jdbc.Driver();
            connection = driver.connect(url, properties);
            InspectSession.prepare(connection, profile.dialect());
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new CliException("Could not connect to " + profile.address() + ": " + e.getMessage()
                    + " - check the host, port and password (railyard profile test " + profile.name() + ")");
        }
    }

    private static String mysqlSslMode(SslMode mode) {
        return switch (mode) {
            case DISABLE -> "DISABLED";
            case PREFER -> "PREFERRED";
            case REQUIRE -> "REQUIRED";
            case VERIFY_CA -> "VERIFY_CA";
            case VERIFY_FULL -> "VERIFY_IDENTITY";
        };
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
