package dev.railyard.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.mysql.MysqlBackupService;
import dev.railyard.backup.mysql.MysqlTools;
import dev.railyard.backup.postgres.NativePgTools;
import dev.railyard.backup.postgres.PgBackupService;
import dev.railyard.db.Dialect;
import dev.railyard.guard.GuardedAction;
import dev.railyard.home.RailyardHome;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.Guards;
import dev.railyard.support.MysqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores over an existing database, through the one entry point: the target is backed up first
 * into its catalog, MySQL's --clean drops only what the backup holds, and a failed MySQL restore
 * names what it changed and where the copy from before is.
 */
class RestoreOverExistingTest {

    @TempDir
    Path dir;

    private BackupService service() {
        RailyardHome home = new RailyardHome(dir.resolve("home"));
        return new BackupService(new BackupCatalog(home, new ProfileStore(home.profiles())),
                new PgBackupService(NativePgTools.fromEnvironment(Path.of("/usr/bin"))),
                new MysqlBackupService(MysqlTools.fromPath()));
    }

    private static ConnectionProfile mysql(int port, String db) {
        return new ConnectionProfile("my-target", Dialect.MYSQL, "127.0.0.1", port, db, "root", SslMode.DISABLE, null,
                null, null, null, null, SecretMode.VAULT, null, 0);
    }

    private static ConnectionProfile postgres(int port, String db) {
        return new ConnectionProfile("pg-target", Dialect.POSTGRESQL, "127.0.0.1", port, db, "postgres", SslMode.DISABLE, null,
                null, null, null, null, SecretMode.VAULT, null, 0);
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void mysqlCleanDropsOnlyTheBackupsObjectsAndTheTargetIsBackedUpFirst() throws Exception {
        MysqlServer server = MysqlServer.shared();
        String source = server.createDatabase("clean_src");
        try (Connection c = server.connect(source); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id int PRIMARY KEY, name varchar(40))");
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int, FOREIGN KEY (customer_id) REFERENCES customers (id))");
            s.execute("INSERT INTO customers VALUES (1, 'new one'), (2, 'new two')");
            s.execute("INSERT INTO orders VALUES (10, 1)");
            s.execute("CREATE VIEW big_customers AS SELECT id FROM customers WHERE id > 1");
            s.execute("CREATE PROCEDURE count_orders() SELECT count(*) FROM orders");
        }
        BackupService service = service();
        Path file = dir.resolve("src.sql");
        service.create(mysql(server.port(), source), "", new BackupService.CreateRequest(BackupOptions.defaults(),
                EngineChoice.BUILTIN, false, file)).run(new RecordingContext());

