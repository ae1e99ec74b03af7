package dev.railyard.backup.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.RecordingContext;
import dev.railyard.support.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The psql-compatible runner against real servers. */
class PsqlScriptRunnerTest {

    private static final EmbeddedPostgres PG17 = EmbeddedPostgres.shared();
    private static final EmbeddedPostgres PG15 = EmbeddedPostgres.shared("15");

    private static ScriptResult run(EmbeddedPostgres pg, String database, String script, ScriptOptions options) throws Exception {
        return run(pg, database, script.getBytes(StandardCharsets.UTF_8), options, new RecordingContext());
    }

    private static ScriptResult run(EmbeddedPostgres pg, String database, byte[] script, ScriptOptions options,
                                    RecordingContext context) throws Exception {
        try (Connection c = pg.connect(database)) {
            return new PsqlScriptRunner(options).run(c, new ByteArrayInputStream(script), context, null);
        }
    }

    private static List<String> rows(EmbeddedPostgres pg, String database, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = pg.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    @Test
    void runsStatementsCopyBlocksAndFunctionBodiesAsPsqlWould() throws Exception {
        String db = PG17.createDatabase("runner");
        String script = """
                --
                -- PostgreSQL database dump
                --
                \\restrict abcDEF123
                SET statement_timeout = 0;
                SET transaction_timeout = 0;
                SELECT pg_catalog.set_config('search_path', '', false);
                CREATE TABLE public.t (id integer, v text, "semi;colon" text);
                CREATE FUNCTION public.f(x integer) RETURNS integer LANGUAGE sql
                BEGIN ATOMIC
                  SELECT x + 1;
                END;
                CREATE FUNCTION public.g() RETURNS text LANGUAGE plpgsql AS $body$
                BEGIN RETURN 'a;b' || $$;$$; END
                $body$;
                COPY public.t (id, v, "semi;colon") FROM stdin;
                1	tab\\there	x
                2	\\N	;
                3	\\\\.	back\\\\slash
                \\.
                INSERT INTO public.t VALUES (4, E'it\\'s', 'é');
                \\unrestrict abcDEF123
                --
                -- PostgreSQL database dump complete
                --
                """;
        ScriptResult result = run(PG17, db, script, ScriptOptions.defaults());
        assertEquals(1, result.copies());
        assertEquals(3, result.rows());
        assertEquals(List.of("1|tab\there|x", "2|null|;", "3|\\.|back\\slash", "4|it's|é"),
                rows(PG17, db, "SELECT * FROM public.t ORDER BY id"));
        assertEquals(List.of("8|a;b;"), rows(PG17, db, "SELECT public.f(7), public.g()"));
    }

    @Test
    void transactionTimeoutIsSkippedWithANoteOnServersBefore17() throws Exception {
        String db = PG15.createDatabase("runner15");
        ScriptResult result = run(PG15, db, "SET transaction_timeout = 0;\nCREATE TABLE x (id int);\n", ScriptOptions.defaults());
        assertEquals(1, result.notes().size());
        assertTrue(result.notes().get(0).contains("transaction_timeout exists from PostgreSQL 17"), result.notes().toString());
        assertEquals(List.of("0"), rows(PG15, db, "SELECT count(*) FROM x"));
    }

    @Test
    void connectIsRefusedBeforeItRuns() throws Exception {
        String db = PG17.createDatabase("runner");
        BackupException e = assertThrows(BackupException.class,
                () -> run(PG17, db, "CREATE TABLE a (id int);\n\\connect other\n", ScriptOptions.defaults()));
        assertTrue(e.getMessage().contains("Line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("--create"), e.getMessage());
    }

    @Test
    void otherMetaCommandsAreRefusedClearly() throws Exception {
        String db = PG17.createDatabase("runner");
        BackupException e = assertThrows(BackupException.class,
                () -> run(PG17, db, "\\set ON_ERROR_STOP on\n\\i other.sql\n", ScriptOptions.defaults()));
        assertTrue(e.getMessage().contains("Line 2") && e.getMessage().contains("\\i other.sql"), e.getMessage());
        assertTrue(e.getMessage().contains("psql"), e.getMessage());
    }

    @Test
    void stopOnErrorInOneTransactionRollsEverythingBack() throws Exception {
        String db = PG17.createDatabase("runner");
        String script = "CREATE TABLE ok (id int);\nINSERT INTO ok VALUES (1);\nINSERT INTO missing VALUES (1);\nCREATE TABLE later (id int);\n";
        BackupException e = assertThrows(BackupException.class, () -> run(PG17, db, script, ScriptOptions.defaults()));
        assertTrue(e.getMessage().startsWith("Line 3: "), e.getMessage());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertEquals(List.of("0"), rows(PG17, db, "SELECT count(*) FROM pg_class WHERE relname IN ('ok', 'later')"));
    }

    @Test
    void goingOnAfterErrorsListsThemAndKeepsTheRest() throws Exception {
        String db = PG17.createDatabase("runner");
        String script = """
                CREATE TABLE t (id int PRIMARY KEY, v text);
                INSERT INTO missing VALUES (1);
                COPY t (id, v) FROM stdin;
                1	one
                not-a-number	two
                \\.
                COPY t (id, v) FROM stdin;
                2	two
                \\.
                INSERT INTO t VALUES (2, 'duplicate');
                INSERT INTO t VALUES (3, 'three');
                """;
        ScriptResult result = run(PG17, db, script, ScriptOptions.defaults().withStopOnError(false));
        assertEquals(3, result.errorCount(), result.errors().toString());
        assertEquals(List.of(2, 3, 10), result.errors().stream().map(ScriptResult.ScriptError::line).toList());
        assertEquals(List.of("2|two", "3|three"), rows(PG17, db, "SELECT * FROM t ORDER BY id"));
    }

    @Test
    void indexesAreBuiltInParallelOutsideATransactionAndTheirErrorsReported() throws Exception {
        String db = PG17.createDatabase("runner");
        String script = """
                SELECT pg_catalog.set_config('search_path', '', false);
                CREATE TABLE public.a (id integer, v text);
                CREATE TABLE public.b (id integer, a_id integer);
                COPY public.a (id, v) FROM stdin;
                1	one
                2	two
                2	duplicate
                \\.
                COPY public.b (id, a_id) FROM stdin;
                1	1
                \\.
                ALTER TABLE ONLY public.b ADD CONSTRAINT b_pkey PRIMARY KEY (id);
                CREATE UNIQUE INDEX a_id_key ON public.a USING btree (id);
                CREATE INDEX a_v ON public.a USING btree (v);
                CREATE INDEX b_a ON public.b USING btree (a_id);
                ALTER TABLE ONLY public.b ADD CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES public.b(id);
                """;
        ScriptOptions options = ScriptOptions.defaults().withSingleTransaction(false).withStopOnError(false).withParallelism(2);
        ScriptResult result;
        try (Connection c = PG17.connect(db)) {
            result = new PsqlScriptRunner(options).run(c, () -> PG17.connect(db),
                    new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), new RecordingContext(), null);
        }
        assertEquals(1, result.errorCount(), result.errors().toString());
        assertEquals(13, result.errors().get(0).line(), "the unique index on duplicated ids");
        assertEquals(List.of("a_v", "b_a", "b_pkey"), rows(PG17, db,
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"));
        assertEquals(List.of("1"), rows(PG17, db, "SELECT count(*) FROM pg_constraint WHERE conname = 'b_a_fk'"));
    }

    @Test
    void latin1ScriptsAreConvertedToTheDatabaseEncoding() throws Exception {
        String db = PG17.createDatabase("runner");
        String script = "SET client_encoding = 'LATIN1';\nCREATE TABLE l (v text);\nINSERT INTO l VALUES ('café');\n"
                + "COPY l (v) FROM stdin;\nnaïve\n\\.\n";
        RecordingContext context = new RecordingContext();
        ScriptResult result = run(PG17, db, script.getBytes(Charset.forName("ISO-8859-1")), ScriptOptions.defaults(), context);
        assertEquals(List.of("café", "naïve"), rows(PG17, db, "SELECT v FROM l ORDER BY v"));
        assertTrue(result.notes().get(0).contains("LATIN1"));
    }

    @Test
    void truncatedScriptOfADumpIsRolledBack() throws Exception {
        String db = PG17.createDatabase("runner");
        String script = "--\n-- PostgreSQL database dump\n--\nCREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\n";
        BackupException e = assertThrows(BackupException.class, () -> run(PG17, db, script, ScriptOptions.defaults()));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(List.of("0"), rows(PG17, db, "SELECT count(*) FROM pg_class WHERE relname = 't'"));
    }
}
