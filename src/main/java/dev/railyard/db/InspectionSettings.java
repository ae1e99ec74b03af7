package dev.railyard.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * How an inspection session is set up: read-only, with a statement timeout and
 * application_name=railyard. Setting session state costs a round trip, so the preferred way is
 * {@link #startupProperties}: the driver sends the settings while connecting and every view
 * afterwards is exactly one round trip. {@link #prepare} is for an already open connection.
 */
public final class InspectionSettings {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final String APPLICATION_NAME = JdbcUrls.APPLICATION_NAME;

    private InspectionSettings() {
    }

    /**
     * Driver properties that make every new connection an inspection session.
     * <ul>
     * <li>PgJDBC: {@code options} is the startup packet's option string, so
     *     {@code -c statement_timeout=30000 -c default_transaction_read_only=on} costs no round trip;
     *     {@code ApplicationName} names the session in pg_stat_activity.</li>
     * <li>Connector/J: {@code sessionVariables} is sent as one {@code SET SESSION ...} while
     *     connecting. MySQL knows max_execution_time (ms) and transaction_read_only; MariaDB knows
     *     max_statement_time (s) and tx_read_only instead, and an unknown name fails the connection,
     *     so the caller says which server it is talking to.</li>
     * </ul>
     */
    public static Properties startupProperties(Dialect dialect, boolean mariaDb, Duration timeout) {
        long millis = Math.max(1, timeout.toMillis());
        Properties properties = new Properties();
        switch (dialect) {
            case POSTGRESQL -> {
                properties.setProperty("options",
                        "-c statement_timeout=" + millis + " -c default_transaction_read_only=on");
                properties.setProperty("ApplicationName", APPLICATION_NAME);
            }
            case MYSQL -> {
                properties.setProperty("sessionVariables", mariaDb
                        ? "max_statement_time=" + seconds(millis) + ",tx_read_only=1"
                        : "max_execution_time=" + millis + ",transaction_read_only=1");
                // Shown in performance_schema.session_connect_attrs; costs nothing at run time.
                properties.setProperty("connectionAttributes", "program_name:" + APPLICATION_NAME);
            }
        }
        return properties;
    }

    /** Makes an already open connection an inspection session, in one round trip. */
    public static void prepare(Connection connection, Dialect dialect, Duration timeout) throws SQLException {
        long millis = Math.max(1, timeout.toMillis());
        switch (dialect) {
            case POSTGRESQL -> {
                try (PreparedStatement statement = connection.prepareStatement(SqlResources.load(dialect, "session_setup"))) {
                    statement.setString(1, Long.toString(millis));
                    statement.setString(2, APPLICATION_NAME);
                    statement.execute();
                }
            }
            case MYSQL -> {
                boolean mariaDb = isMariaDb(connection);
                try (PreparedStatement statement = connection.prepareStatement(
                        SqlResources.load(dialect, mariaDb ? "session_setup_mariadb" : "session_setup"))) {
                    if (mariaDb) {
                        statement.setDouble(1, millis / 1000.0);
                    } else {
                        statement.setLong(1, millis);
                    }
                    statement.execute();
                }
            }
        }
    }

    /**
     * True when a MySQL-dialect connection talks to MariaDB. Read from the version the server
     * sent in its handshake ("5.5.5-10.11.6-MariaDB"), so it costs no round trip.
     */
    public static boolean isMariaDb(Connection connection) throws SQLException {
        String version = connection.getMetaData().getDatabaseProductVersion();
        return version != null && version.toLowerCase(Locale.ROOT).contains("mariadb");
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
