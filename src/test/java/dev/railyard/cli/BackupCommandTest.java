package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.LatencyProxy;
import dev.railyard.support.MysqlServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCommandTest {

    @TempDir
    Path home;

    @TempDir
    Path work;

    private static String pgUrl(EmbeddedPostgres pg, String db) {
        return "postgresql://postgres@127.0.0.1:" + pg.port() + "/" + db + "?sslmode=disable";
    }

    private static String shopDatabase(EmbeddedPostgres pg) throws Exception {
        String db = pg.createDatabase("cli_backup");
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, note text)");
            s.execute("INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(1, 500) g");
        }
        return db;
    }

    private static long count(EmbeddedPostgres pg, String db, String sql) throws Exception {
        try (Connection c = pg.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aUrlBackupGoesToItsFileAndRestoresIntoANewDatabase() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = shopDatabase(pg);
        Path out = work.resolve("shop.sql.gz");
        CliRun cli = new CliRun(home);

        CliRun.Result created = cli.run("backup", "create", "--url", pgUrl(pg, db), "--out", out.toString(), "--json");
        assertEquals(0, created.code(), created.toString());
        assertTrue(Files.exists(out) && Files.exists(work.resolve("shop.sql.gz.manifest.json")));
        assertEquals("gzip", created.json().path("manifestContent").path("compression").asText());
        assertTrue(created.json().path("id").isNull(), "no id that backup verify would not know: " + created.out());
        assertFalse(created.json().path("inCatalog").asBoolean());
        assertTrue(created.json().path("importWith").asText().startsWith("railyard backup import " + out), created.out());
        CliRun.Result human = cli.run("backup", "create", "--url", pgUrl(pg, db), "--out", work.resolve("again.sql").toString());
        assertFalse(human.out().contains("id: "), human.out());
        assertTrue(human.out().contains("Not in a catalog"), human.out());

        CliRun.Result restored = cli.run("backup", "restore", out.toString(), "--to-url", pgUrl(pg, "postgres"),
                "--create-database", db + "_copy");
        assertEquals(0, restored.code(), restored.toString());
        assertEquals(500, count(pg, db + "_copy", "SELECT count(*) FROM orders"));

        CliRun.Result noOut = cli.run("backup", "create", "--url", pgUrl(pg, db));
        assertEquals(2, noOut.code());
        assertTrue(noOut.errorLine().contains("--out"), noOut.errorLine());

        Path three = work.resolve("shop-3.sql.zst");
        CliRun.Result jobs = cli.run("backup", "create", "--url", pgUrl(pg, db), "--out", three.toString(), "--jobs", "3",
                "--json");
        assertEquals(0, jobs.code(), jobs.toString());
        assertEquals(3, jobs.json().path("manifestContent").path("options").path("jobs").asInt());
        CliRun.Result tooMany = cli.run("backup", "create", "--url", pgUrl(pg, db), "--out", three.toString(), "--jobs", "0");
        assertEquals(2, tooMany.code());
        assertTrue(tooMany.errorLine().contains("--jobs"), tooMany.errorLine());
    }

    @Test
    void aBackupOfTwoJobsOpensTwoConnectionsAndItsEstimateCostsNoConnectionOfItsOwn() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = shopDatabase(pg);
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE lines (id int PRIMARY KEY, order_id int)");
            s.execute("INSERT INTO lines SELECT g, g FROM generate_series(1, 500) g");
        }
        try (LatencyProxy proxy = new LatencyProxy(pg.port(), Duration.ZERO)) {
            String through = "postgresql://postgres@127.0.0.1:" + proxy.port() + "/" + db + "?sslmode=disable";
            CliRun.Result created = new CliRun(home).run("backup", "create", "--url", through, "--engine", "builtin",
                    "--jobs", "2", "--out", work.resolve("two.sql").toString());
            assertEquals(0, created.code(), created.toString());
            assertTrue(created.err().contains("Backing up postgres@127.0.0.1:" + proxy.port()), created.err());
            assertEquals(2, proxy.connections(), "the backup's connection (estimate, version, head, data) and one worker");
        }
    }

    @Test
    void catalogBackupsAreListedVerifiedAndDeepVerifyCatchesDataThatDoesNotMatchTheManifest() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = shopDatabase(pg);
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "shop", "--secret", "ask", "--url", pgUrl(pg, db)).code());

        CliRun.Result created = cli.run("backup", "create", "--profile", "shop", "--note", "before release 2.4", "--json");
        assertEquals(0, created.code(), created.toString());
        String id = created.json().path("id").asText();

        JsonNode list = cli.run("backup", "list", "--profile", "shop", "--json").json();
        assertEquals(1, list.size());
        JsonNode backup = list.get(0);
        assertEquals(id, backup.path("id").asText());
        assertEquals("before release 2.4", backup.path("note").asText());
        assertTrue(backup.path("size").asLong() > 0);
        assertTrue(backup.path("serverVersion").asText().startsWith("17"));
        for (String field : new String[] {"created", "engine", "migrationHead", "verified", "pinned"}) {
            assertTrue(backup.has(field), field);
        }

        assertEquals(0, cli.run("backup", "verify", id, "--deep").code());
        assertTrue(cli.run("backup", "list", "--profile", "shop", "--json").json().get(0).path("verified").asBoolean());

        // A manifest that claims other data: its file still hashes right, but the deep check restores and counts.
        Path manifest = Path.of(backup.path("file").asText() + ".manifest.json");
        ObjectNode json = (ObjectNode) dev.railyard.home.Json.mapper().readTree(manifest.toFile());
        ((ObjectNode) json.path("tables").get(0)).put("rows", 499);
        Files.writeString(manifest, json.toString());
        CliRun.Result deep = cli.run("backup", "verify", id, "--deep", "--json");
        assertEquals(1, deep.code(), deep.toString());
        assertTrue(deep.json().path("detail").asText().contains("has 500 rows, the manifest says 499"), deep.out());
        assertFalse(cli.run("backup", "list", "--profile", "shop", "--json").json().get(0).path("verified").asBoolean());
    }

    @Test
    void restoringOverAProductionDatabaseNeedsItsNameTypedBack() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = shopDatabase(pg);
        Path out = work.resolve("shop.sql");
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("backup", "create", "--url", pgUrl(pg, db), "--out", out.toString()).code());
        assertEquals(0, cli.run("profile", "add", "prod", "--env", "production", "--secret", "ask", "--url", pgUrl(pg, db)).code());

        CliRun.Result refused = cli.run("backup", "restore", out.toString(), "--to-profile", "prod", "--clean");
        assertEquals(2, refused.code());
        assertTrue(refused.errorLine().contains("--confirm " + db), refused.errorLine());
        assertEquals(500, count(pg, db, "SELECT count(*) FROM orders"));

        CliRun.Result confirmed = cli.run("backup", "restore", out.toString(), "--to-profile", "prod", "--clean", "--confirm", db);
        assertEquals(0, confirmed.code(), confirmed.toString());
        assertEquals(500, count(pg, db, "SELECT count(*) FROM orders"));
    }

    @Test
    void releaseWithAFailingMigrationKeepsTheBackupAndNamesIt() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("cli_release");
        Path migrations = Files.createDirectories(work.resolve("migrations"));
        Files.writeString(migrations.resolve("V1__create_orders.sql"), "CREATE TABLE orders (id int PRIMARY KEY);\n"
                + "INSERT INTO orders SELECT g FROM generate_series(1, 50) g;\n");
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "shop", "--secret", "ask", "--url", pgUrl(pg, db)).code());

        CliRun.Result ok = cli.run("release", "--profile", "shop", "--locations", migrations.toString(), "--json");
        assertEquals(0, ok.code(), ok.toString());
        assertTrue(ok.json().path("ok").asBoolean());

        Files.writeString(migrations.resolve("V2__broken.sql"), "ALTER TABLE nope ADD COLUMN x int;\n");
        CliRun.Result failed = cli.run("release", "--profile", "shop", "--locations", migrations.toString(), "--json");
        assertEquals(1, failed.code());
        String backup = failed.json().path("restoreFrom").asText();
        assertFalse(backup.isEmpty(), failed.out());
        assertTrue(failed.json().path("summary").asText().contains("railyard backup restore " + backup));
        JsonNode list = cli.run("backup", "list", "--profile", "shop", "--json").json();
        assertEquals(backup, list.get(0).path("id").asText(), "the backup to restore from is in the catalog");
        assertTrue(list.get(0).path("note").asText().contains("pending V2"), list.get(0).toString());
        assertTrue(list.get(0).path("verified").asBoolean());
    }

    @Test
    void pruneShowsWhatWouldGoAndKeepsPinnedBackups() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = shopDatabase(pg);
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "shop", "--secret", "ask", "--url", pgUrl(pg, db)).code());
        String first = cli.run("backup", "create", "--profile", "shop", "--json").json().path("id").asText();
        String second = cli.run("backup", "create", "--profile", "shop", "--json").json().path("id").asText();
        String third = cli.run("backup", "create", "--profile", "shop", "--json").json().path("id").asText();
        assertEquals(0, cli.run("backup", "pin", first).code());

        JsonNode dry = cli.run("backup", "prune", "--profile", "shop", "--keep-last", "1", "--dry-run", "--json").json();
        assertEquals(1, dry.path("wouldRemove").size());
        assertEquals(second, dry.path("wouldRemove").get(0).asText());
        assertEquals(3, cli.run("backup", "list", "--profile", "shop", "--json").json().size(), "a dry run deletes nothing");

        assertEquals(0, cli.run("backup", "prune", "--profile", "shop", "--keep-last", "1").code());
        JsonNode left = cli.run("backup", "list", "--profile", "shop", "--json").json();
        assertEquals(2, left.size());
        assertEquals(third, left.get(0).path("id").asText());
        assertEquals(first, left.get(1).path("id").asText());
    }

    @Test
    void importedFilesJoinTheCatalog() throws Exception {
        Path outside = work.resolve("old-server.sql");
        Files.writeString(outside, "--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE t (id int);\n\n"
                + "--\n-- PostgreSQL database dump complete\n--\n\n");
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "shop", "--secret", "ask", "--url", "postgresql://postgres@127.0.0.1:1/x").code());
        CliRun.Result imported = cli.run("backup", "import", outside.toString(), "--profile", "shop", "--json");
        assertEquals(0, imported.code(), imported.toString());
        assertEquals("imported", cli.run("backup", "list", "--profile", "shop", "--json").json().get(0).path("engine").asText());
    }

    /**
     * A file made with --out outside the catalog, imported later, keeps what its own manifest knows
     * (engine, server version, per-table counts), so a deep check compares rows; a manifest that
     * describes other bytes is not used.
     */
    @Test
    void importingAnOutFileKeepsItsOwnManifest() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("out_import");
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY)");
            s.execute("INSERT INTO orders SELECT generate_series(1, 40)");
        }
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "shop", "--secret", "ask", "--url",
                "postgresql://postgres@127.0.0.1:" + pg.port() + "/" + db + "?sslmode=disable").code());
        Path out = work.resolve("handmade.sql.zst");
        assertEquals(0, cli.run("backup", "create", "--profile", "shop", "--engine", "builtin", "--out", out.toString()).code());

        CliRun.Result imported = cli.run("backup", "import", out.toString(), "--profile", "shop", "--note", "from CI", "--json");
        assertEquals(0, imported.code(), imported.toString());
        JsonNode listed = cli.run("backup", "list", "--profile", "shop", "--json").json().get(0);
        assertEquals("railyard-builtin", listed.path("engine").asText(), listed.toString());
        assertEquals("from CI", listed.path("note").asText());
        assertTrue(listed.path("imported").asBoolean());
        CliRun.Result deep = cli.run("backup", "verify", listed.path("id").asText(), "--deep", "--json");
        assertEquals(0, deep.code(), deep.toString());
        assertTrue(deep.json().path("detail").asText().contains("1 tables, 40 rows match the manifest"), deep.out());

        // The same name with other bytes: the manifest beside it no longer describes it.
        Path other = work.resolve("other.sql.zst");
        Files.copy(out, other);
        Files.copy(dev.railyard.backup.ManifestIO.manifestPathFor(out), dev.railyard.backup.ManifestIO.manifestPathFor(other));
        try (java.io.OutputStream append = Files.newOutputStream(other, java.nio.file.StandardOpenOption.APPEND)) {
            append.write(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x20, 0x00, 0x01, 0x00, 0x00}); // an empty zstd frame
        }
        CliRun.Result second = cli.run("backup", "import", other.toString(), "--profile", "shop", "--json");
        assertEquals(0, second.code(), second.toString());
        JsonNode newest = cli.run("backup", "list", "--profile", "shop", "--json").json().get(0);
        assertEquals("imported", newest.path("engine").asText(), "a manifest for other bytes is not used: " + newest);
    }

    @Test
    void mysqlBackupAndRestoreThroughTheSameCommands() throws Exception {
        MysqlServer mysql = MysqlServer.shared();
        String db = mysql.createDatabase("cli_backup");
        try (Connection c = mysql.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(20))");
            s.execute("INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
        String url = "mysql://root@127.0.0.1:" + mysql.port() + "/" + db + "?sslMode=DISABLED";
        Path out = work.resolve("items.sql.zst");
        CliRun cli = new CliRun(home);
        CliRun.Result created = cli.run("backup", "create", "--url", url, "--out", out.toString());
        assertEquals(0, created.code(), created.toString());
        CliRun.Result restored = cli.run("backup", "restore", out.toString(), "--to-url", url, "--create-database", db + "_copy");
        assertEquals(0, restored.code(), restored.toString());
        try (Connection c = mysql.connect(db + "_copy"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            assertEquals(3, rs.getInt(1));
        }
    }

    @Test
    void scopeShowsInTheListAndADryRunCleanListsTheDropsAndChangesNothing() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = shopDatabase(pg);
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA other");
            s.execute("CREATE TABLE other.kept (id int)");
        }
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "shop", "--secret", "ask", "--url", pgUrl(pg, db)).code());
        String id = cli.run("backup", "create", "--profile", "shop", "--schema", "public", "--json").json().path("id").asText();

        JsonNode list = cli.run("backup", "list", "--profile", "shop", "--json").json();
        assertEquals("schema public", list.get(0).path("scope").asText(), list.toString());
        assertTrue(cli.run("backup", "list", "--profile", "shop").out().contains("schema public"));

        CliRun.Result clash = cli.run("backup", "restore", id, "--to-profile", "shop");
        assertEquals(1, clash.code(), clash.toString());
        assertTrue(clash.toString().contains("table public.orders") && clash.toString().contains("--clean"), clash.toString());

        CliRun.Result dry = cli.run("backup", "restore", id, "--to-profile", "shop", "--clean", "--dry-run");
        assertEquals(0, dry.code(), dry.toString());
        assertTrue(dry.out().contains("would drop table public.orders"), dry.out());
        assertFalse(dry.out().contains("other.kept"), dry.out());
        assertEquals(500, count(pg, db, "SELECT count(*) FROM orders"));
        assertEquals(1, cli.run("backup", "list", "--profile", "shop", "--json").json().size(), "a dry run backs nothing up");

        CliRun.Result cleaned = cli.run("backup", "restore", id, "--to-profile", "shop", "--clean");
        assertEquals(0, cleaned.code(), cleaned.toString());
        assertTrue(cleaned.out().contains("dropped table public.orders"), cleaned.out());
        assertEquals(1, count(pg, db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'other'"));
        JsonNode after = cli.run("backup", "list", "--profile", "shop", "--json").json();
        assertEquals(2, after.size(), "the target was backed up first");
        assertTrue(after.toString().contains("before restore of " + id), after.toString());
    }
}
