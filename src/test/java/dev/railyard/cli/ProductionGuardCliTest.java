package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.support.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production guard as scripts meet it: every destructive command, by profile or by URL. */
class ProductionGuardCliTest {

    @TempDir
    Path home;

    @TempDir
    Path work;

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared();

    private static String url(String host, String db) {
        return "postgresql://postgres@" + host + ":" + PG.port() + "/" + db + "?sslmode=disable";
    }

    private static long count(String db, String sql) throws Exception {
        try (Connection c = PG.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean tableExists(String db, String table) throws Exception {
        return count(db, "SELECT count(*) FROM pg_class WHERE relname = '" + table + "'") > 0;
    }

    /** A database with keep_me (7 rows), saved as a production profile. */
    private String productionWithSevenRows(String prefix, String profile) throws Exception {
        String db = PG.createDatabase(prefix);
        try (Connection c = PG.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE keep_me (id int)");
            s.execute("INSERT INTO keep_me SELECT generate_series(1, 7)");
        }
        assertEquals(0, new CliRun(home).run("profile", "add", profile, "--env", "production", "--secret", "ask",
                "--url", url("127.0.0.1", db)).code());
        return db;
    }

    /** A backup file of another, empty database. */
    private Path backupOfAnotherDatabase(String name) {
        Path out = work.resolve(name);
        String other = PG.createDatabase(name.replace(".sql", "_src"));
        assertEquals(0, new CliRun(home).run("backup", "create", "--url", url("127.0.0.1", other), "--out", out.toString()).code());
        return out;
    }

    private Path migrations() throws Exception {
        Path dir = Files.createDirectories(work.resolve("migrations"));
        Files.writeString(dir.resolve("V1__create_orders.sql"), "CREATE TABLE orders (id int PRIMARY KEY);\n");
        return dir;
    }

    @Test
    void releaseOnAProductionProfileNeedsConfirmAndAppliesNothingWithoutIt() throws Exception {
        String db = PG.createDatabase("guard_release");
        Path migrations = migrations();
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "shop-prod", "--env", "production", "--secret", "ask",
                "--url", url("127.0.0.1", db)).code());

        CliRun.Result refused = cli.run("release", "--profile", "shop-prod", "--locations", migrations.toString());
        assertEquals(2, refused.code(), refused.toString());
        assertTrue(refused.errorLine().contains("--confirm " + db), refused.errorLine());
        assertFalse(tableExists(db, "orders"), "nothing migrated");
        assertFalse(tableExists(db, "flyway_schema_history"), "Flyway never ran");
        assertTrue(cli.run("backup", "list", "--profile", "shop-prod", "--json").json().isEmpty(), "no backup either");

        CliRun.Result wrong = cli.run("release", "--profile", "shop-prod", "--locations", migrations.toString(),
                "--confirm", "shop-prod");
        assertEquals(2, wrong.code(), "the profile's name is not the database's");
        assertFalse(tableExists(db, "orders"));

        CliRun.Result confirmed = cli.run("release", "--profile", "shop-prod", "--locations", migrations.toString(),
                "--confirm", db, "--json");
        assertEquals(0, confirmed.code(), confirmed.toString());
        assertTrue(tableExists(db, "orders"), "migrated once confirmed");
    }

    @Test
    void aUrlThatIsAProductionProfilesDatabaseIsGuardedLikeTheProfile() throws Exception {
        String db = PG.createDatabase("guard_url");
        Path migrations = migrations();
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "shop-prod", "--env", "production", "--secret", "ask",
                "--url", url("127.0.0.1", db)).code());

        // Another spelling of the same server: localhost for 127.0.0.1.
        for (String[] command : new String[][] {
                {"migrate", "run", "--url", url("localhost", db), "--locations", migrations.toString()},
                {"migrate", "baseline", "--url", url("localhost", db)},
                {"migrate", "repair", "--url", url("127.0.0.1", db), "--locations", migrations.toString()}}) {
            CliRun.Result refused = cli.run(command);
            assertEquals(2, refused.code(), String.join(" ", command) + "\n" + refused);
            assertTrue(refused.errorLine().contains("production profile 'shop-prod'"), refused.errorLine());
            assertTrue(refused.errorLine().contains("--confirm " + db), refused.errorLine());
        }
        assertFalse(tableExists(db, "flyway_schema_history"), "nothing ran");

        CliRun.Result confirmed = cli.run("migrate", "run", "--url", url("localhost", db), "--locations",
                migrations.toString(), "--confirm", db);
        assertEquals(0, confirmed.code(), confirmed.toString());
        assertTrue(tableExists(db, "orders"));
    }

    @Test
    void restoreOverAProductionDatabaseByUrlNeedsConfirm() throws Exception {
        String db = productionWithSevenRows("guard_restore", "shop-prod");
        Path out = backupOfAnotherDatabase("other.sql");
        CliRun cli = new CliRun(home);

        CliRun.Result refused = cli.run("backup", "restore", out.toString(), "--to-url", url("localhost", db), "--clean");
        assertEquals(2, refused.code(), refused.toString());
        assertTrue(refused.errorLine().contains("--confirm " + db), refused.errorLine());
        assertEquals(7, count(db, "SELECT count(*) FROM keep_me"), "the target is untouched");
    }

    @Test
    void aBlankCreateDatabaseIsAUsageErrorAndNeverRestoresOverProduction() throws Exception {
        String db = productionWithSevenRows("guard_blank", "tgt-prod");
        Path out = backupOfAnotherDatabase("empty.sql");
        CliRun cli = new CliRun(home);

        for (String blank : new String[] {"", " ", "\t"}) {
            CliRun.Result refused = cli.run("backup", "restore", out.toString(), "--to-profile", "tgt-prod", "--clean",
                    "--create-database", blank);
            assertEquals(2, refused.code(), "'" + blank + "'\n" + refused);
            assertTrue(refused.err().contains("--create-database needs a database name"), refused.err());
            assertEquals(7, count(db, "SELECT count(*) FROM keep_me"), "production untouched");
        }
    }
}
