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
import dev.railyard.support.MysqlServer;
import dev.railyard.task.JobContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup verify --deep} of a MySQL 9 backup restores into a MySQL server of at least that major
 * (never into MariaDB, which knows neither utf8mb4_0900_ai_ci nor VECTOR); with none installed the
 * catalog says "not deeply verified" and what to install, never "failed"; a check that compared
 * nothing never says "deep ok".
 */
class MysqlDeepVerifyTest {

    @TempDir
    static Path dir;

    private static MysqlServer mysql;
    private static ConnectionProfile profile;
    private static BackupService service;
    private static CatalogEntry entry;

    @BeforeAll
    static void backUpAMysql9Database() throws Exception {
        mysql = MysqlServer.sharedMysql9();
        String db = mysql.createDatabase("deep_verify");
        try (Connection c = mysql.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE visits (id INT PRIMARY KEY, note VARCHAR(40) COLLATE utf8mb4_0900_ai_ci, emb VECTOR(2))");
            s.execute("INSERT INTO visits VALUES (1, 'first', STRING_TO_VECTOR('[1,2]')), (2, 'second', NULL)");
        }
        RailyardHome home = new RailyardHome(dir.resolve("home"));
        ProfileStore profiles = new ProfileStore(home.profiles());
        profile = new ConnectionProfile("clinic", Dialect.MYSQL, "127.0.0.1", mysql.port(), db, "root",
                SslMode.DISABLE, null, null, null, null, null, SecretMode.ASK, null, 0);
        profiles.save(profile);
        service = new BackupService(new BackupCatalog(home, profiles), new PgBackupService(NativePgTools.fromEnvironment(
                Path.of("/usr/bin"))), new MysqlBackupService(new MysqlTools(List.of())));
        BackupResult result = service.create(profile, "", new BackupService.CreateRequest(BackupOptions.defaults(),
                EngineChoice.BUILTIN, false, null)).run(JobContext.silent());
        entry = service.catalog().require(BackupCatalog.idOf(result.file()));
    }

    @Test
    void aMysql9BackupIsRestoredIntoMysql9AndItsRowsCompared() throws Exception {
        Path mysqlFolder = mysql.client("mysqldump").getParent(); // the launcher of MySQL 9's server sits beside it
        Verification deep = new DeepVerifier(service, dir.resolve("verify"), Clock.systemUTC(), List.of(mysqlFolder))
                .verify(entry, new RecordingContext());
        assertTrue(deep.passed(), deep.detail());
        assertEquals("deep ok", deep.label());
        assertTrue(deep.detail().contains("MySQL 9.") && deep.detail().contains("2 rows match"), deep.detail());
    }

    @Test
    void withNoMysqlServerOfThatMajorTheCatalogSaysNotDeeplyVerifiedAndWhatToInstall() throws Exception {
        // A backup from a MySQL newer than any installed here (the manifest says so): no server can take it.
        Path copy = dir.resolve("future.sql");
        java.nio.file.Files.copy(entry.file(), copy);
        ManifestIO io = new ManifestIO();
        Manifest m = entry.manifest();
        io.write(ManifestIO.manifestPathFor(copy), new Manifest(m.formatVersion(), m.engine(), m.engineVersion(), m.dialect(),
                "99.0.1", m.source(), m.profile(), m.database(), m.startedAt(), m.finishedAt(), copy.getFileName().toString(),
                m.format(), m.compression(), m.fileBytes(), m.uncompressedBytes(), m.sha256(), m.options(), m.tables(),
                m.warnings(), m.note(), m.migrationHead()));
        CatalogEntry future = new CatalogEntry("future", copy, io.read(ManifestIO.manifestPathFor(copy)), BackupState.initial());
        Path mysqlFolder = mysql.client("mysqldump").getParent();
        Verification deep = new DeepVerifier(service, dir.resolve("verify2"), Clock.systemUTC(), List.of(mysqlFolder))
                .verify(future, new RecordingContext());
        assertFalse(deep.passed());
        assertTrue(deep.inconclusive(), deep.detail());
        assertEquals("not deeply verified", deep.label());
        assertTrue(deep.detail().contains("install MySQL 99.x or later") && deep.detail().contains("MySQL 9."), deep.detail());
        assertEquals("not deeply verified", new BackupState(false, deep, false).verification().label());
    }

    @Test
    void anImportedDumpThatRestoresButHasNoCountsToCompareIsNotCalledDeepOk() throws Exception {
        Path outside = dir.resolve("made-elsewhere.sql");
        java.nio.file.Files.copy(entry.file(), outside);
        CatalogEntry imported = service.catalog().importFile(outside, profile, "from a colleague");
        Path mysqlFolder = mysql.client("mysqldump").getParent();
        Verification deep = new DeepVerifier(service, dir.resolve("verify3"), Clock.systemUTC(), List.of(mysqlFolder))
                .verify(imported, new RecordingContext());
        assertFalse(deep.passed(), deep.detail());
        assertEquals("not deeply verified", deep.label());
        assertTrue(deep.detail().contains("restored cleanly into a local MySQL 9.") && deep.detail().contains("no per-table row counts"),
                deep.detail());
    }
}
