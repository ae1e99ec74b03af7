package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.Manifest;
import dev.railyard.backup.ManifestIO;
import dev.railyard.support.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not backups (empty, headerless, without their end) are refused before anything runs. */
class NotABackupCliTest {

    @TempDir
    Path home;

    @TempDir
    Path work;

    private static String pgUrl(EmbeddedPostgres pg, String db) {
        return "postgresql://postgres@127.0.0.1:" + pg.port() + "/" + db + "?sslmode=disable";
    }

    private static long orders(EmbeddedPostgres pg, String db) throws Exception {
        try (Connection c = pg.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private Map<String, byte[]> hostileFiles() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("empty.sql", new byte[0]);
        files.put("empty.sql.gz", gzip(""));
        files.put("headerless.sql", "DROP TABLE IF EXISTS orders;\n".getBytes(StandardCharsets.UTF_8));
        files.put("headerless.sql.gz", gzip("DROP TABLE IF EXISTS orders;\n"));
        files.put("no-end.sql", ("--\n-- PostgreSQL database dump\n--\n\nDROP TABLE IF EXISTS orders;\n")
                .getBytes(StandardCharsets.UTF_8));
        files.put("railyard-no-end.sql.gz", gzip("--\n-- Railyard PostgreSQL dump\n--\n\nDROP TABLE IF EXISTS orders;\n"));
        return files;
    }

    @Test
    void emptyAndHeaderlessFilesAreRefusedByRestoreImportAndVerify() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("not_a_backup");
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY)");
            s.execute("INSERT INTO orders SELECT g FROM generate_series(1, 50) g");
        }
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "shop", "--secret", "ask", "--url", pgUrl(pg, db)).code());

        for (Map.Entry<String, byte[]> hostile : hostileFiles().entrySet()) {
            Path file = work.resolve(hostile.getKey());
            Files.write(file, hostile.getValue());

            CliRun.Result restore = cli.run("backup", "restore", file.toString(), "--to-url", pgUrl(pg, db), "--clean");
            assertNotEquals(0, restore.code(), hostile.getKey() + ": " + restore);
            assertTrue(restore.err().contains("Nothing was run"), restore.toString());
            assertEquals(50, orders(pg, db), hostile.getKey() + " must not touch the target");

            CliRun.Result intoNew = cli.run("backup", "restore", file.toString(), "--to-url", pgUrl(pg, "postgres"),
                    "--create-database", db + "_new");
            assertNotEquals(0, intoNew.code(), hostile.getKey() + ": " + intoNew);
            try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + db + "_new'")) {
                rs.next();
                assertEquals(0, rs.getLong(1), hostile.getKey() + ": no database is created for a file that is no backup");
            }

            CliRun.Result imported = cli.run("backup", "import", file.toString(), "--profile", "shop");
            assertNotEquals(0, imported.code(), hostile.getKey() + ": " + imported);
            assertTrue(imported.err().contains("Nothing was run"), imported.toString());
            assertEquals(0, cli.run("backup", "list", "--profile", "shop", "--json").json().size());
        }

        // A file smuggled into the catalog with a manifest of its own (hash and size right) fails both verifications.
        Path folder = home.resolve("backups").resolve("shop");
        Files.createDirectories(folder);
        Path smuggled = folder.resolve("shop_20261201-000000.sql.gz");
        Files.write(smuggled, gzip(""));
        Instant made = Instant.parse("2026-12-01T00:00:00Z");
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, "imported", null, "postgres", null, null, "shop", db,
                made, made, smuggled.getFileName().toString(), "sql", "gzip", Files.size(smuggled), -1,
                ManifestIO.sha256(smuggled), null, List.of(), List.of(), null, null);
        new ManifestIO().write(ManifestIO.manifestPathFor(smuggled), manifest);
        String id = "shop_20261201-000000";
        assertEquals(id, cli.run("backup", "list", "--profile", "shop", "--json").json().get(0).path("id").asText());

        CliRun.Result quick = cli.run("backup", "verify", id);
        assertNotEquals(0, quick.code(), quick.toString());
        assertTrue((quick.out() + quick.err()).contains("not a backup"), quick.toString());
        CliRun.Result deep = cli.run("backup", "verify", id, "--deep");
        assertNotEquals(0, deep.code(), deep.toString());
        assertTrue((deep.out() + deep.err()).contains("not a backup"), deep.toString());
        CliRun.Result byId = cli.run("backup", "restore", id, "--to-url", pgUrl(pg, db), "--clean");
        assertNotEquals(0, byId.code(), byId.toString());
        assertEquals(50, orders(pg, db));
    }
}
