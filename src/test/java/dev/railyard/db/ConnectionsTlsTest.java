package dev.railyard.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupCatalog;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.BackupService;
import dev.railyard.backup.BackupState.Verification;
import dev.railyard.backup.DeepVerifier;
import dev.railyard.backup.EngineChoice;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.mysql.MysqlBackupService;
import dev.railyard.backup.mysql.MysqlTools;
import dev.railyard.backup.postgres.NativePgTools;
import dev.railyard.backup.postgres.PgBackupService;
import dev.railyard.backup.postgres.PgEndpoint;
import dev.railyard.db.ConnectionProblem.Kind;
import dev.railyard.home.RailyardHome;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.PgClientTools;
import dev.railyard.support.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One set of TLS rules for every path: a PostgreSQL 15 with its own certificate (SAN localhost and
 * 127.0.0.1), reached with {@code verify-full} and a CA file. With the server's CA the profile
 * test, an inspection session, the built-in and the native (pg_dump through PGSSLROOTCERT) backup,
 * a restore and deep verify work; with another CA each fails, classified as TLS rather than
 * blamed on the server.
 */
class ConnectionsTlsTest {

    private static final String PASSWORD = "s3cret-Pa55";

    @TempDir
    static Path dir;
    private static EmbeddedPostgres pg;
    private static TestCertificates server;
    private static TestCertificates stranger;
    private static ProfileStore profiles;
    private static BackupService service;
    private static NativePgTools tools;

