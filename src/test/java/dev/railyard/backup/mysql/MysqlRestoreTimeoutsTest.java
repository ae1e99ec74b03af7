package dev.railyard.backup.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.railyard.backup.BackupOptions;
import dev.railyard.profile.SslMode;
import dev.railyard.task.JobContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A per-user statement time limit (MariaDB's MAX_STATEMENT_TIME) does not cut a restore: its sessions lift it. */
class MysqlRestoreTimeoutsTest {

    @Test
    void restoreSucceedsUnderAUserLevelStatementTimeLimit(@TempDir Path dir) throws Exception {
        String db = MysqlTestDatabases.server().createDatabase("timeout_src");
        MysqlTestDatabases.execute(db, "CREATE TABLE big (id int PRIMARY KEY, note varchar(64))",
                "INSERT INTO big SELECT seq, md5(seq) FROM seq_1_to_200000");
        Path file = dir.resolve("big.sql");
        new BuiltinMysqlDump(MysqlTestDatabases.endpoint(db), BackupOptions.defaults(), file).run(JobContext.silent());

        String user = "timeboxed_" + Long.toHexString(System.nanoTime() & 0xffffff);
        String target = user + "_db";
        MysqlTestDatabases.execute("", "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw-" + user + "'",
                "GRANT ALL PRIVILEGES ON `" + target + "`.* TO '" + user + "'@'%'",
                "ALTER USER '" + user + "'@'%' WITH MAX_STATEMENT_TIME 0.05");
        MysqlEndpoint asUser = new MysqlEndpoint(null, "127.0.0.1", MysqlTestDatabases.server().port(), "", user,
                "pw-" + user, SslMode.DISABLE);
        new MysqlRestore(file, asUser, MysqlRestoreOptions.defaults().intoNewDatabase(target), new MysqlTools(java.util.List.of()))
                .run(JobContext.silent());
        try (Connection c = MysqlTestDatabases.server().connect(target); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM big")) {
            rs.next();
            assertEquals(200000, rs.getLong(1));
        }
    }
}
