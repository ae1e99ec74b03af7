package dev.railyard.backup.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.script.ScriptHazards;
import dev.railyard.task.JobContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Legitimate MySQL dumps (every object kind, from both engines) have nothing that reaches the server's machine. */
class MysqlScriptHazardsTest {

    @Test
    void dumpsOfTheFidelityFixtureAreClean(@TempDir Path dir) throws Exception {
        String db = MysqlTestDatabases.fixtureDatabase("hazards");
        Path builtin = dir.resolve("builtin.sql");
        new BuiltinMysqlDump(MysqlTestDatabases.endpoint(db), BackupOptions.defaults(), builtin).run(JobContext.silent());
        try (InputStream in = Files.newInputStream(builtin)) {
            ScriptHazards.Report report = ScriptHazards.scanMysql(in);
            assertEquals(List.of(), report.serverAccess());
        }
        String native_ = MysqlTestDatabases.schemaDump(db);
        ScriptHazards.Report report = ScriptHazards.scanMysql(new ByteArrayInputStream(native_.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), report.serverAccess());
    }

    @Test
    void dataThatLooksLikeAStatementIsData() throws Exception {
        String script = "INSERT INTO t VALUES ('SELECT 1 INTO OUTFILE ''/tmp/x''', \"LOAD_FILE('/etc/passwd')\");\n"
                + "SET @@GLOBAL.GTID_PURGED='x';\n"
                + "SELECT 1 INTO OUTFILE '/tmp/y';\n"
                + "/*!50001 SELECT LOAD_FILE('/etc/passwd') */;\n";
        ScriptHazards.Report report = ScriptHazards.scanMysql(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(3, 4), report.serverAccess().stream().map(ScriptHazards.Finding::line).toList(),
                report.serverAccess().toString());
    }

    /** The scan's shortcuts (a keyword looked for before the pattern, anchored patterns at the start only) miss nothing. */
    @Test
    void aHazardDeepInALongInsertIsFoundInAnyCase() throws Exception {
        StringBuilder rows = new StringBuilder("INSERT INTO `t` VALUES ");
        for (int i = 0; i < 20_000; i++) {
            rows.append("(").append(i).append(",0xDEADBEEF0FF1CE,'fILE into outfile',NULL),");
        }
        String script = rows + "(1, lOaD_fIlE ('/etc/passwd'));\n"
                + rows + "(2, 0xF11E);\n"
                + "SELECT 1 iNtO\tDumpFile '/tmp/y';\n"
                + "  start transaction;\n"
                + "insert into t select 1 into outfile 'x';\n";
        ScriptHazards.Report report = ScriptHazards.scanMysql(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(1, 3, 5), report.serverAccess().stream().map(ScriptHazards.Finding::line).toList(),
                report.serverAccess().toString());
        assertEquals(List.of(4), report.transactionControl().stream().map(ScriptHazards.Finding::line).toList());
    }
}
