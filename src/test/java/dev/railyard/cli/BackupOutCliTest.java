package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.railyard.backup.ManifestIO;
import dev.railyard.support.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --out never replaces a file silently, never a pinned backup, and a replaced file does not inherit the old one's state. */
class BackupOutCliTest {

    @TempDir
    Path home;

    private static JsonNode entry(CliRun cli, String id) {
        for (JsonNode node : cli.run("backup", "list", "--profile", "shop", "--json").json()) {
            if (node.path("id").asText().equals(id)) {
                return node;
            }
        }
        throw new AssertionError("no backup " + id);
    }

    @Test
    void anExistingOutFileIsReplacedOnlyWithForceAPinnedOneNeverAndItsStateStaysWithItsChecksum() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("out_force");
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY)");
            s.execute("INSERT INTO orders SELECT generate_series(1, 100)");
        }
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "shop", "--secret", "ask", "--url",
                "postgresql://postgres@127.0.0.1:" + pg.port() + "/" + db + "?sslmode=disable").code());
        Path folder = home.resolve("backups").resolve("shop");
        Path out = folder.resolve("manual.sql.zst");

        assertEquals(0, cli.run("backup", "create", "--profile", "shop", "--out", out.toString()).code());
        assertEquals(0, cli.run("backup", "verify", "manual").code());
        assertTrue(entry(cli, "manual").path("verified").asBoolean());
        String first = ManifestIO.sha256(out);

        CliRun.Result refused = cli.run("backup", "create", "--profile", "shop", "--out", out.toString());
        assertNotEquals(0, refused.code(), refused.toString());
        assertTrue(refused.err().contains("--force"), refused.toString());
        assertEquals(first, ManifestIO.sha256(out), "the file is untouched");

        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("INSERT INTO orders SELECT generate_series(101, 200)");
        }
        CliRun.Result forced = cli.run("backup", "create", "--profile", "shop", "--out", out.toString(), "--force");
        assertEquals(0, forced.code(), forced.toString());
        assertNotEquals(first, ManifestIO.sha256(out));
        assertFalse(entry(cli, "manual").path("verified").asBoolean(), "the new file is not the one that was verified");

        assertEquals(0, cli.run("backup", "verify", "manual").code());
        assertEquals(0, cli.run("backup", "pin", "manual").code());
        String pinned = ManifestIO.sha256(out);
        CliRun.Result pinRefused = cli.run("backup", "create", "--profile", "shop", "--out", out.toString(), "--force");
        assertNotEquals(0, pinRefused.code(), pinRefused.toString());
        assertTrue(pinRefused.err().contains("pinned"), pinRefused.toString());
        assertEquals(pinned, ManifestIO.sha256(out));

        // The file and manifest replaced behind Railyard's back (another backup copied over them): the old verification goes.
        CliRun.Result other = cli.run("backup", "create", "--profile", "shop", "--json");
        Path otherFile = Path.of(other.json().path("file").asText());
        Files.copy(otherFile, out, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(ManifestIO.manifestPathFor(otherFile), ManifestIO.manifestPathFor(out), StandardCopyOption.REPLACE_EXISTING);
        JsonNode replaced = entry(cli, "manual");
        assertFalse(replaced.path("verified").asBoolean(), replaced.toString());
        assertTrue(replaced.path("pinned").asBoolean(), "the pin stays with the name");
    }
}
