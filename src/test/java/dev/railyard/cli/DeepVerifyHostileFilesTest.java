package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.MysqlServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup verify --deep} restores a file someone else made: what the file says must not
 * run on this machine. Statements that reach the server's machine are named and never run; the
 * rest runs as a user without superuser rights, so what the scan misses is refused by the server.
 */
class DeepVerifyHostileFilesTest {

    @TempDir
    Path home;

    @TempDir
    Path work;

    private static String pgUrl(EmbeddedPostgres pg, String db) {
        return "postgresql://postgres@127.0.0.1:" + pg.port() + "/" + db + "?sslmode=disable";
    }

    /** A real backup of {@code url}'s database with {@code extra} put in before its closing line, imported into the catalog. */
    private String importedWith(CliRun cli, String profile, String url, String extension, String extra) throws Exception {
        Path made = work.resolve(profile + "-made" + extension);
        CliRun.Result created = cli.run("backup", "create", "--url", url, "--out", made.toString());
        assertEquals(0, created.code(), created.toString());
        List<String> lines = new ArrayList<>(Files.readAllLines(made, StandardCharsets.UTF_8));
        int end = lines.size() - 1;
        while (!lines.get(end).toLowerCase().contains("complete")) {
            end--;
        }
        lines.add(end, extra);
        Path hostile = work.resolve(profile + "-hostile" + extension);
        Files.write(hostile, lines, StandardCharsets.UTF_8);
        assertEquals(0, cli.run("profile", "add", profile, "--secret", "ask", "--url", url).code());
        CliRun.Result imported = cli.run("backup", "import", hostile.toString(), "--profile", profile, "--json");
        assertEquals(0, imported.code(), imported.toString());
        return imported.json().path("id").asText();
    }

