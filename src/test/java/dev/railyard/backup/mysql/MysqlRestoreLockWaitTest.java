package dev.railyard.backup.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.RecordingContext;
import dev.railyard.support.MysqlServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MySQL 9 restore with --clean into a database where an application holds a transaction open on
 * a table the restore drops: the DROP waits for the metadata lock, and the job names the session
 * with the open transaction; once it ends, the restore finishes.
 */
class MysqlRestoreLockWaitTest {

    @Test
    void aRestoreWaitingForAMetadataLockNamesTheSessionWithAnOpenTransaction(@TempDir Path dir) throws Exception {
        MysqlServer mysql = MysqlServer.sharedMysql9();
        String source = mysql.createDatabase("lockwait_src");
        try (Connection c = mysql.connect(source); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(20))");
            s.execute("INSERT INTO orders VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        }
        MysqlEndpoint from = new MysqlEndpoint(null, "127.0.0.1", mysql.port(), source, "root", "",
                dev.railyard.profile.SslMode.DISABLE);
        BackupResult backup = new BuiltinMysqlDump(from, BackupOptions.defaults(), dir.resolve("orders.sql")).run(new RecordingContext());
        String target = mysql.createDatabase("lockwait_target");
        try (Connection c = mysql.connect(target); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(20))");
        }

        try (Connection app = mysql.connect(target); Statement s = app.createStatement()) {
            app.setAutoCommit(false);
            s.executeQuery("SELECT count(*) FROM orders").close(); // holds the table's metadata lock until it ends
            long appId;
            try (ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                appId = rs.getLong(1);
            }
            String named = "open transaction: " + appId + " (";
            // Completed by the step that names the holder, as the job reports it: no polling.
            CompletableFuture<String> naming = new CompletableFuture<>();
            RecordingContext context = new RecordingContext(step -> {
                if (step.contains(named)) {
                    naming.complete(step);
                }
            });
            MysqlEndpoint into = new MysqlEndpoint(null, "127.0.0.1", mysql.port(), "", "root", "",
                    dev.railyard.profile.SslMode.DISABLE);
            CompletableFuture<MysqlRestoreResult> restore = CompletableFuture.supplyAsync(() -> {
                try {
                    return new MysqlRestore(backup.file(), into, MysqlRestoreOptions.defaults().intoExistingDatabase(target)
                            .withClean(true), MysqlTools.fromPath()).run(context);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            restore.whenComplete((result, failure) -> naming.completeExceptionally(
                    new AssertionError("the restore ended without naming the session: " + context.messages, failure)));
            String said = naming.get(30, TimeUnit.SECONDS);
            assertTrue(said.contains("metadata lock") && said.contains("KILL " + appId), said);
            assertFalse(restore.isDone(), "the restore waits; nothing is given up");

            app.commit();
            restore.get(60, TimeUnit.SECONDS);
        }
        try (Connection c = mysql.connect(target); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            assertEquals(3, rs.getInt(1));
        }
    }
}
