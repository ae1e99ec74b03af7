package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.railyard.db.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InspectSessionPostgresTest {

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void poolPropertiesMakeEveryConnectionReadOnlyWithATimeout() throws Exception {
        try (Connection c = PgWorkload.inspect()) {
            assertEquals("30s", show(c, "statement_timeout"));
            assertEquals("on", show(c, "default_transaction_read_only"));
            assertEquals("railyard", show(c, "application_name"));
            SQLException refused = assertThrows(SQLException.class, () -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE settings SET v = v WHERE id = 1");
                }
            });
            assertEquals("25006", refused.getSQLState(), "read_only_sql_transaction");
        }
    }

    @Test
    void prepareTurnsAPlainConnectionIntoAnInspectionSession() throws Exception {
        try (Connection c = PgWorkload.plain(PgWorkload.database())) {
            InspectSession.prepare(c, Dialect.POSTGRESQL, Duration.ofMillis(1500));
            assertEquals("1500ms", show(c, "statement_timeout"));
            assertEquals("on", show(c, "default_transaction_read_only"));
            assertEquals("railyard", show(c, "application_name"));
        }
    }

    @Test
    void statementTimeoutCancelsALongStatement() throws Exception {
        try (Connection c = PgWorkload.plain(PgWorkload.database())) {
            InspectSession.prepare(c, Dialect.POSTGRESQL, Duration.ofMillis(200));
            SQLException timedOut = assertThrows(SQLException.class, () -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_sleep(5)");
                }
            });
            assertEquals("57014", timedOut.getSQLState());
        }
    }
}
