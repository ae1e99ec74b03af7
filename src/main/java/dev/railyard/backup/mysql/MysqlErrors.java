package dev.railyard.backup.mysql;

import dev.railyard.db.ConnectionProblem;
import java.sql.SQLException;

/** Server and driver errors in a DBA's words: what failed, the likely cause, what to do. */
final class MysqlErrors {

    private MysqlErrors() {
    }

    /** "{what} failed: {cause}. {advice}" without a stack trace or a secret. */
    static String describe(String what, SQLException e) {
        ConnectionProblem problem = ConnectionProblem.find(e);
        if (problem != null) {
            // Classified where the connection was made: a TLS or password problem, not a lost connection.
            return what + " failed: " + problem.getMessage();
        }
        String message = firstLine(e.getMessage());
        int code = e.getErrorCode();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (code == 1927 || code == 1317 || state.equals("70100") || message.contains("Connection was killed")
                || message.contains("Query execution was interrupted")) {
            return what + " failed: the server ended the connection (" + message + "). Someone ran KILL on it, or the "
                    + "server restarted or hit a timeout. Run it again; if it keeps happening, check the server's log.";
        }
        if (state.startsWith("08") || code == 2013 || code == 2006 || e instanceof java.sql.SQLNonTransientConnectionException) {
            return what + " failed: the connection to the server was lost (" + message + "). The network dropped, the "
                    + "server restarted, or a proxy closed an idle connection. Run it again.";
        }
        if (code == 1045) {
            return what + " failed: the server refused the user name or password (" + message + "). Check the password "
                    + "in the Railway variables (MYSQLPASSWORD) and store it again.";
        }
        if (code == 1049) {
            return what + " failed: the database does not exist (" + message + "). Check the database name.";
        }
        if (code == 1044 || code == 1142 || code == 1227 || code == 1370) {
            return what + " failed: the user lacks a privilege (" + message + "). Connect as a user with the needed "
                    + "rights (on Railway: root).";
        }
        if (code == 1040) {
            return what + " failed: the server has too many connections (" + message + "). Close other clients or raise "
                    + "max_connections.";
        }
        return what + " failed: " + message + (code > 0 ? " (error " + code + ")" : "") + ".";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
