package dev.railyard.inspect;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * What an application user without PROCESS or performance_schema grants may see. A view that the
 * server refuses for lack of a privilege reads its "_limited" statement instead (what every user
 * may read), so such a user pays one extra round trip and gets a view, not an error; the note
 * names the grants that would show the rest.
 */
public final class MysqlGrants {

    // ER_DBACCESS_DENIED_ERROR, ER_SPECIFIC_ACCESS_DENIED_ERROR ("you need the PROCESS privilege"),
    // ER_TABLEACCESS_DENIED_ERROR, ER_COLUMNACCESS_DENIED_ERROR: the same numbers on MySQL and MariaDB.
    private static final Set<Integer> DENIED = Set.of(1044, 1227, 1142, 1143);

    static final String PROCESS = "PROCESS ON *.*";
    public static final String PERFORMANCE_SCHEMA = "SELECT ON performance_schema.*";
    public static final String INDEX_STATS = "SELECT ON mysql.innodb_index_stats";
    static final String SLOW_LOG = "SELECT ON mysql.slow_log";

    private MysqlGrants() {
    }

    /** True when the server refused a statement for lack of a privilege (not a syntax or other error). */
    public static boolean denied(SQLException e) {
        return DENIED.contains(e.getErrorCode());
    }

    /** CURRENT_USER() ("app@%") as an account name for GRANT ('app'@'%'). */
    static String account(String currentUser) {
        if (currentUser == null || currentUser.isBlank()) {
            return "CURRENT_USER";
        }
        int at = currentUser.lastIndexOf('@');
        String user = at < 0 ? currentUser : currentUser.substring(0, at);
        String host = at < 0 ? "%" : currentUser.substring(at + 1);
        return "'" + user.replace("'", "''") + "'@'" + host.replace("'", "''") + "'";
    }

    /** "limited: needs GRANT PROCESS ON *.* / SELECT ON performance_schema.*" */
    public static String needs(List<String> grants) {
        return "limited: needs GRANT " + String.join(" / ", grants);
    }

    /** One GRANT statement per privilege, for the user to copy (Railyard never runs them). */
    static String statements(List<String> grants, String currentUser) {
        String account = account(currentUser);
        StringBuilder sql = new StringBuilder("-- run as an administrator:");
        for (String grant : grants) {
            sql.append("\nGRANT ").append(grant).append(" TO ").append(account).append(';');
        }
        return sql.toString();
    }
}
