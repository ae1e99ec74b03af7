package dev.railyard.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.mysql.MysqlBackupService;
import dev.railyard.backup.mysql.MysqlEndpoint;
import dev.railyard.backup.mysql.MysqlTools;
import dev.railyard.backup.postgres.NativePgTools;
import dev.railyard.backup.postgres.PgBackupService;
import dev.railyard.backup.postgres.PgEndpoint;
import dev.railyard.db.ConnectionProblem;
import dev.railyard.db.Dialect;
import dev.railyard.home.RailyardHome;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.LatencyProxy;
import dev.railyard.support.MysqlServer;
import dev.railyard.support.PgClientTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a backup costs in connections, and which migration head its manifest names: a backup of N
 * jobs opens N connections (counted by the proxy in front of the server), the server version and
 * the head come from the first one, and the head is the one of the backup's snapshot, decided by
 * the tool's order rather than by install time.
 */
@Timeout(180)
class BackupConnectionsTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared("15");

    @TempDir
    Path dir;

    // ---- PostgreSQL ----

    @Test
    void aPostgresBackupOfTwoJobsOpensTwoConnectionsAndOfOneJobOne() throws Exception {
        String db = PG.createDatabase("conns");
        migrate(PG.jdbcUrl(db), null);
        tables(PG.connect(db), 3);
        try (Connection c = PG.connect(db); Statement s = c.createStatement()) {
            s.execute("ANALYZE"); // the catalog's sizes, which the estimate is made of
        }
        try (LatencyProxy proxy = new LatencyProxy(PG.port(), Duration.ZERO)) {
            ConnectionProfile profile = pgProfile(proxy.port(), db);
            List<TransferEstimate> estimates = new CopyOnWriteArrayList<>();
            RecordingContext context = new RecordingContext();
            BackupResult two = service().create(profile, null, request(EngineChoice.BUILTIN, 2, "two.sql"), estimates::add)
                    .run(context);
            assertTrue(context.log.stream().anyMatch(l -> l.startsWith("Copying tables on 2 connections")), context.log.toString());
            assertEquals(2, proxy.connections(), "a backup of 2 jobs: the first connection and one worker");
            assertEquals("Flyway 2", two.manifest().migrationHead());
            assertEquals(1, estimates.size(), "the estimate comes once, from the backup's own catalog read");
            assertTrue(estimates.get(0).bytes() > 0);

            proxy.resetCounts();
            BackupResult one = service().create(profile, null, request(EngineChoice.BUILTIN, 1, "one.sql")).run(new RecordingContext());
            assertEquals(1, proxy.connections(), "a backup of 1 job: version, head, catalog and data on one connection");
            assertEquals("Flyway 2", one.manifest().migrationHead());
            assertEquals(two.manifest().serverVersion(), one.manifest().serverVersion());
        }
    }

    @Test
    void twoFlywayMigrationsInstalledInTheSameSecondGiveTheSecondAsHeadOnPostgres() throws Exception {
        String db = PG.createDatabase("sametime");
        migrate(PG.jdbcUrl(db), null);
        try (Connection c = PG.connect(db); Statement s = c.createStatement()) {
            // One migrate call often puts both in the same second; make the tie certain.
            s.execute("UPDATE flyway_schema_history SET installed_on = timestamp '2026-12-01 10:00:00'");
        }
        BackupResult result = service().create(pgProfile(PG.port(), db), null, request(EngineChoice.BUILTIN, 1, "tie.sql"))
                .run(new RecordingContext());
        assertEquals("Flyway 2", result.manifest().migrationHead());
    }

    @Test
    void theHeadIsTheOneOfTheSnapshotNotOfAMigrationCommittedDuringTheBackup() throws Exception {
        String db = PG.createDatabase("snaphead");
        migrate(PG.jdbcUrl(db), null);
        tables(PG.connect(db), 2);
        PgBackupService engines = new PgBackupService(NativePgTools.fromEnvironment(Path.of("/usr/bin")));
        BackupResult result = engines.create(pgEndpoint(db), options(2), EngineChoice.BUILTIN, false, dir.resolve("snap.sql"),
                null, migrationLandsFirst(Dialect.POSTGRESQL, () -> PG.connect(db))).run(new RecordingContext());
        assertEquals("Flyway 2", result.manifest().migrationHead());
        assertEquals(3, flywayRows(PG.connect(db)), "the third migration did commit");
    }

    @Test
    void pgDumpJoinsTheSnapshotTheHeadWasReadIn() throws Exception {
        PgClientTools.tool("pg_dump");
        String db = PG.createDatabase("nativehead");
        migrate(PG.jdbcUrl(db), null);
        PgBackupService engines = new PgBackupService(NativePgTools.fromEnvironment(Path.of("/usr/bin")));
        RecordingContext context = new RecordingContext();
        Path out = dir.resolve("native.sql");
        BackupResult result = engines.create(pgEndpoint(db), options(1), EngineChoice.NATIVE, false, out, null,
                migrationLandsFirst(Dialect.POSTGRESQL, () -> PG.connect(db))).run(context);
        assertEquals("pg_dump", result.engine());
        assertTrue(context.log.stream().anyMatch(l -> l.contains("--snapshot=")), context.log.toString());
        assertEquals("Flyway 2", result.manifest().migrationHead());
        String script = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(script.contains("V2__second.sql"), "the dump holds the history table");
        assertFalse(script.contains("V3__later.sql"), "pg_dump read the snapshot the head was read in, not a later state");
        assertTrue(result.warnings().isEmpty(), result.warnings().toString());
    }

    @Test
    void aHistoryThatCannotBeReadCostsTheHeadNotTheBackupsTransaction() throws Exception {
        String db = PG.createDatabase("badhistory");
        tables(PG.connect(db), 2);
        SnapshotProbe failing = new SnapshotProbe() {
            @Override
            public Optional<String> migrationHead(Connection connection) throws SQLException {
                try (Statement s = connection.createStatement()) {
                    s.executeQuery("SELECT * FROM no_such_history_table").close();
                }
                return Optional.of("never");
            }
        };
        PgBackupService engines = new PgBackupService(NativePgTools.fromEnvironment(Path.of("/usr/bin")));
        RecordingContext builtin = new RecordingContext();
        BackupResult parallel = engines.create(pgEndpoint(db), options(2), EngineChoice.BUILTIN, false, dir.resolve("bad.sql"),
                null, failing).run(builtin);
        assertEquals(null, parallel.manifest().migrationHead());
        assertEquals(6, parallel.manifest().totalRows(), "both tables copied, on the connection and its worker");
        assertTrue(builtin.log.stream().anyMatch(l -> l.startsWith("Copying tables on 2 connections")), builtin.log.toString());
        assertTrue(builtin.log.stream().anyMatch(l -> l.startsWith("No migration head")), builtin.log.toString());

        PgClientTools.tool("pg_dump");
        RecordingContext context = new RecordingContext();
        BackupResult dumped = engines.create(pgEndpoint(db), options(1), EngineChoice.NATIVE, false, dir.resolve("bad-native.sql"),
                null, failing).run(context);
        assertEquals(null, dumped.manifest().migrationHead());
        assertTrue(context.log.stream().anyMatch(l -> l.contains("--snapshot=")), "the snapshot was exported before the failed read");
    }

    // ---- MySQL / MariaDB ----

    @Test
    void aMysqlBuiltInBackupOpensOneConnection() throws Exception {
        MysqlServer server = MysqlServer.shared();
        String db = server.createDatabase("conns");
        migrate(server.jdbcUrl(db), db);
        tables(server.connect(db), 3);
        try (LatencyProxy proxy = new LatencyProxy(server.port(), Duration.ZERO)) {
            ConnectionProfile profile = mysqlProfile(proxy.port(), db);
            List<TransferEstimate> estimates = new CopyOnWriteArrayList<>();
            BackupResult result = service().create(profile, "", request(EngineChoice.BUILTIN, 2, "my.sql"), estimates::add)
                    .run(new RecordingContext());
            // The MySQL built-in engine copies on its one connection whatever the jobs (at most N, never more).
            assertEquals(1, proxy.connections(), "version, head, catalog and rows on one connection");
            assertEquals("Flyway 2", result.manifest().migrationHead());
            assertEquals(1, estimates.size());
        }
    }

    @Test
    void twoFlywayMigrationsInstalledInTheSameSecondGiveTheSecondAsHeadOnMysql() throws Exception {
        MysqlServer server = MysqlServer.shared();
        String db = server.createDatabase("sametime");
        migrate(server.jdbcUrl(db), db);
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            // installed_on is a TIMESTAMP (whole seconds): one migrate call often ties; make the tie certain.
            s.execute("UPDATE flyway_schema_history SET installed_on = '2026-12-01 10:00:00'");
        }
        BackupResult result = service().create(mysqlProfile(server.port(), db), "", request(EngineChoice.BUILTIN, 1, "tie.sql"))
                .run(new RecordingContext());
        assertEquals("Flyway 2", result.manifest().migrationHead());
    }

    @Test
    void theMysqlHeadIsTheOneOfTheSnapshot() throws Exception {
        MysqlServer server = MysqlServer.shared();
        String db = server.createDatabase("snaphead");
        migrate(server.jdbcUrl(db), db);
        MysqlEndpoint endpoint = new MysqlEndpoint(null, "127.0.0.1", server.port(), db, "root", "", SslMode.DISABLE);
        BackupResult result = new MysqlBackupService(MysqlTools.fromPath()).create(endpoint, options(1), EngineChoice.BUILTIN,
                dir.resolve("snap.sql"), migrationLandsFirst(Dialect.MYSQL, () -> server.connect(db))).run(new RecordingContext());
        assertEquals("Flyway 2", result.manifest().migrationHead());
        assertEquals(3, flywayRows(server.connect(db)), "the third migration did commit");
    }

    @Test
    void aMigrationThatLandsBeforeMariadbDumpsOwnSnapshotIsNamedInTheManifest() throws Exception {
        MysqlServer server = MysqlServer.shared();
        String db = server.createDatabase("nativehead");
        migrate(server.jdbcUrl(db), db);
        MysqlEndpoint endpoint = new MysqlEndpoint(null, "127.0.0.1", server.port(), db, "root", "", SslMode.DISABLE);
        // The head is read, then a third migration commits before the tool starts: MySQL cannot hand
        // the head's snapshot to mysqldump, so the backup reads the head again after and says so.
        AtomicInteger reads = new AtomicInteger();
        SnapshotProbe probe = new SnapshotProbe() {
            @Override
            public Optional<String> migrationHead(Connection connection) throws SQLException {
                Optional<String> head = MigrationHead.read(connection, Dialect.MYSQL);
                if (reads.incrementAndGet() == 1) {
                    migrationLandsFirst(Dialect.MYSQL, () -> server.connect(db)).migrationHead(connection);
                }
                return head;
            }
        };
        Path out = dir.resolve("native.sql");
        BackupResult result = new MysqlBackupService(MysqlTools.fromPath()).create(endpoint, options(1), EngineChoice.NATIVE,
                out, probe).run(new RecordingContext());
        assertEquals(2, reads.get(), "read before and after the dump");
        assertEquals("Flyway 2", result.manifest().migrationHead(), "the head before: the file holds at least that one");
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains("Flyway 2 before and Flyway 3 after")),
                result.warnings().toString());
        assertTrue(Files.readString(out, StandardCharsets.UTF_8).contains("V3__later.sql"));
    }

    @Test
    void aRefusedPasswordComesAsAClassifiedProblemBeforeAnythingIsWritten() throws Exception {
        MysqlServer server = MysqlServer.shared();
        String db = server.createDatabase("refused");
        try (Connection c = server.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE USER IF NOT EXISTS 'bk_guarded'@'127.0.0.1' IDENTIFIED BY 'right-one'");
            s.execute("GRANT ALL PRIVILEGES ON `" + db + "`.* TO 'bk_guarded'@'127.0.0.1'");
        }
        ConnectionProfile profile = new ConnectionProfile("guarded", Dialect.MYSQL, "127.0.0.1", server.port(), db,
                "bk_guarded", SslMode.DISABLE, null, null, null, null, null, SecretMode.ASK, null, 0);
        Path out = dir.resolve("refused.sql");
        // The Backups tab asks for the password again on exactly this: no connection of its own checks it first.
        ConnectionProblem problem = assertThrows(ConnectionProblem.class, () -> service().create(profile, "wrong-one",
                new BackupService.CreateRequest(options(1), EngineChoice.BUILTIN, false, out)).run(new RecordingContext()));
        assertEquals(ConnectionProblem.Kind.AUTH, problem.kind(), problem.getMessage());
        assertFalse(Files.exists(out));
        BackupResult result = service().create(profile, "right-one",
                new BackupService.CreateRequest(options(1), EngineChoice.BUILTIN, false, out)).run(new RecordingContext());
        assertTrue(Files.exists(result.file()));
    }

    // ---- helpers ----

    private interface Opener {
        Connection open() throws SQLException;
    }

    /**
     * Reads the head as the backup does, but first commits a third migration on another
     * connection: the backup's snapshot was taken before it, so it must not see it.
     */
    private static SnapshotProbe migrationLandsFirst(Dialect dialect, Opener other) {
        return new SnapshotProbe() {
            @Override
            public Optional<String> migrationHead(Connection connection) throws SQLException {
                try (Connection c = other.open(); Statement s = c.createStatement()) {
                    s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                            + "installed_by, execution_time, success) VALUES (3, '3', 'later', 'SQL', 'V3__later.sql', 0, "
                            + "'test', 1, " + (dialect == Dialect.MYSQL ? "1" : "true") + ")");
                }
                return MigrationHead.read(connection, dialect);
            }
        };
    }

    private BackupService service() {
        RailyardHome home = new RailyardHome(dir.resolve("home"));
        return new BackupService(new BackupCatalog(home, new ProfileStore(home.profiles())),
                new PgBackupService(NativePgTools.fromEnvironment(Path.of("/usr/bin"))),
                new MysqlBackupService(MysqlTools.fromPath()));
    }

    private BackupService.CreateRequest request(EngineChoice engine, int jobs, String file) {
        return new BackupService.CreateRequest(options(jobs), engine, false, dir.resolve(file));
    }

    private static BackupOptions options(int jobs) {
        return BackupOptions.defaults().withJobs(jobs);
    }

    private static ConnectionProfile pgProfile(int port, String db) {
        return new ConnectionProfile("pg", Dialect.POSTGRESQL, "127.0.0.1", port, db, "postgres", SslMode.DISABLE, null,
                null, null, null, null, SecretMode.VAULT, null, 0);
    }

    private static ConnectionProfile mysqlProfile(int port, String db) {
        return new ConnectionProfile("my", Dialect.MYSQL, "127.0.0.1", port, db, "root", SslMode.DISABLE, null,
                null, null, null, null, SecretMode.VAULT, null, 0);
    }

    private static PgEndpoint pgEndpoint(String db) {
        return new PgEndpoint("localhost", PG.port(), db, "postgres", null, SslMode.DISABLE);
    }

    /** V1 and V2 in one Flyway migrate call on a fresh database. */
    private void migrate(String url, String mysqlDatabase) throws IOException {
        Path scripts = Files.createDirectories(dir.resolve("migrations-" + System.nanoTime()));
        Files.writeString(scripts.resolve("V1__first.sql"), "CREATE TABLE first_one (id int);\n");
        Files.writeString(scripts.resolve("V2__second.sql"), "CREATE TABLE second_one (id int);\n");
        var config = Flyway.configure().dataSource(url, mysqlDatabase == null ? "postgres" : "root", "")
                .locations("filesystem:" + scripts);
        if (mysqlDatabase != null) {
            config = config.schemas(mysqlDatabase);
        }
        assertEquals(2, config.load().migrate().migrationsExecuted);
    }

    private static void tables(Connection connection, int count) throws SQLException {
        try (Connection c = connection; Statement s = c.createStatement()) {
            for (int i = 1; i <= count; i++) {
                s.execute("CREATE TABLE data" + i + " (id int PRIMARY KEY, v varchar(100))");
                s.execute("INSERT INTO data" + i + " VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            }
        }
    }

    private static int flywayRows(Connection connection) throws SQLException {
        try (Connection c = connection; Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