        String target = server.createDatabase("clean_target");
        try (Connection c = server.connect(target); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id int PRIMARY KEY, name varchar(40), legacy int)");
            s.execute("INSERT INTO customers VALUES (1, 'old', 1)");
            s.execute("CREATE TABLE keep_me (id int PRIMARY KEY, customer_id int, FOREIGN KEY (customer_id) REFERENCES customers (id))");
            s.execute("INSERT INTO keep_me VALUES (5, 1)");
            s.execute("CREATE PROCEDURE count_orders() SELECT 1");
            s.execute("CREATE PROCEDURE keep_proc() SELECT 2");
        }
        ConnectionProfile into = mysql(server.port(), target);

        BackupService.RestoreSummary dry = service.restore(file, into, "", BackupService.RestoreRequest
                .overExisting(Guards.clear(GuardedAction.RESTORE_OVER, into), true, true).withDryRun(true))
                .run(new RecordingContext());
        assertTrue(dry.notes().contains("would drop table customers"), dry.notes().toString());
        assertTrue(dry.notes().contains("would drop procedure count_orders"), dry.notes().toString());
        assertTrue(dry.notes().stream().noneMatch(n -> n.contains("keep_")), dry.notes().toString());
        try (Connection c = server.connect(target)) {
            assertEquals(List.of("1 old"), rows(c, "SELECT concat(id, ' ', name) FROM customers"), "a dry run changes nothing");
        }

        BackupService.RestoreSummary summary = service.restore(file, into, "", BackupService.RestoreRequest
                .overExisting(Guards.clear(GuardedAction.RESTORE_OVER, into), true, true)).run(new RecordingContext());

        try (Connection c = server.connect(target)) {
            assertEquals(List.of("1 new one", "2 new two"), rows(c, "SELECT concat(id, ' ', name) FROM customers ORDER BY id"));
            assertEquals(List.of("5"), rows(c, "SELECT id FROM keep_me"), "a table the backup does not hold survives");
            assertEquals(List.of("count_orders", "keep_proc"), rows(c, "SELECT routine_name FROM information_schema.routines "
                    + "WHERE routine_schema = database() ORDER BY 1"));
            assertEquals(List.of("big_customers"), rows(c, "SELECT table_name FROM information_schema.views WHERE table_schema = database()"));
        }
        assertTrue(summary.notes().get(0).startsWith("Backed up the target first: backup "), summary.notes().toString());
        List<CatalogEntry> before = service.catalog().list(into);
        assertEquals(1, before.size());
        assertTrue(before.get(0).manifest().note().startsWith("before restore of src"), before.get(0).manifest().note());

        // The copy from before restores: into a new database, it holds the old customers and keep_me.
        String copy = "clean_copy_" + Long.toHexString(System.nanoTime());
        service.restore(before.get(0).file(), into, "", BackupService.RestoreRequest.intoNewDatabase(copy)).run(new RecordingContext());
        try (Connection c = server.connect(copy)) {
            assertEquals(List.of("1 old"), rows(c, "SELECT concat(id, ' ', name) FROM customers"));
            assertEquals(List.of("5"), rows(c, "SELECT id FROM keep_me"));
        }
    }

    @Test
    void aFailedMysqlRestoreNamesWhatItChangedAndTheBackupFromBefore() throws Exception {
        MysqlServer server = MysqlServer.shared();
        String target = server.createDatabase("fail_target");
        try (Connection c = server.connect(target); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (id int PRIMARY KEY)");
        }
        Path file = dir.resolve("broken.sql");
        java.nio.file.Files.writeString(file, "-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB\n\n"
                + "CREATE TABLE accounts2 (id int PRIMARY KEY);\n"
                + "INSERT INTO accounts2 VALUES (1);\nINSERT INTO no_such_table VALUES (1);\n\n-- Dump completed on 2026-12-07\n");
        ConnectionProfile into = mysql(server.port(), target);
        BackupService service = service();
        BackupException e = assertThrows(BackupException.class, () -> service.restore(file, into, "", BackupService.RestoreRequest
                .overExisting(Guards.clear(GuardedAction.RESTORE_OVER, into), true, false)).run(new RecordingContext()));
        String id = service.catalog().list(into).get(0).id();
        assertTrue(e.getMessage().contains("table accounts2") && e.getMessage().contains("backup " + id)
                && e.getMessage().contains("railyard backup restore " + id), e.getMessage());
    }

    @Test
    void aPostgresRestoreOverAnExistingDatabaseBacksItUpFirst() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared("15");
        String source = pg.createDatabase("first_src");
        try (Connection c = pg.connect(source); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id int PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES (1), (2)");
        }
        String target = pg.createDatabase("first_target");
        try (Connection c = pg.connect(target); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id int PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES (99)");
        }
        BackupService service = service();
        Path file = dir.resolve("first.sql");
        service.create(postgres(pg.port(), source), null, new BackupService.CreateRequest(BackupOptions.defaults(),
                EngineChoice.BUILTIN, false, file)).run(new RecordingContext());
        ConnectionProfile into = postgres(pg.port(), target);
        service.restore(file, into, null, BackupService.RestoreRequest.overExisting(
                Guards.clear(GuardedAction.RESTORE_OVER, into), true, true)).run(new RecordingContext());
        try (Connection c = pg.connect(target)) {
            assertEquals(List.of("1", "2"), rows(c, "SELECT id FROM t ORDER BY id"));
        }
        List<CatalogEntry> entries = service.catalog().list(into);
        assertEquals(1, entries.size());
        assertEquals("before restore of first", entries.get(0).manifest().note());
        String copy = "first_copy_" + Long.toHexString(System.nanoTime());
        service.restore(entries.get(0).file(), into, null, BackupService.RestoreRequest.intoNewDatabase(copy)).run(new RecordingContext());
        try (Connection c = pg.connect(copy)) {
            assertEquals(List.of("99"), rows(c, "SELECT id FROM t"), "the copy holds the target's row from before");
        }
    }
}
