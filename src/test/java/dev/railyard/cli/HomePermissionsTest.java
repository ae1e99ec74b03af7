package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.support.ChildCli;
import dev.railyard.support.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After a whole CLI session, everything under RAILYARD_HOME is its user's alone: folders 0700, files 0600. */
class HomePermissionsTest {

    @TempDir
    Path dir;

    @Test
    void everyFileAndFolderUnderTheHomeIsPrivateAfterAFullSession() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("private_home");
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY)");
            s.execute("INSERT INTO orders SELECT generate_series(1, 100)");
        }
        Path home = dir.resolve("home");
        ChildCli cli = new ChildCli(home, dir.resolve("work"), Map.of("RAILYARD_VAULT_PASSWORD", "vault-pass"));
        String url = "postgresql://postgres:secret@127.0.0.1:" + pg.port() + "/" + db + "?sslmode=disable";

        ChildCli.Result added = cli.run("profile", "add", "shop", "--secret", "vault", "--url", url);
        assertEquals(0, added.code(), added.toString());
        ChildCli.Result created = cli.run("backup", "create", "--profile", "shop", "--note", "session");
        assertEquals(0, created.code(), created.toString());
        ChildCli.Result out = cli.run("backup", "create", "--profile", "shop", "--out",
                home.resolve("backups").resolve("manual").resolve("by-hand.sql.gz").toString());
        assertEquals(0, out.code(), out.toString());
        ChildCli.Result listed = cli.run("backup", "list", "--profile", "shop", "--json");
        assertEquals(0, listed.code(), listed.toString());
        String id = listed.output().replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        ChildCli.Result verified = cli.run("backup", "verify", id);
        assertEquals(0, verified.code(), verified.toString());
        ChildCli.Result pinned = cli.run("backup", "pin", id);
        assertEquals(0, pinned.code(), pinned.toString());
        ChildCli.Result restored = cli.run("backup", "restore", id, "--to-url",
                "postgresql://postgres@127.0.0.1:" + pg.port() + "/postgres?sslmode=disable", "--create-database", db + "_copy");
        assertEquals(0, restored.code(), restored.toString());
        ChildCli.Result inspected = cli.run("inspect", "tables", "--profile", "shop");
        assertEquals(0, inspected.code(), inspected.toString());

        assertTrue(Files.isRegularFile(home.resolve("logs").resolve("railyard.log")), "the session logged");
        assertTrue(Files.isRegularFile(home.resolve("vault.json")));
        List<String> open = new ArrayList<>();
        try (Stream<Path> all = Files.walk(home)) {
            for (Path path : all.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
                String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
                if (!mode.equals(expected)) {
                    open.add(home.relativize(path) + " " + mode);
                }
            }
        }
        assertTrue(open.isEmpty(), "not private: " + open);
    }
}
