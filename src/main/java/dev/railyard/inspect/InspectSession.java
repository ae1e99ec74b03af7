package dev.railyard.inspect;

import dev.railyard.db.Dialect;
import dev.railyard.db.InspectionSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * How an inspection connection is set up: read-only, with a statement timeout and
 * application_name=railyard. Setting session state costs a round trip, so the preferred way is
 * {@link #inspectionProperties} on the pool: the driver sends the settings while connecting and
 * every view afterwards is exactly one round trip. {@link #prepare} is for a lone connection.
 */
public final class InspectSession {

    public static final Duration DEFAULT_TIMEOUT = InspectionSettings.DEFAULT_TIMEOUT;
    public static final String APPLICATION_NAME = "railyard";

    private InspectSession() {
    }

    /** Driver properties for an inspection pool against PostgreSQL or MySQL (not MariaDB: see the overload). */
    public static Properties inspectionProperties(Dialect dialect) {
        return inspectionProperties(dialect, false, DEFAULT_TIMEOUT);
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
    public static Properties inspectionProperties(Dialect dialect, boolean mariaDb, Duration timeout) {
        return InspectionSettings.startupProperties(dialect, mariaDb, timeout);
    }

    /**
     * Makes an already open connection an inspection session, in one round trip. Connections
     * from a pool built with {@link #inspectionProperties} need no call to this.
     */
    public static void prepare(Connection connection, Dialect dialect) throws SQLException {
        prepare(connection, dialect, DEFAULT_TIMEOUT);
    }

    public static void prepare(Connection connection, Dialect dialect, Duration timeout) throws SQLException {
        InspectionSettings.prepare(connection, dialect, timeout);
    }

    /**
     * True when a MySQL-dialect connection talks to MariaDB. Read from the version the server
     * sent in its handshake ("5.5.5-10.11.6-MariaDB"), so it costs no round trip.
     */
    public static boolean isMariaDb(Connection connection) throws SQLException {
        return InspectionSettings.isMariaDb(connection);
    }
}
