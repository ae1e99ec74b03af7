package dev.railyard.backup.mysql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupOptions;
import dev.railyard.task.JobContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in MySQL engine refuses a --table that matches nothing instead of writing an empty backup. */
class MysqlScopeMatchesNothingTest {

    @Test
    void aTableThatMatchesNothingIsRefusedWithTheNearestNames(@TempDir Path dir) throws Exception {
        String db = MysqlTestDatabases.server().createDatabase("scope_none");
        try (Connection c = MysqlTestDatabases.server().connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY)");
            s.execute("CREATE TABLE customers (id int PRIMARY KEY)");
        }
        Path out = dir.resolve("scope.sql");
        BackupException e = assertThrows(BackupException.class, () -> new BuiltinMysqlDump(MysqlTestDatabases.endpoint(db),
                BackupOptions.defaults().withTables(List.of("Ordres", "customers")), out).run(JobContext.silent()));
        assertTrue(e.getMessage().contains("--table 'Ordres' matches no"), e.getMessage());
        assertTrue(e.getMessage().contains("nearest: orders"), e.getMessage());
        assertFalse(e.getMessage().contains("'customers'"), e.getMessage());
        assertFalse(Files.exists(out), "no file is left");
    }
}
