package dev.railyard.migrate.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.railyard.db.Dialect;
import dev.railyard.support.EmbeddedPostgres;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
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

    @Test
    void drizzleTableInPublicIsFoundToo() throws Exception {
        // drizzle-kit with migrationsSchema: "public", or an app that created it by hand there
        ToolTables.run(connection, "CREATE TABLE IF NOT EXISTS \"public\".\"__drizzle_migrations\" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)",
                "insert into public.__drizzle_migrations (hash, created_at) values ('h', 1714557600000)");
        HistoryScan scan = new OtherToolsHistory(Dialect.POSTGRESQL).scan(connection);
        assertEquals(List.of("public.__drizzle_migrations"), scan.histories().stream().map(h -> h.table().displayName()).toList());
        assertEquals(HistoryTool.DRIZZLE, scan.histories().get(0).tool());
        assertEquals(1, scan.entries().size());
    }
}
