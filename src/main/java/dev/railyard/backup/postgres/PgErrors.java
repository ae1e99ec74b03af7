package dev.railyard.backup.postgres;

import dev.railyard.db.ConnectionProblem;
import java.sql.SQLException;

/** Turns a PostgreSQL error into a sentence a DBA can act on: what failed, the likely cause, what to do. */
final class PgErrors {

    private PgErrors() {
    }

    static String describe(String what, SQLException e) {
        ConnectionProblem problem = ConnectionProblem.find(e);
        if (problem != null) {
            // Classified where the connection was made: a TLS or password problem, not the server ending a session.
            return what + " failed: " + problem.getMessage();
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = firstLine(e.getMessage());
        if (state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || (state.startsWith("08") && message.toLowerCase().contains("terminat"))) {
            return what + " failed: the server ended the connection (" + message + "). An administrator ran "
                    + "pg_terminate_backend, or the server restarted or failed over. Run the backup again.";
        }
        if (state.startsWith("08")) {
            return what + " failed: the connection to the server was lost (" + message + "). The server ended the "
                    + "session (pg_terminate_backend, a restart or a failover) or the network dropped; check the server "
                    + "is up and run it again.";
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return what + " failed: authentication was refused (" + message + "). Check the user and password of the profile.";
        }
        if (state.equals("42501")) {
            return what + " failed: permission denied (" + message + "). Back up as the database owner or a superuser "
                    + "(on Railway: the postgres user), or limit the backup to the tables you can read.";
        }
        if (state.equals("57014")) {
            return what + " failed: the server cancelled a statement (" + message + "). A statement_timeout on the role "
                    + "or an administrator's cancel; try again.";
        }
        if (state.equals("40001")) {
            return what + " failed: the snapshot could not be kept (" + message + "). On a standby, enable "
                    + "hot_standby_feedback or back up the primary.";
        }
        return what + " failed: " + message + (state.isEmpty() ? "" : " [SQLSTATE " + state + "]");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
