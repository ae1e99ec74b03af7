package dev.railyard.backup.postgres;

import dev.railyard.backup.SnapshotProbe;
import dev.railyard.task.JobContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.postgresql.PGConnection;

/**
 * A backup's PostgreSQL session: settings that make the text of a dump exact, then a REPEATABLE
 * READ, READ ONLY transaction whose snapshot the whole backup reads. The first such connection
 * also answers what the backup needs besides the dump (server version, migration head), so a
 * backup of N jobs opens N connections and no more.
 */
final class SnapshotSession {

    /** How long the migration head waits for a lock on a history table. */
    static final String HEAD_LOCK_TIMEOUT = "10s";

    private SnapshotSession() {
    }

    /** A connection in a REPEATABLE READ, READ ONLY transaction, with settings that make the dump's text exact. */
    static Connection open(PgEndpoint source, String applicationName) throws SQLException {
        Connection connection = source.connect(applicationName);
        try (Statement s = connection.createStatement()) {
            // Settings that make the text of the dump exact and independent of the role's defaults.
            s.execute("SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0; "
                    + "SET lock_timeout = 0; SELECT pg_catalog.set_config('search_path', '', false); "
                    + "SET DateStyle = ISO; SET IntervalStyle = postgres; SET extra_float_digits = 3; "
                    + "SET bytea_output = hex; SET row_security = off; SET quote_all_identifiers = off");
            connection.setAutoCommit(false);
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** The server's version as it reported it when the connection started: no round trip. */
    static String serverVersion(Connection connection) throws SQLException {
        String version = connection.unwrap(PGConnection.class).getParameterStatus("server_version");
        return version != null ? version : connection.getMetaData().getDatabaseProductVersion();
    }

    /** The major version of "17.2", "16.4 (Debian 16.4-1)", "9.6.24": 17, 16, 9. */
    static int major(String version) {
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(version.substring(0, end));
    }

    /**
     * The migration head in the connection's snapshot, read inside a savepoint: a history table that
     * cannot be read must not abort the backup's transaction. The savepoint is released either way,
     * so the transaction can still export its snapshot. A history table held by an exclusive lock
     * costs the head after {@value #HEAD_LOCK_TIMEOUT}, not the backup.
     */
    static Optional<String> migrationHead(Connection connection, SnapshotProbe probe, JobContext context) {
        if (probe == SnapshotProbe.NONE) {
            return Optional.empty();
        }
        try (Statement s = connection.createStatement()) {
            s.execute("SAVEPOINT railyard_migration_head; SET LOCAL lock_timeout = '" + HEAD_LOCK_TIMEOUT + "'");
        } catch (SQLException e) {
            context.log("No migration head: " + e.getMessage());
            return Optional.empty();
        }
        try {
            Optional<String> head = probe.migrationHead(connection);
            try (Statement s = connection.createStatement()) {
                // The lock timeout set inside the savepoint would outlive it: put it back.
                s.execute("RELEASE SAVEPOINT railyard_migration_head; SET LOCAL lock_timeout = 0");
            }
            return head;
        } catch (SQLException | RuntimeException e) {
            context.log("No migration head: the history table could not be read (" + e.getMessage() + ")");
            try (Statement s = connection.createStatement()) {
                // Rolling back to the savepoint also undoes its lock timeout.
                s.execute("ROLLBACK TO SAVEPOINT railyard_migration_head; RELEASE SAVEPOINT railyard_migration_head");
            } catch (SQLException again) {
                context.log("Rolling back to the savepoint failed: " + again.getMessage());
            }
            return Optional.empty();
        }
    }
}
