package dev.railyard.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.railyard.backup.mysql.BuiltinMysqlDump;
import dev.railyard.backup.mysql.MysqlRestore;
import dev.railyard.backup.postgres.BuiltinPgDump;
import dev.railyard.backup.postgres.PgRestore;
import org.junit.jupiter.api.Test;

/** #17 wording: the built-in engine had two names ("railyard-builtin dev" backed up, "railyard-runner" restored). */
class EngineNamesTest {

    @Test
    void theBuiltInEngineHasOneNameForBackupsAndRestores() {
        assertEquals(BuiltinPgDump.ENGINE, PgRestore.RUNNER);
        assertEquals(BuiltinMysqlDump.ENGINE, MysqlRestore.ENGINE);
        assertEquals(BuiltinPgDump.ENGINE, BuiltinMysqlDump.ENGINE);
    }

    @Test
    void namesReadAsAPersonWouldSayThemAndOldResultsReadTheSame() {
        assertEquals("Railyard built-in 0.4.0", EngineNames.display("railyard-builtin", "0.4.0"));
        assertEquals("Railyard built-in (dev)", EngineNames.display("railyard-builtin", "dev"));
        assertEquals("Railyard built-in", EngineNames.display("railyard-runner"));
        assertEquals("pg_dump 17.2", EngineNames.display("pg_dump", "17.2"));
        assertEquals("psql", EngineNames.display("psql"));
    }
}
