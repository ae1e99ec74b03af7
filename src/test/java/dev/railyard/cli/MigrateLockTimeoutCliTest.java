package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.MysqlServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate run --lock-timeout}: a migration queued behind a lock fails fast and names who held it. */
class MigrateLockTimeoutCliTest {

    @TempDir
    Path home;

    @TempDir
    Path migrations;

    private static String url(EmbeddedPostgres pg, String db) {
        return "postgresql://postgres@127.0.0.1:" + pg.port() + "/" + db + "?sslmode=disable";
    }

    /** Another session that holds ACCESS EXCLUSIVE on items in an open transaction; returns its pid. */
    private static int holdAccessExclusive(Connection other) throws Exception {
        other.setAutoCommit(false);
        try (Statement s = other.createStatement()) {
            s.execute("SET application_name = 'long-report'");
            int pid;
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            s.execute("LOCK TABLE items IN ACCESS EXCLUSIVE MODE");
            return pid;
        }
    }

    @Test
    void aMigrationBehindAnAccessExclusiveLockFailsWithinTwoSecondsNamesTheHolderAndStaysPending() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("cli_lock_timeout");
        Files.writeString(migrations.resolve("V1__items.sql"), "CREATE TABLE items (id int PRIMARY KEY);\n");
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("migrate", "run", "--url", url(pg, db), "--locations", migrations.toString()).code());
        Files.writeString(migrations.resolve("V2__price.sql"), "ALTER TABLE items ADD COLUMN price numeric;\n");

        try (Connection other = pg.connect(db)) {
            int pid = holdAccessExclusive(other);
            long started = System.nanoTime();
            CliRun.Result run = cli.run("migrate", "run", "--url", url(pg, db), "--locations", migrations.toString(),
                    "--lock-timeout", "1s");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(1, run.code(), run.toString());
            assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "failed after " + took);
            assertTrue(run.err().contains("lock timeout") || run.err().contains("55P03"), run.err());
            assertTrue(run.err().contains("It waited for a lock held by:"), run.err());
            assertTrue(run.err().contains("pid " + pid + " (idle in transaction, transaction open "), run.err());
            assertTrue(run.err().contains("app long-report"), run.err());
            assertTrue(run.err().contains("holds ACCESS EXCLUSIVE, query started "), run.err());
            assertTrue(run.err().contains("LOCK TABLE items IN ACCESS EXCLUSIVE MODE"), run.err());
            assertTrue(run.err().contains("Let that session finish or end it"), run.err());
            assertTrue(!run.err().contains("Fix the script"), run.err());
            other.rollback();
        }

        CliRun.Result status = cli.run("migrate", "status", "--url", url(pg, db), "--locations", migrations.toString(), "--json");
        assertEquals("PENDING", status.json().path("flyway").path("rows").get(1).path("status").asText(), status.out());
        try (Connection c = pg.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'price'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the column was not added");
        }
        // Once the holder is gone, the same command applies it.
        assertEquals(0, cli.run("migrate", "run", "--url", url(pg, db), "--locations", migrations.toString(),
                "--lock-timeout", "1s").code());
    }

    @Test
    void aProductionProfileGetsAFiveSecondLockTimeoutByDefault() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("cli_lock_prod");
        Files.writeString(migrations.resolve("V1__items.sql"), "CREATE TABLE items (id int PRIMARY KEY);\n");
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "prod", "--env", "production", "--secret", "ask", "--url", url(pg, db)).code());
        assertEquals(0, cli.run("migrate", "run", "--profile", "prod", "--locations", migrations.toString(), "--confirm", db).code());
        Files.writeString(migrations.resolve("V2__price.sql"), "ALTER TABLE items ADD COLUMN price numeric;\n");

        try (Connection other = pg.connect(db)) {
            int pid = holdAccessExclusive(other);
            long started = System.nanoTime();
            CliRun.Result run = cli.run("migrate", "run", "--profile", "prod", "--locations", migrations.toString(), "--confirm", db);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(1, run.code(), run.toString());
            assertTrue(took.compareTo(Duration.ofMillis(4500)) > 0 && took.compareTo(Duration.ofSeconds(8)) < 0, "failed after " + took);
            assertTrue(run.err().contains("pid " + pid), run.err());
            other.rollback();
        }
    }

    @Test
    void onMariaDbTheLockWaitTimeoutAppliesToTheMigrationSession() throws Exception {
        MysqlServer mysql = MysqlServer.shared();
        String db = mysql.createDatabase("cli_lock_timeout");
        String url = "mysql://root@127.0.0.1:" + mysql.port() + "/" + db + "?sslMode=DISABLED";
        Files.writeString(migrations.resolve("V1__items.sql"), "CREATE TABLE items (id int PRIMARY KEY) ENGINE=InnoDB;\n");
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("migrate", "run", "--url", url, "--locations", migrations.toString()).code());
        Files.writeString(migrations.resolve("V2__price.sql"), "ALTER TABLE items ADD COLUMN price decimal(10,2);\n");

        try (Connection other = mysql.connect(db); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.executeQuery("SELECT * FROM items").close(); // holds a metadata lock until the transaction ends
            long started = System.nanoTime();
            CliRun.Result run = cli.run("migrate", "run", "--url", url, "--locations", migrations.toString(), "--lock-timeout", "1s");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(1, run.code(), run.toString());
            assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "failed after " + took);
            assertTrue(run.err().contains("Lock wait timeout"), run.err());
            other.rollback();
        }
        CliRun.Result status = cli.run("migrate", "status", "--url", url, "--locations", migrations.toString(), "--json");
        String v2 = status.json().path("flyway").path("rows").get(1).path("status").asText();
        assertTrue(v2.equals("PENDING") || v2.equals("FAILED"), status.out()); // MySQL cannot roll DDL back: Flyway keeps a failed row
        assertEquals(0, cli.run("migrate", "repair", "--url", url, "--locations", migrations.toString()).code());
        CliRun.Result statementTimeout = cli.run("migrate", "run", "--url", url, "--locations", migrations.toString(),
                "--statement-timeout", "30s", "--lock-timeout", "5s");
        assertEquals(0, statementTimeout.code(), statementTimeout.toString()); // MariaDB has max_statement_time
    }

    @Test
    void releaseWithALockTimeoutBacksUpThenFailsFastBehindAReaderAndNamesIt() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("cli_release_lock");
        Files.writeString(migrations.resolve("V1__items.sql"), "CREATE TABLE items (id int PRIMARY KEY);\n");
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "shop", "--secret", "ask", "--url", url(pg, db)).code());
        assertEquals(0, cli.run("release", "--profile", "shop", "--locations", migrations.toString()).code());
        Files.writeString(migrations.resolve("V2__price.sql"), "ALTER TABLE items ADD COLUMN price numeric;\n");

        try (Connection other = pg.connect(db); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            int pid;
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            s.executeQuery("SELECT count(*) FROM items").close(); // ACCESS SHARE until the transaction ends: backups go on, ALTER waits
            CliRun.Result release = cli.run("release", "--profile", "shop", "--locations", migrations.toString(),
                    "--lock-timeout", "1s", "--json");
            assertEquals(1, release.code(), release.toString());
            assertFalse(release.json().path("restoreFrom").asText().isEmpty(), release.out());
            assertTrue(release.err().contains("It waited for a lock held by:"), release.err());
            assertTrue(release.err().contains("pid " + pid + " (idle in transaction"), release.err());
            assertTrue(release.err().contains("holds ACCESS SHARE"), release.err());
            other.rollback();
        }
    }
}
