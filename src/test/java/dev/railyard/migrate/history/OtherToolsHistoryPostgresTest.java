package dev.railyard.migrate.history;

import dev.railyard.db.Dialect;
import dev.railyard.support.EmbeddedPostgres;
import java.sql.Connection;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class OtherToolsHistoryPostgresTest extends OtherToolsHistoryContract {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared();

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    Connection freshDatabase() throws Exception {
        Connection c = PG.connect(PG.createDatabase("history"));
        try (var s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
        }
        return c;
    }
}