    @BeforeAll
    static void startServerWithItsOwnCertificate() throws Exception {
        PgClientTools.tool("pg_dump");
        server = TestCertificates.selfSigned(dir.resolve("server"), "localhost");
        stranger = TestCertificates.selfSigned(dir.resolve("stranger"), "stranger");
        // 15: the major of Debian's pg_dump, so the native engine can dump it.
        pg = EmbeddedPostgres.startWithTls("15", dir, server);
        // A superuser with a password, as Railway's postgres user is (the built-in engine reads superuser-only catalogs).
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE app LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
            s.execute("CREATE DATABASE shop OWNER app");
        }
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("SET ROLE app");
            s.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
            s.execute("INSERT INTO items VALUES (1, 'axle'), (2, 'bogie'), (3, 'coupler')");
        }
        RailyardHome home = new RailyardHome(dir.resolve("home"));
        profiles = new ProfileStore(home.profiles());
        tools = NativePgTools.fromEnvironment(Path.of("/usr/bin"));
        service = new BackupService(new BackupCatalog(home, profiles), new PgBackupService(tools),
                new MysqlBackupService(MysqlTools.fromPath()));
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    private static ConnectionProfile profile(String name, Path caFile) {
        ConnectionProfile p = new ConnectionProfile(name, Dialect.POSTGRESQL, "localhost", pg.port(), "shop", "app",
                SslMode.VERIFY_FULL, caFile.toString(), null, null, null, null, null, null, 0);
        profiles.save(p);
        return p;
    }

    private static ConnectionProfile trusted() {
        return profile("trusted", server.certificate());
    }

    private static ConnectionProfile wrongCa() {
        return profile("wrong-ca", stranger.certificate());
    }

    /** The problem {@code Connections} (or a native tool's output) classified, wherever it is in the causes. */
    private static Kind kindOf(Throwable failure) {
        ConnectionProblem problem = ConnectionProblem.find(failure);
        assertNotNull(problem, "no classified connection problem in: " + failure);
        return problem.kind();
    }

    private static BackupService.CreateRequest request(EngineChoice engine, Path out) {
        return new BackupService.CreateRequest(BackupOptions.defaults(), engine, false, out);
    }

    @Test
    void withTheServersCaTheProfileTestAndAnInspectionSessionWork() throws Exception {
        ConnectionReport report = new ConnectionTester(Duration.ofSeconds(5)).test(trusted(), PASSWORD);
        assertTrue(report.encrypted(), "the test went through TLS");

        try (Connection c = Connections.open(trusted(), PASSWORD, Connections.Purpose.INSPECTION);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT s.ssl, current_setting('default_transaction_read_only'), "
                     + "current_setting('statement_timeout'), current_setting('application_name') "
                     + "FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()")) {
            assertTrue(rs.next());
            assertTrue(rs.getBoolean(1), "the inspection session is encrypted");
            assertEquals("on", rs.getString(2), "inspection sessions are read-only");
            assertEquals("30s", rs.getString(3));
            assertEquals("railyard", rs.getString(4));
        }
    }

    @Test
    void withTheServersCaTheBuiltinBackupRestoreAndDeepVerifyWork() throws Exception {
        ConnectionProfile source = trusted();
        BackupResult backup = service.create(source, PASSWORD, request(EngineChoice.BUILTIN, null)).run(new RecordingContext());
        assertEquals("railyard-builtin", backup.engine());

        service.restore(backup.file(), source, PASSWORD, BackupService.RestoreRequest.intoNewDatabase("restored_builtin"))
                .run(new RecordingContext());
        assertEquals(3, rows("restored_builtin"));

        Verification deep = new DeepVerifier(service, dir.resolve("verify"), Clock.systemUTC())
                .verify(service.catalog().require(BackupCatalog.idOf(backup.file())), new RecordingContext());
        assertTrue(deep.passed(), deep.detail());
    }

    @Test
    void withTheServersCaTheNativeBackupGetsTheCaFileThroughPgsslrootcert() throws Exception {
        ConnectionProfile source = trusted();
        Path out = dir.resolve("native.sql");
        BackupResult backup = service.create(source, PASSWORD, request(EngineChoice.NATIVE, out)).run(new RecordingContext());
        assertEquals("pg_dump", backup.engine());
        assertTrue(Files.readString(out, StandardCharsets.UTF_8).contains("coupler"), "the dump holds the rows");

        service.restore(out, source, PASSWORD, BackupService.RestoreRequest.intoNewDatabase("restored_native"))
                .run(new RecordingContext());
        assertEquals(3, rows("restored_native"));
    }

    @Test
    void withAnotherCaEveryPathFailsAsTls() throws Exception {
        ConnectionProfile wrong = wrongCa();

        ConnectionProblem tested = assertThrows(ConnectionProblem.class,
                () -> new ConnectionTester(Duration.ofSeconds(5)).test(wrong, PASSWORD));
        assertEquals(Kind.TLS, tested.kind(), tested.getMessage());

        ConnectFailure inspect = assertThrows(ConnectFailure.class,
                () -> Connections.open(wrong, PASSWORD, Connections.Purpose.INSPECTION));
        assertEquals(Kind.TLS, inspect.problem().kind(), inspect.getMessage());

        Exception builtin = assertThrows(Exception.class, () -> service.create(wrong, PASSWORD,
                request(EngineChoice.BUILTIN, dir.resolve("wrong-builtin.sql"))).run(new RecordingContext()));
        assertEquals(Kind.TLS, kindOf(builtin), builtin.getMessage());
        assertTrue(!builtin.getMessage().contains("server ended"), builtin.getMessage());

        Exception nativeBackup = assertThrows(Exception.class, () -> service.create(wrong, PASSWORD,
                request(EngineChoice.NATIVE, dir.resolve("wrong-native.sql"))).run(new RecordingContext()));
        assertEquals(Kind.TLS, kindOf(nativeBackup), nativeBackup.getMessage());

        Path script = dir.resolve("small.sql");
        Files.writeString(script, "--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE t (id int);\n\n"
                + "--\n-- PostgreSQL database dump complete\n--\n");
        Exception restore = assertThrows(Exception.class, () -> service.restore(script, wrong, PASSWORD,
                BackupService.RestoreRequest.intoNewDatabase("never_made")).run(new RecordingContext()));
        assertEquals(Kind.TLS, kindOf(restore), restore.getMessage());
    }

    @Test
    void pgDumpItselfChecksTheCertificateAgainstTheCaFile() throws Exception {
        NativePgTools.Tool pgDump = tools.find("pg_dump").orElseThrow();
        for (ConnectionProfile p : List.of(trusted(), wrongCa())) {
            PgEndpoint endpoint = PgEndpoint.of(p, PASSWORD);
            Process process = tools.command(pgDump, endpoint, List.of("--schema-only"), "railyard-backup")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "pg_dump did not finish");
            if (p.name().equals("trusted")) {
                assertEquals(0, process.exitValue(), output);
            } else {
                assertNotEquals(0, process.exitValue(), output);
                ConnectionProblem problem = ConnectionProblem.ofToolOutput(endpoint.endpoint(), output, true);
                assertNotNull(problem, output);
                assertEquals(Kind.TLS, problem.kind(), output);
            }
        }
    }

    private static long rows(String database) throws Exception {
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
