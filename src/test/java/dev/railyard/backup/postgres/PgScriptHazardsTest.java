package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.script.ScriptHazards;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.PgClientTools;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Legitimate PostgreSQL dumps (every object kind, Railyard's and pg_dump's) have no statement
 * that reaches the server's machine and no transaction control; hostile ones are found by line.
 */
class PgScriptHazardsTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared("15"); // as the pg_dump on PATH (Debian 12: 15)

    @Test
    void dumpsOfTheFidelityFixtureAreClean(@TempDir Path dir) throws Exception {
        String source = PG.createDatabase("hazards");
        PgClientTools.psql(PG, source, "-f", PgFidelityRoundTripTest.fixture().toString());
        Path builtin = dir.resolve("builtin.sql");
        new BuiltinPgDump(PgFidelityRoundTripTest.endpoint(PG, source), BackupOptions.defaults(), builtin, null)
                .run(new RecordingContext());
        try (InputStream in = Files.newInputStream(builtin)) {
            ScriptHazards.Report report = ScriptHazards.scanPsql(in);
            assertEquals(List.of(), report.serverAccess());
            assertEquals(List.of(), report.transactionControl());
        }
        String pgDump = PgClientTools.schemaDump(PG, source);
        ScriptHazards.Report report = ScriptHazards.scanPsql(new ByteArrayInputStream(pgDump.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), report.serverAccess());
        assertEquals(List.of(), report.transactionControl());
    }

    @Test
    void hostileStatementsAreFoundByLine() throws Exception {
        String script = String.join("\n",
                "CREATE TABLE public.t (a text);",                               // 1
                "COPY public.t FROM PROGRAM 'env';",                              // 2
                "SELECT lo_import('/etc/passwd');",                               // 3
                "ALTER SYSTEM SET archive_command = 'id';",                       // 4
                "CREATE FUNCTION public.f() RETURNS int LANGUAGE plpython3u AS $$ return 1 $$;", // 5
                "COPY public.t FROM stdin;",                                      // 6
                "COPY x TO PROGRAM 'not a statement, data'",                      // 7
                "\\.",                                                            // 8
                "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;",     // 9
                "COMMIT;",                                                        // 10
                "CREATE FUNCTION public.g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;", // 11
                "CREATE EXTENSION IF NOT EXISTS plpython3u;",                    // 12
                "CREATE EXTENSION pg_stat_statements;",                           // 13
                "INSERT INTO pg_authid (rolname, rolsuper) VALUES ('x', true);",  // 14
                "COPY pg_catalog.pg_shdescription (objoid, classoid, description) FROM stdin;", // 15
                "1\t1262\tinjected",                                             // 16
                "\\.",                                                            // 17
                "UPDATE \"pg_catalog\".pg_database SET datallowconn = false;",   // 18
                "COPY public.jobs (id, program) FROM stdin;",                      // 19: a column called program
                "\\.",                                                            // 20
                "INSERT INTO public.pg_notes VALUES (1);",                         // 21: a table of the user's
                "");
        ScriptHazards.Report report = ScriptHazards.scanPsql(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(2, 3, 4, 5, 12, 14, 15, 18), report.serverAccess().stream().map(ScriptHazards.Finding::line).toList(),
                report.serverAccess().toString());
        assertEquals("writes the server's system catalogs", report.serverAccess().get(5).why());
        assertEquals(List.of(10), report.transactionControl().stream().map(ScriptHazards.Finding::line).toList());
        assertEquals(List.of("pg_trgm", "plpython3u", "pg_stat_statements"), report.extensions());
    }
}
