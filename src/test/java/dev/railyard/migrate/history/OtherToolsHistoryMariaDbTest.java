package dev.railyard.migrate.history;

import dev.railyard.db.Dialect;
import dev.railyard.support.MysqlServer;
import java.sql.Connection;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class OtherToolsHistoryMariaDbTest extends OtherToolsHistoryContract {

    private static final MysqlServer MARIADB = MysqlServer.shared();

    @Override
    Dialect dialect() {
        return Dialect.MYSQL;
    }

    @Override
    Connection freshDatabase() throws Exception {
        Connection c = MARIADB.connect(MARIADB.createDatabase("history"));
        try (var s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
        }
        return c;
    }
}
