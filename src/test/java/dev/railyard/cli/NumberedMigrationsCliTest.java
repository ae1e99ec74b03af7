package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.MysqlServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate run/status --style numbered}: NNN_name.sql files with a hand-rolled runner's migration_history table. */
class NumberedMigrationsCliTest {

    @TempDir
    Path home;

    @TempDir
    Path folder;

    private static List<String> states(JsonNode status) {
        List<String> out = new ArrayList<>();
        status.path("rows").forEach(r -> out.add(r.path("name").asText() + "=" + r.path("state").asText()));
        return out;
    }

    private static List<String> history(Connection c) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id, migration_name, applied_at, checksum FROM migration_history ORDER BY id")) {
            while (rs.next()) {
                assertTrue(rs.getTimestamp(3) != null);
                rows.add(rs.getString(2) + ":" + rs.getString(4));
            }
        }
        return rows;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** The shared story on either server; {@code connect} opens the test database. */
    private void appliesInOrderRecordsAndStopsAtAFailure(String url, Connection db, boolean postgres) throws Exception {
        Files.writeString(folder.resolve("001_consolidated_schema.sql"),
                "CREATE TABLE items (id int PRIMARY KEY, name varchar(50));\nINSERT INTO items VALUES (1, 'a; b');\n");
        Files.writeString(folder.resolve("010_price.sql"), "ALTER TABLE items ADD COLUMN price decimal(10,2);\n");
        Files.writeString(folder.resolve("002_more.sql"), "INSERT INTO items VALUES (2, 'c');\n");
        Files.writeString(folder.resolve("README.md"), "not a migration\n");
        CliRun cli = new CliRun(home);
        String[] where = {"--url", url, "--locations", folder.toString(), "--style", "numbered"};

        CliRun.Result before = cli.run(concat(new String[] {"migrate", "status", "--json"}, where));
        assertEquals(0, before.code(), before.toString());
        assertEquals(List.of("001_consolidated_schema.sql=PENDING", "002_more.sql=PENDING", "010_price.sql=PENDING"),
                states(before.json()));

        CliRun.Result run = cli.run(concat(new String[] {"migrate", "run", "--json"}, where));
        assertEquals(0, run.code(), run.toString());
        assertEquals("[\"001_consolidated_schema.sql\",\"002_more.sql\",\"010_price.sql\"]",
                run.json().path("applied").toString(), run.out());
        assertEquals(List.of("001_consolidated_schema.sql:" + sha256(folder.resolve("001_consolidated_schema.sql")),
                "002_more.sql:" + sha256(folder.resolve("002_more.sql")), "010_price.sql:" + sha256(folder.resolve("010_price.sql"))),
                history(db));
        CliRun.Result again = cli.run(concat(new String[] {"migrate", "run"}, where));
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("No migration applied"), again.out());

        // A failing file: exit 1, stays pending; on PostgreSQL its first statement is rolled back with it.
        Files.writeString(folder.resolve("011_broken.sql"), "ALTER TABLE items ADD COLUMN sku varchar(20);\nSELECT * FROM no_such_table;\n");
        CliRun.Result failed = cli.run(concat(new String[] {"migrate", "run"}, where));
        assertEquals(1, failed.code(), failed.toString());
        assertTrue(failed.out().contains("011_broken.sql failed"), failed.out());
        JsonNode after = cli.run(concat(new String[] {"migrate", "status", "--json"}, where)).json();
        assertTrue(states(after).contains("011_broken.sql=PENDING"), after.toString());
        assertEquals(3, history(db).size());
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'sku'")) {
            rs.next();
            assertEquals(postgres ? 0 : 1, rs.getInt(1), postgres ? "rolled back with its file" : "MySQL DDL commits at once");
        }
        if (!postgres) {
            assertTrue(failed.err().contains("before the failure stayed applied"), failed.err());
        }

        // An applied file edited since: shown, not applied again.
        Files.writeString(folder.resolve("011_broken.sql"), "SELECT 1;\n");
        Files.writeString(folder.resolve("002_more.sql"), "INSERT INTO items VALUES (3, 'edited');\n");
        CliRun.Result fixed = cli.run(concat(new String[] {"migrate", "run"}, where));
        assertEquals(0, fixed.code(), fixed.toString());
        assertTrue(fixed.err().contains("002_more.sql changed since it was applied"), fixed.err());
        JsonNode last = cli.run(concat(new String[] {"migrate", "status", "--json"}, where)).json();
        assertEquals(List.of("001_consolidated_schema.sql=APPLIED", "002_more.sql=CHANGED", "010_price.sql=APPLIED",
                "011_broken.sql=APPLIED"), states(last));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void onPostgresql() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("numbered");
        try (Connection c = pg.connect(db)) {
            appliesInOrderRecordsAndStopsAtAFailure("postgresql://postgres@127.0.0.1:" + pg.port() + "/" + db
                    + "?sslmode=disable", c, true);
        }
    }

    @Test
    void onMariaDb() throws Exception {
        MysqlServer mysql = MysqlServer.shared();
        String db = mysql.createDatabase("numbered");
        try (Connection c = mysql.connect(db)) {
            appliesInOrderRecordsAndStopsAtAFailure("mysql://root@127.0.0.1:" + mysql.port() + "/" + db
                    + "?sslMode=DISABLED", c, false);
        }
    }

    @Test
    void aTableAHandRolledRunnerMadeIsUsedAsItIsAndItsRowsAreNotAppliedAgain() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("numbered_existing");
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            // As a Node runner made it: md5 checksums, a timestamptz, its own column order.
            s.execute("CREATE TABLE migration_history (id serial PRIMARY KEY, migration_name text NOT NULL UNIQUE, "
                    + "checksum text, applied_at timestamptz NOT NULL DEFAULT now())");
            s.execute("CREATE TABLE items (id int PRIMARY KEY)");
            s.execute("INSERT INTO migration_history (migration_name, checksum) VALUES ('001_items.sql', 'd41d8cd98f00b204e9800998ecf8427e')");
        }
        Files.writeString(folder.resolve("001_items.sql"), "CREATE TABLE items (id int PRIMARY KEY);\n");
        Files.writeString(folder.resolve("002_names.sql"), "ALTER TABLE items ADD COLUMN name text;\n");
        CliRun cli = new CliRun(home);
        String url = "postgresql://postgres@127.0.0.1:" + pg.port() + "/" + db + "?sslmode=disable";
        CliRun.Result run = cli.run("migrate", "run", "--url", url, "--locations", folder.toString(), "--style", "numbered", "--json");
        assertEquals(0, run.code(), run.toString());
        assertEquals("[\"002_names.sql\"]", run.json().path("applied").toString());
        assertFalse(run.err().contains("changed since"), "an md5 is not compared with a sha256: " + run.err());
    }

    @Test
    void aProductionProfileRunsNumberedFilesOnlyWithTheDatabaseNameConfirmed() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("numbered_prod");
        Files.writeString(folder.resolve("001_items.sql"), "CREATE TABLE items (id int PRIMARY KEY);\n");
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "prod", "--env", "production", "--secret", "ask", "--url",
                "postgresql://postgres@127.0.0.1:" + pg.port() + "/" + db + "?sslmode=disable").code());
        CliRun.Result refused = cli.run("migrate", "run", "--profile", "prod", "--locations", folder.toString(), "--style", "numbered");
        assertNotEquals(0, refused.code(), refused.toString());
        try (Connection c = pg.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('migration_history') IS NULL AND to_regclass('items') IS NULL")) {
            rs.next();
            assertTrue(rs.getBoolean(1), "nothing ran without --confirm");
        }
        assertEquals(0, cli.run("migrate", "run", "--profile", "prod", "--locations", folder.toString(), "--style", "numbered",
                "--confirm", db).code());
    }
}