    private static String shop(EmbeddedPostgres pg) throws Exception {
        String db = pg.createDatabase("deep_hostile");
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, note text)");
            s.execute("INSERT INTO orders SELECT g, 'order ' || g FROM generate_series(1, 50) g");
        }
        return db;
    }

    @Test
    void copyToProgramFailsDeepVerifyIsNamedAndRunsNothing() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        Path marker = work.resolve("ran-id");
        CliRun cli = new CliRun(home);
        String id = importedWith(cli, "pgx", pgUrl(pg, shop(pg)), ".sql",
                "COPY (SELECT 1) TO PROGRAM 'id > " + marker + "';");
        CliRun.Result deep = cli.run("backup", "verify", id, "--deep", "--json");
        assertEquals(1, deep.code(), deep.toString());
        String detail = deep.json().path("detail").asText();
        assertTrue(detail.contains("COPY (SELECT 1) TO PROGRAM"), detail);
        assertTrue(detail.matches("(?s).*line \\d+.*"), detail);
        assertFalse(detail.contains("deep ok"), detail);
        assertFalse(Files.exists(marker), "the program did not run");
    }

    @Test
    void copyFromProgramEnvCannotReadTheVaultPasswordAndIsNamed() throws Exception {
        // The throwaway server inherits this process's environment (RAILYARD_VAULT_PASSWORD with it).
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        CliRun cli = new CliRun(home);
        String id = importedWith(cli, "pgenv", pgUrl(pg, shop(pg)), ".sql",
                "CREATE TABLE public.loot (line text);\nCOPY public.loot FROM PROGRAM 'env';");
        CliRun.Result deep = cli.run("backup", "verify", id, "--deep", "--json");
        assertEquals(1, deep.code(), deep.toString());
        assertTrue(deep.json().path("detail").asText().contains("COPY public.loot FROM PROGRAM 'env'"), deep.out());
    }

    @Test
    void whatTheScanCannotSeeRunsAsAUserWithoutSuperuserAndIsRefusedByTheServer() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        Path marker = work.resolve("ran-dynamic");
        CliRun cli = new CliRun(home);
        String id = importedWith(cli, "pgdyn", pgUrl(pg, shop(pg)), ".sql",
                "DO $$ BEGIN EXECUTE 'COPY (SELECT 1) TO PROG' || 'RAM ''id > " + marker + "'''; END $$;");
        CliRun.Result deep = cli.run("backup", "verify", id, "--deep", "--json");
        assertEquals(1, deep.code(), deep.toString());
        String detail = deep.json().path("detail").asText();
        assertTrue(detail.contains("does not restore") && detail.contains("DO $$"), detail);
        assertTrue(detail.contains("permission denied"), detail);
        assertFalse(Files.exists(marker), "the program did not run");
    }

    @Test
    void aBackupWithUntrustedAndTrustedExtensionsStillVerifies() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = shop(pg);
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pg_buffercache"); // superuser only
            s.execute("CREATE EXTENSION pg_trgm"); // trusted: the database owner may create it
            s.execute("CREATE INDEX orders_note_trgm ON orders USING gin (note gin_trgm_ops)");
        }
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "pgext", "--secret", "ask", "--url", pgUrl(pg, db)).code());
        CliRun.Result created = cli.run("backup", "create", "--profile", "pgext", "--json");
        assertEquals(0, created.code(), created.toString());
        CliRun.Result deep = cli.run("backup", "verify", created.json().path("id").asText(), "--deep", "--json");
        assertEquals(0, deep.code(), deep.toString());
    }

    @Test
    void mysqlIntoOutfileFailsDeepVerifyAndWritesNoFile() throws Exception {
        MysqlServer mysql = MysqlServer.shared();
        String db = mysql.createDatabase("deep_hostile");
        try (Connection c = mysql.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(20))");
            s.execute("INSERT INTO items VALUES (1, 'one'), (2, 'two')");
            s.execute("CREATE VIEW item_names AS SELECT name FROM items");
        }
        Path marker = work.resolve("outfile.txt");
        String url = "mysql://root@127.0.0.1:" + mysql.port() + "/" + db + "?sslMode=DISABLED";
        CliRun cli = new CliRun(home);
        String id = importedWith(cli, "myx", url, ".sql", "SELECT 'owned' INTO OUTFILE '" + marker + "';");
        CliRun.Result deep = cli.run("backup", "verify", id, "--deep", "--json");
        assertEquals(1, deep.code(), deep.toString());
        assertTrue(deep.json().path("detail").asText().contains("INTO OUTFILE"), deep.out());
        assertFalse(Files.exists(marker), "no file was written");

        // The same database without the hostile line verifies (a view with its DEFINER included).
        assertEquals(0, cli.run("profile", "add", "myok", "--secret", "ask", "--url", url).code());
        CliRun.Result created = cli.run("backup", "create", "--profile", "myok", "--json");
        assertEquals(0, created.code(), created.toString());
        CliRun.Result ok = cli.run("backup", "verify", created.json().path("id").asText(), "--deep", "--json");
        assertEquals(0, ok.code(), ok.toString());
    }

    @Test
    void restoringAFileThatRunsProgramsListsThemAndNeedsTheFlag() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        Path marker = work.resolve("ran-on-restore");
        String db = shop(pg);
        Path made = work.resolve("made.sql");
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("backup", "create", "--url", pgUrl(pg, db), "--out", made.toString()).code());
        List<String> lines = new ArrayList<>(Files.readAllLines(made, StandardCharsets.UTF_8));
        int end = lines.size() - 1;
        while (!lines.get(end).contains("dump complete")) {
            end--;
        }
        lines.add(end, "COPY (SELECT 1) TO PROGRAM 'cat > " + marker + "';");
        Path hostile = work.resolve("from-elsewhere.sql");
        Files.write(hostile, lines, StandardCharsets.UTF_8);

        CliRun.Result refused = cli.run("backup", "restore", hostile.toString(), "--to-url", pgUrl(pg, "postgres"),
                "--create-database", db + "_copy");
        assertEquals(2, refused.code(), refused.toString());
        assertTrue(refused.err().contains("COPY (SELECT 1) TO PROGRAM"), refused.err());
        assertTrue(refused.err().contains("--allow-server-programs"), refused.err());
        assertFalse(Files.exists(marker), "nothing ran");

        CliRun.Result allowed = cli.run("backup", "restore", hostile.toString(), "--to-url", pgUrl(pg, "postgres"),
                "--create-database", db + "_copy", "--allow-server-programs");
        assertEquals(0, allowed.code(), allowed.toString());
        assertTrue(allowed.err().contains("COPY (SELECT 1) TO PROGRAM"), "still listed: " + allowed.err());
        assertTrue(Files.exists(marker), "run as the user asked");
    }
}
