package dev.railyard.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.profile.SslMode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Child processes get an allow-listed environment: what they need to run, their settings, and no Railyard secret. */
class ChildEnvironmentTest {

    private static final Endpoint PG = new Endpoint("shop", Dialect.POSTGRESQL, "db.example.com", 6543, "railway",
            "postgres", SslMode.VERIFY_FULL, "/etc/railyard/ca.pem");

    @Test
    void onlyTheAllowListPassesFromTheParent() {
        Map<String, String> env = ChildEnvironment.base(Map.of(
                "PATH", "/usr/bin", "HOME", "/home/dba", "LC_ALL", "C.UTF-8", "TZ", "UTC", "TMPDIR", "/tmp",
                "RAILYARD_VAULT_PASSWORD", "vault-secret", "PGHOST", "other.example.com", "AWS_SECRET_ACCESS_KEY", "x"),
                false);
        assertEquals(Map.of("PATH", "/usr/bin", "HOME", "/home/dba", "LC_ALL", "C.UTF-8", "TZ", "UTC", "TMPDIR", "/tmp"), env);
    }

    @Test
    void aChildStartedThroughItNeverSeesTheVaultPassword() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("env");
        // As if Railyard itself had been started with the vault password in its environment.
        builder.environment().put("RAILYARD_VAULT_PASSWORD", "vault-secret");
        builder.environment().put("PGHOST", "elsewhere.example.com");
        ChildEnvironment.apply(builder, ChildEnvironment.libpq(PG, "db-pass", Connections.Purpose.BACKUP));
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertFalse(output.contains("RAILYARD_VAULT_PASSWORD"), output);
        assertFalse(output.contains("vault-secret"), output);
        assertFalse(output.contains("elsewhere.example.com"), output);
        assertTrue(output.contains("PGHOST=db.example.com\n"), output);
        assertTrue(output.contains("PGSSLMODE=verify-full\n"), output);
        assertTrue(output.contains("PGSSLROOTCERT=/etc/railyard/ca.pem\n"), output);
        assertTrue(output.contains("PGAPPNAME=railyard-backup\n"), output);
        assertTrue(output.contains("PGCONNECT_TIMEOUT=10\n"), output);
        assertTrue(output.contains("PGPASSWORD=db-pass\n"), output);
    }

    @Test
    void libpqGetsNoCaFileWhenTheModeDoesNotVerify() {
        Endpoint require = new Endpoint("shop", Dialect.POSTGRESQL, "db.example.com", 6543, "railway", "postgres",
                SslMode.REQUIRE, "/etc/railyard/ca.pem");
        Map<String, String> env = ChildEnvironment.libpq(require, null, Connections.Purpose.RESTORE);
        assertFalse(env.containsKey("PGSSLROOTCERT"));
        assertFalse(env.containsKey("PGPASSWORD"), "no password, no variable");
        assertEquals("require", env.get("PGSSLMODE"));
    }

    @Test
    void mysqlClientsGetTheCaFileAndTheVerifyingModeInTheirOptionFile() {
        Endpoint my = new Endpoint("shop", Dialect.MYSQL, "db.example.com", 3306, "railway", "root",
                SslMode.VERIFY_FULL, "/etc/railyard/ca.pem");
        String mysql = MysqlClientOptions.text(my, "pw", false);
        assertTrue(mysql.contains("ssl-ca=\"/etc/railyard/ca.pem\"\n"), mysql);
        assertTrue(mysql.contains("ssl-mode=VERIFY_IDENTITY\n"), mysql);
        String mariaDb = MysqlClientOptions.text(my, "pw", true);
        assertTrue(mariaDb.contains("ssl-ca=\"/etc/railyard/ca.pem\"\n"), mariaDb);
        assertTrue(mariaDb.contains("ssl-verify-server-cert\n"), mariaDb);
    }

    @Test
    void aMigratorGetsTheAddressAsRailwayGivesItToAServiceWithTheUrlEncoded() {
        Endpoint mysql = new Endpoint("shop", Dialect.MYSQL, "x.proxy.rlwy.net", 3307, "rail way", "root", SslMode.REQUIRE, null);
        assertEquals(Map.of("DATABASE_URL", "mysql://root:p%40ss%20w%2Fd%3A1@x.proxy.rlwy.net:3307/rail%20way",
                "MYSQL_HOST", "x.proxy.rlwy.net", "MYSQL_PORT", "3307", "MYSQL_USER", "root",
                "MYSQL_PASSWORD", "p@ss w/d:1", "MYSQL_DATABASE", "rail way"),
                ChildEnvironment.databaseAddress(mysql, "p@ss w/d:1"));
        Map<String, String> pg = ChildEnvironment.databaseAddress(PG, null);
        assertEquals(Map.of("DATABASE_URL", "postgresql://postgres@db.example.com:6543/railway", "PGHOST", "db.example.com",
                "PGPORT", "6543", "PGUSER", "postgres", "PGDATABASE", "railway"), pg);
        // Node's pg reads PGSSLMODE=require as "verify the certificate", which Railway's proxy certificate fails.
        assertFalse(pg.containsKey("PGSSLMODE"));
    }
}
