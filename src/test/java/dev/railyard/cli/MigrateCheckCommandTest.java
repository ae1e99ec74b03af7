package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.MysqlServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCheckCommandTest {

    @TempDir
    Path home;

    @TempDir
    Path folder;

    private static String url(EmbeddedPostgres pg, String db) {
        return "postgresql://postgres@127.0.0.1:" + pg.port() + "/" + db + "?sslmode=disable";
    }

    private static void sql(EmbeddedPostgres pg, String db, String... statements) throws Exception {
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    @Test
    void exitCodeGatesCiZeroWhenSafeThreeWhenRiskyFourWhenDangerous() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("cli_check");
        Path flyway = Files.createDirectories(folder.resolve("flyway"));
        Files.writeString(flyway.resolve("V1__orders.sql"), "CREATE TABLE orders (id int PRIMARY KEY, customer int, note text);\n");
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("migrate", "run", "--url", url(pg, db), "--locations", flyway.toString()).code());
        sql(pg, db, "INSERT INTO orders SELECT g, g % 5000, 'n' FROM generate_series(1, 1000000) g", "ANALYZE orders");

        Files.writeString(flyway.resolve("V2__safe.sql"), "-- an index built the safe way\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\n");
        CliRun.Result safe = cli.run("migrate", "check", "--url", url(pg, db), "--locations", flyway.toString());
        assertEquals(0, safe.code(), safe.toString());
        assertTrue(safe.out().contains("line 2: CREATE INDEX CONCURRENTLY orders_note_idx"), safe.out());
        assertTrue(safe.out().contains("1 pending migration, 1 statement: all safe"), safe.out());
        assertTrue(safe.out().contains("V2__safe.sql: safe (runs without a transaction)"), safe.out());

        Files.writeString(flyway.resolve("V3__rename.sql"), "ALTER TABLE orders RENAME COLUMN note TO remark;\n");
        assertEquals(3, cli.run("migrate", "check", "--url", url(pg, db), "--locations", flyway.toString()).code());

        Files.writeString(flyway.resolve("V4__index.sql"), "CREATE INDEX orders_customer_idx ON orders (customer);\n");
        CliRun.Result dangerous = cli.run("migrate", "check", "--url", url(pg, db), "--locations", flyway.toString());
        assertEquals(4, dangerous.code(), dangerous.toString());
        assertTrue(dangerous.out().contains("DANGEROUS · SHARE on public.orders (blocks writes"), dangerous.out());
        assertTrue(dangerous.out().contains("public.orders: 1,000,000 rows (estimate)"), dangerous.out());
        assertTrue(dangerous.out().contains("safer: CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer)"), dangerous.out());
        assertTrue(dangerous.out().contains("(exit 4)"), dangerous.out());

        CliRun.Result json = cli.run("migrate", "check", "--url", url(pg, db), "--locations", flyway.toString(), "--json");
        assertEquals(4, json.code());
        JsonNode root = json.json();
        assertEquals("DANGEROUS", root.path("verdict").asText());
        assertEquals(3, root.path("scripts").size());
        JsonNode index = root.path("scripts").get(2).path("statements").get(0);
        assertEquals("SHARE", index.path("lock").asText());
        assertEquals("DANGEROUS", index.path("verdict").asText());
        assertEquals("SAFE", root.path("scripts").get(0).path("verdict").asText());
        assertEquals(1_000_000, index.path("facts").path("rowEstimate").asLong());
        assertEquals("INDEX_WITHOUT_CONCURRENTLY", index.path("findings").get(0).path("rule").asText());

        // Read-only: nothing was applied.
        assertEquals(0, cli.run("migrate", "status", "--url", url(pg, db), "--locations", flyway.toString()).code());
        CliRun.Result status = cli.run("migrate", "status", "--url", url(pg, db), "--locations", flyway.toString(), "--json");
        assertEquals("PENDING", status.json().path("flyway").path("rows").get(3).path("status").asText());
    }

    @Test
    void prismaAndNumberedFoldersAreCheckedFileByFileAgainstTheirHistoryTables() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("cli_check_tools");
        sql(pg, db, "CREATE TABLE users (id int PRIMARY KEY, email text, legacy text)",
                "INSERT INTO users SELECT g, 'u' || g, 'x' FROM generate_series(1, 1000) g", "ANALYZE users",
                """
                CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz,
                    migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz,
                    started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count int NOT NULL DEFAULT 0)""");
        Path prisma = Files.createDirectories(folder.resolve("prisma/migrations"));
        Files.writeString(folder.resolve("prisma/schema.prisma"), "datasource db { provider = \"postgresql\" }\n");
        String init = "DROP TABLE IF EXISTS old_stuff;\nALTER TABLE users DROP COLUMN legacy;\n";
        Files.createDirectories(prisma.resolve("20250101000000_init"));
        Files.writeString(prisma.resolve("20250101000000_init/migration.sql"), init);
        Files.createDirectories(prisma.resolve("20250201000000_drop_legacy"));
        Files.writeString(prisma.resolve("20250201000000_drop_legacy/migration.sql"), "ALTER TABLE \"users\" DROP COLUMN \"legacy\";\n");
        sql(pg, db, "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count)"
                + " VALUES ('a', '" + sha256(init) + "', now(), '20250101000000_init', 1)");

        CliRun cli = new CliRun(home);
        CliRun.Result result = cli.run("migrate", "check", "--url", url(pg, db), "--locations", folder.resolve("prisma").toString(), "--json");
        assertEquals(4, result.code(), result.toString());
        JsonNode scripts = result.json().path("scripts");
        assertEquals(1, scripts.size(), scripts.toString());
        assertEquals("Prisma", scripts.get(0).path("tool").asText());
        assertEquals("20250201000000_drop_legacy", scripts.get(0).path("name").asText());
        assertEquals("ONE_QUERY", scripts.get(0).path("mode").asText());
        assertEquals("DESTRUCTIVE", scripts.get(0).path("statements").get(0).path("findings").get(0).path("rule").asText());

        Path numbered = Files.createDirectories(folder.resolve("sql"));
        Files.writeString(numbered.resolve("001_consolidated_schema.sql"), "CREATE INDEX users_email_idx ON users (email);\n");
        Files.writeString(numbered.resolve("002_email_index.sql"), "BEGIN;\nCREATE INDEX CONCURRENTLY users_email_lower ON users (lower(email));\nCOMMIT;\n");
        sql(pg, db, "CREATE TABLE migration_history (id serial PRIMARY KEY, migration_name varchar(255) NOT NULL,"
                + " applied_at timestamptz NOT NULL DEFAULT now(), checksum varchar(64))",
                "INSERT INTO migration_history (migration_name) VALUES ('001_consolidated_schema.sql')");
        CliRun.Result hand = cli.run("migrate", "check", "--url", url(pg, db), "--locations", numbered.toString(), "--json");
        assertEquals(4, hand.code(), hand.toString());
        JsonNode handScripts = hand.json().path("scripts");
        assertEquals(1, handScripts.size(), handScripts.toString());
        assertEquals("002_email_index.sql", handScripts.get(0).path("name").asText());
        JsonNode concurrently = handScripts.get(0).path("statements").get(1);
        assertEquals(2, concurrently.path("line").asInt());
        assertTrue(concurrently.path("inTransaction").asBoolean());
        assertEquals("CONCURRENTLY_IN_TRANSACTION", concurrently.path("findings").get(0).path("rule").asText());
    }

    /** MySQL 9.7: a MODIFY that copies the table is dangerous, one that is instant is safe; a session holding the table's metadata lock is named. */
    @Test
    void onMysql9AModifyThatCopiesIsDangerousAndOneThatIsInstantIsSafe() throws Exception {
        MysqlServer mysql = MysqlServer.sharedMysql9();
        String db = mysql.createDatabase("cli_check");
        try (Connection c = mysql.connect(db); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, qty int NOT NULL, status enum('new','paid') NOT NULL)");
            s.execute("INSERT INTO orders VALUES (1, 1, 'new'), (2, 2, 'paid'), (3, 3, 'new')");
            s.execute("ANALYZE TABLE orders");
        }
        String url = "mysql://root@127.0.0.1:" + mysql.port() + "/" + db + "?sslMode=DISABLED";
        CliRun cli = new CliRun(home);
        Files.writeString(folder.resolve("V1__qty.sql"), "ALTER TABLE orders MODIFY qty bigint NOT NULL;\n");
        CliRun.Result copy = cli.run("migrate", "check", "--url", url, "--locations", folder.toString(), "--json");
        assertEquals(4, copy.code(), copy.toString());
        JsonNode statement = copy.json().path("scripts").get(0).path("statements").get(0);
        assertEquals("COPY", statement.path("algorithm").asText(), statement.toString());
        assertEquals("MYSQL_COPY", statement.path("findings").get(0).path("rule").asText(), statement.toString());
        assertEquals("DANGEROUS", statement.path("verdict").asText());

        Files.writeString(folder.resolve("V1__qty.sql"), "ALTER TABLE orders MODIFY status enum('new','paid','shipped') NOT NULL;\n");
        CliRun.Result instant = cli.run("migrate", "check", "--url", url, "--locations", folder.toString(), "--json");
        assertEquals(0, instant.code(), instant.toString());
        JsonNode safe = instant.json().path("scripts").get(0).path("statements").get(0);
        assertEquals("INSTANT", safe.path("algorithm").asText(), safe.toString());
        assertEquals("SAFE", safe.path("verdict").asText());

        // Even an instant ALTER queues behind a transaction that has read the table, and every new query behind it.
        try (Connection other = mysql.connect(db); java.sql.Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.executeQuery("SELECT count(*) FROM orders").close();
            long id;
            try (java.sql.ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                id = rs.getLong(1);
            }
            CliRun.Result queued = cli.run("migrate", "check", "--url", url, "--locations", folder.toString());
            assertEquals(4, queued.code(), queued.toString());
            assertTrue(queued.out().contains("[lock-queue]"), queued.out());
            assertTrue(queued.out().contains("pid " + id + " (idle in transaction"), queued.out());
            other.rollback();
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
