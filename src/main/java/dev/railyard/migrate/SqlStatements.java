package dev.railyard.migrate;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Small helpers over statements Flyway reported: display text and MySQL's implicit commits. */
final class SqlStatements {

    /** Statements after which MySQL and MariaDB have committed everything before them, themselves included. */
    private static final Set<String> IMPLICIT_COMMIT = Set.of(
            "CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "GRANT", "REVOKE", "ANALYZE", "OPTIMIZE", "REPAIR",
            "LOCK", "UNLOCK", "INSTALL", "UNINSTALL");

    private SqlStatements() {
    }

    /** The statement without comment lines or blocks in front of it and without trailing blanks. */
    static String withoutLeadingComments(String sql) {
        if (sql == null) {
            return null;
        }
        String s = sql.strip();
        while (true) {
            if (s.startsWith("--") || s.startsWith("#")) {
                int newline = s.indexOf('\n');
                s = newline < 0 ? "" : s.substring(newline + 1).strip();
            } else if (s.startsWith("/*") && !s.startsWith("/*!")) { // /*! is MySQL's executable comment
                int end = s.indexOf("*/");
                s = end < 0 ? "" : s.substring(end + 2).strip();
            } else {
                return s;
            }
        }
    }

    /** The statement as shown to a DBA: no comments in front, no trailing semicolon; null stays null. */
    static String forDisplay(String sql) {
        String s = withoutLeadingComments(sql);
        return s == null ? null : s.replaceAll("[;\\s]+$", "");
    }

    /** True when MySQL commits implicitly at this statement (DDL and friends; not CREATE TEMPORARY TABLE). */
    static boolean commitsImplicitly(String sql) {
        String s = withoutLeadingComments(sql);
        if (s == null || s.isEmpty()) {
            return false;
        }
        String[] words = s.toUpperCase(Locale.ROOT).split("\\s+", 3);
        if (!IMPLICIT_COMMIT.contains(words[0])) {
            return false;
        }
        return !(words[0].equals("CREATE") && words.length > 1 && words[1].equals("TEMPORARY"));
    }

    /**
     * Of the statements that ran before a failure on MySQL, those that stay applied: everything up
     * to the last implicitly committing one. Later DML was still in Flyway's transaction and rolled back.
     */
    static List<String> committedBeforeFailure(List<String> ran) {
        int last = -1;
        for (int i = 0; i < ran.size(); i++) {
            if (commitsImplicitly(ran.get(i))) {
                last = i;
            }
        }
        return List.copyOf(ran.subList(0, last + 1));
    }
}
