package dev.railyard.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupState.Verification;
import dev.railyard.backup.mysql.MysqlBackupService;
import dev.railyard.backup.mysql.MysqlTools;
import dev.railyard.backup.postgres.NativePgTools;
import dev.railyard.backup.postgres.PgBackupService;
import dev.railyard.db.Dialect;
import dev.railyard.home.RailyardHome;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.PgClientTools;
import dev.railyard.task.JobContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deep check of a pg_dump backup (whose manifest has no per-table counts) compares the restored
 * tables with the rows the backup file itself holds, and says so; before, it said "deep ok" after
 * comparing nothing. A restore that loses rows fails the check.
 */
class PgDeepVerifyCountsTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared("15");

    @TempDir
    static Path dir;

    private static ConnectionProfile profile;
    private static BackupService service;
    private static String database;

    @BeforeAll
    static void source() throws Exception {
        database = PG.createDatabase("deep_counts");
        try (Connection c = PG.connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.orders (id int PRIMARY KEY, note text)");
            s.execute("INSERT INTO public.orders SELECT i, 'line ' || i || E'\\nwith a newline' FROM generate_series(1, 250) i");
            s.execute("CREATE SCHEMA \"Billing Dept\"");
            s.execute("CREATE TABLE \"Billing Dept\".\"Invoices\" (id int)");
            s.execute("INSERT INTO \"Billing Dept\".\"Invoices\" VALUES (1), (2)");
            s.execute("CREATE TABLE public.empty_one (id int)");
        }
        RailyardHome home = new RailyardHome(dir.resolve("home"));
        ProfileStore profiles = new ProfileStore(home.profiles());
        profile = new ConnectionProfile("shop", Dialect.POSTGRESQL, "127.0.0.1", PG.port(), database, "postgres",
                SslMode.DISABLE, null, null, null, null, null, SecretMode.ASK, null, 0);
        profiles.save(profile);
        service = new BackupService(new BackupCatalog(home, profiles), new PgBackupService(NativePgTools.fromEnvironment(
                PgClientTools.tool("pg_dump").getParent())), new MysqlBackupService(new MysqlTools(List.of())));
    }

    @Test
    void aPgDumpArchiveIsComparedWithTheRowsItHolds() throws Exception {
        BackupResult made = service.create(profile, "", new BackupService.CreateRequest(BackupOptions.defaults(),
                EngineChoice.NATIVE, true, null)).run(JobContext.silent());
        CatalogEntry entry = service.catalog().require(BackupCatalog.idOf(made.file()));
        assertTrue(entry.manifest().tables().isEmpty(), "pg_dump's manifest has no per-table counts: " + entry.manifest().tables());

        Verification deep = new DeepVerifier(service, dir.resolve("verify"), Clock.systemUTC()).verify(entry, new RecordingContext());
        assertTrue(deep.passed(), deep.detail());
        assertEquals("deep ok", deep.label());
        assertTrue(deep.detail().contains("3 tables, 252 rows match the backup file"), deep.detail());
    }

    @Test
    void aRestoreThatLosesRowsFailsTheCheck() throws Exception {
        // A plain dump whose table gets a trigger that swallows every row before its data is loaded:
        // the file restores without an error, but its rows never arrive.
        Path dump = dir.resolve("swallowed.sql");
        Process p = new ProcessBuilder(PgClientTools.tool("pg_dump").toString(), "--no-owner", "--no-privileges",
                "--table", "public.orders", "-h", "127.0.0.1", "-p", Integer.toString(PG.port()), "-U", "postgres",
                "-f", dump.toString(), database).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        String text = Files.readString(dump);
        String copy = "COPY public.orders (id, note) FROM stdin;";
        assertTrue(text.contains(copy), "pg_dump wrote a COPY");
        text = text.replace(copy, "CREATE FUNCTION public.swallow() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;\n"
                + "CREATE TRIGGER swallow BEFORE INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION public.swallow();\n" + copy);
        Files.writeString(dump, text);
        CatalogEntry imported = service.catalog().importFile(dump, profile, "hand-edited");

        Verification deep = new DeepVerifier(service, dir.resolve("verify2"), Clock.systemUTC()).verify(imported, new RecordingContext());
        assertFalse(deep.passed(), deep.detail());
        assertTrue(deep.detail().contains("public.orders has 0 rows, the backup file says 250"), deep.detail());
    }
}
