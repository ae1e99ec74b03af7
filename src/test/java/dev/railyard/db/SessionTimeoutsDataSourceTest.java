package dev.railyard.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.railyard.support.EmbeddedPostgres;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The migration session's timeouts last as long as the connection is borrowed, as a pool hands it out again. */
class SessionTimeoutsDataSourceTest {

    /** One physical connection that "close" gives back rather than closes, as a pool does. */
    private static DataSource oneConnectionPool(Connection physical) {
        return new DataSource() {
            @Override
            public Connection getConnection() {
                return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                        (proxy, method, args) -> method.getName().equals("close") ? null : method.invoke(physical, args));
            }

            @Override
            public Connection getConnection(String user, String password) {
                return getConnection();
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
            }

            @Override
            public void setLoginTimeout(int seconds) {
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() {
                return Logger.getGlobal();
            }

            @Override
            public <T> T unwrap(Class<T> type) throws SQLException {
                throw new SQLException("not a wrapper");
            }

            @Override
            public boolean isWrapperFor(Class<?> type) {
                return false;
            }
        };
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void timeoutsApplyWhileBorrowedAndAreResetWhenGivenBack() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        try (Connection physical = pg.connect("postgres")) {
            DataSource pool = oneConnectionPool(physical);
            DataSource migration = Connections.withSessionTimeouts(pool, Dialect.POSTGRESQL, Duration.ofMillis(1500), Duration.ofSeconds(30));
            try (Connection borrowed = migration.getConnection()) {
                assertEquals("1500ms", show(borrowed, "lock_timeout"));
                assertEquals("30s", show(borrowed, "statement_timeout"));
            }
            assertEquals("0", show(physical, "lock_timeout"));
            assertEquals("0", show(physical, "statement_timeout"));
        }
    }
}
