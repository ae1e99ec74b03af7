package dev.railyard.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a catalog backup is called: its format's extension, and a name no other profile's backup can have. */
class CatalogNamesTest {

    @TempDir
    Path dir;

    @Test
    void aCustomFormatCatalogBackupIsADumpFileThatVerifiesAndRestores() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared("15");
        String db = pg.createDatabase("custom_catalog");
        PgClientTools.psql(pg, db, "-c", "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 100);");
        RailyardHome home = new RailyardHome(dir.resolve("home"));
        ProfileStore profiles = new ProfileStore(home.profiles());
        ConnectionProfile profile = new ConnectionProfile("shop", Dialect.POSTGRESQL, "127.0.0.1", pg.port(), db, "postgres",
                SslMode.DISABLE, null, null, null, null, null, SecretMode.ASK, null, 0);
        profiles.save(profile);
        BackupCatalog catalog = new BackupCatalog(home, profiles);
        BackupService service = new BackupService(catalog, new PgBackupService(NativePgTools.fromEnvironment(Path.of("/usr/bin"))),
                new MysqlBackupService(MysqlTools.fromPath()));

        BackupResult result = service.create(profile, null,
                new BackupService.CreateRequest(BackupOptions.defaults(), EngineChoice.NATIVE, true, null)).run(JobContext.silent());

        assertTrue(result.file().getFileName().toString().endsWith(".dump"), result.file().toString());
        CatalogEntry entry = catalog.list(profile).get(0);
        assertEquals("custom", entry.manifest().format());
        BackupState.Verification verification = catalog.verifyQuick(entry, JobContext.silent());
        assertTrue(verification.passed(), verification.detail());
        assertEquals(BackupFileCheck.Kind.PG_DUMP_ARCHIVE, BackupFileCheck.require(entry.file(), JobContext.silent()));
    }

    @Test
    void profileNamesThatDifferOnlyInPunctuationNeverShareABackupName() {
        assertEquals("a%3Bb", BackupCatalog.safeName("a;b"));
        assertEquals("a%27b", BackupCatalog.safeName("a'b"));
        assertEquals("a-b", BackupCatalog.safeName("a-b"));
        assertEquals("a%25b", BackupCatalog.safeName("a%b"));
        assertEquals("r%C3%A9seau", BackupCatalog.safeName("réseau"));
    }
}
