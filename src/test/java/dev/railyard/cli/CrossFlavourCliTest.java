package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.mysql.BuiltinMysqlDump;
import dev.railyard.backup.mysql.MysqlEndpoint;
import dev.railyard.profile.SslMode;
import dev.railyard.support.MysqlServer;
import dev.railyard.task.JobContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `backup restore` of a MySQL 9 backup into MariaDB: refused with the option's name, then mapped with --map-flavour. */
class CrossFlavourCliTest {

    @TempDir
    Path home;

    @TempDir
    Path work;

    @Test
    void aMysql9BackupRestoresIntoMariaDbOnlyWithMapFlavour() throws Exception {
        MysqlServer mysql = MysqlServer.sharedMysql9();
        MysqlServer mariaDb = MysqlServer.sharedMariadb();
        String db = mysql.createDatabase("cli9");
        try (Connection c = mysql.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE visits (id INT PRIMARY KEY, reason VARCHAR(80))");
            s.execute("INSERT INTO visits VALUES (1, 'check-up')");
        }
        Path file = work.resolve("cli9.sql");
        new BuiltinMysqlDump(new MysqlEndpoint(null, "127.0.0.1", mysql.port(), db, "root", "", SslMode.DISABLE),
                BackupOptions.defaults().withCompression(dev.railyard.backup.Compression.NONE), file).run(JobContext.silent());
        String url = "mysql://root@127.0.0.1:" + mariaDb.port() + "/?sslMode=DISABLED";
        CliRun cli = new CliRun(home);

        CliRun.Result refused = cli.run("backup", "restore", file.toString(), "--to-url", url, "--create-database", db + "_a");
        assertNotEquals(0, refused.code(), refused.toString());
        assertTrue(refused.err().contains("utf8mb4_0900_ai_ci") && refused.err().contains("--map-flavour"), refused.toString());

        CliRun.Result mapped = cli.run("backup", "restore", file.toString(), "--to-url", url, "--create-database", db + "_b",
                "--map-flavour");
        assertEquals(0, mapped.code(), mapped.toString());
        assertTrue(mapped.out().contains("mapped to utf8mb4_uca1400_ai_ci"), mapped.toString());
    }
}
