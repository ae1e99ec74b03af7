package dev.railyard.backup.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PsqlScriptReaderTest {

    private static List<ScriptItem> items(String script) throws IOException {
        PsqlScriptReader reader = new PsqlScriptReader(stream(script));
        List<ScriptItem> items = new ArrayList<>();
        ScriptItem item;
        while ((item = reader.next()) != null) {
            items.add(item);
            if (item instanceof ScriptItem.Sql sql && sql.copyFromStdin()) {
                reader.skipCopyData();
            }
        }
        return items;
    }

    private static List<String> texts(String script) throws IOException {
        return items(script).stream().map(i -> i instanceof ScriptItem.Sql s ? s.text() : ((ScriptItem.Meta) i).text()).toList();
    }

    private static InputStream stream(String script) {
        return new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void semicolonsInsideQuotesCommentsAndDollarQuotesDoNotSplit() throws IOException {
        String script = """
                SELECT 'a;b', "c;d", $$e;f$$, $tag$ g; $$ h; $tag$;
                -- a comment; with a semicolon
                /* block; /* nested; */ still comment; */ SELECT 2;
                SELECT E'it\\'s; fine', 'it''s; fine' ;
                SELECT f(1; 2);
                """;
        List<String> texts = texts(script);
        assertEquals(4, texts.size(), texts.toString());
        assertEquals("SELECT 'a;b', \"c;d\", $$e;f$$, $tag$ g; $$ h; $tag$", texts.get(0));
        // A comment before a statement is not part of it, as in psql.
        assertEquals("SELECT 2", texts.get(1));
        assertEquals("SELECT E'it\\'s; fine', 'it''s; fine'", texts.get(2));
        assertEquals("SELECT f(1; 2)", texts.get(3));
    }

    @Test
    void dollarSignsInIdentifiersAndParametersAreNotQuotes() throws IOException {
        List<String> texts = texts("SELECT a$b$c FROM t$1;\nPREPARE p AS SELECT $1;\nSELECT 2;");
        assertEquals(List.of("SELECT a$b$c FROM t$1", "PREPARE p AS SELECT $1", "SELECT 2"), texts);
    }

    @Test
    void sqlStandardFunctionBodyKeepsItsSemicolons() throws IOException {
        String script = """
                CREATE FUNCTION public.f(x integer) RETURNS integer
                    LANGUAGE sql
                    BEGIN ATOMIC
                     SELECT CASE WHEN x > 0 THEN 1 ELSE 2 END;
                     SELECT 3;
                    END;
                CREATE OR REPLACE PROCEDURE public.p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END;
                BEGIN;
                SELECT 1;
                END;
                """;
        List<String> texts = texts(script);
        assertEquals(5, texts.size(), texts.toString());
        assertTrue(texts.get(0).endsWith("END"));
        assertTrue(texts.get(1).contains("VALUES (1); END"));
        assertEquals("BEGIN", texts.get(2));
    }

    @Test
    void copyDataIsStreamedUpToTheEndMarker() throws IOException {
        String script = "COPY public.t (a, b) FROM stdin;\n1\tx;y\n2\t\\N\n\\.\nSELECT 1;\n";
        PsqlScriptReader reader = new PsqlScriptReader(stream(script));
        ScriptItem.Sql copy = (ScriptItem.Sql) reader.next();
        assertTrue(copy.copyFromStdin());
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        long lines = reader.copyData(data::write);
        assertEquals(2, lines);
        assertEquals("1\tx;y\n2\t\\N\n", data.toString(StandardCharsets.UTF_8));
        ScriptItem.Sql next = (ScriptItem.Sql) reader.next();
        assertEquals("SELECT 1", next.text());
        assertEquals(5, next.line());
        assertNull(reader.next());
    }

    @Test
    void copyDataLargerThanTheBufferArrivesWhole() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            rows.append(i).append("\t\\\\.not-the-end\\t").append("x".repeat(i % 37)).append('\n');
        }
        String script = "COPY t FROM stdin;\n" + rows + "\\.\nSELECT 'after';";
        PsqlScriptReader reader = new PsqlScriptReader(stream(script));
        reader.next();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        assertEquals(50_000, reader.copyData(data::write));
        assertEquals(rows.toString(), data.toString(StandardCharsets.UTF_8));
        assertEquals("SELECT 'after'", ((ScriptItem.Sql) reader.next()).text());
    }

    @Test
    void copyDataEndsAtItsMarkerOnlyAndKeepsTheLineCountWhateverTheChunks() throws IOException {
        // Lines that start with a backslash but do not end the data, rows of every length around the
        // 8-byte steps and the 64 kB reads, a marker with \r\n: the statement after must be on its line.
        java.util.Random random = new java.util.Random(20);
        StringBuilder rows = new StringBuilder();
        int lines = 0;
        while (rows.length() < 300_000) {
            switch (random.nextInt(6)) {
                case 0 -> rows.append("\\N\t").append(random.nextInt());
                case 1 -> rows.append("\\.x");
                case 2 -> rows.append("\\\\.");
                default -> rows.append("r".repeat(1 + random.nextInt(40))).append("\\.").append("\\".repeat(random.nextInt(3)));
            }
            rows.append('\n');
            lines++;
        }
        String script = "SELECT 0;\nCOPY t FROM stdin;\n" + rows + "\\.\r\n\nSELECT 'after';\n";
        byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
        // Reads of odd sizes, so the marker and the rows fall across the reader's refills.
        InputStream trickle = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(5000)));
            }
        };
        PsqlScriptReader reader = new PsqlScriptReader(trickle);
        reader.next();
        reader.next();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        assertEquals(lines, reader.copyData(data::write));
        assertEquals(rows.toString(), data.toString(StandardCharsets.UTF_8));
        ScriptItem.Sql after = (ScriptItem.Sql) reader.next();
        assertEquals("SELECT 'after'", after.text());
        assertEquals(2 + lines + 3, after.line());
    }

    @Test
    void truncatedCopyDataIsAnError() throws IOException {
        PsqlScriptReader reader = new PsqlScriptReader(stream("COPY t FROM stdin;\n1\n2\n"));
        reader.next();
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class, () -> reader.copyData((d, o, l) -> { }));
        assertTrue(e.getMessage().contains("truncated"));
    }

    @Test
    void unclosedStringIsReportedAsTruncation() {
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class, () -> items("SELECT 'abc;\nSELECT 1;"));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void metaCommandsAreItemsOfTheirOwn() throws IOException {
        List<ScriptItem> items = items("\\restrict abc123\nSET x = 1;\n\\connect other\n\\unrestrict abc123\n");
        assertEquals(4, items.size());
        ScriptItem.Meta restrict = assertInstanceOf(ScriptItem.Meta.class, items.get(0));
        assertEquals("restrict", restrict.command());
        assertEquals("abc123", restrict.arguments());
        ScriptItem.Meta connect = assertInstanceOf(ScriptItem.Meta.class, items.get(2));
        assertEquals("connect", connect.command());
        assertEquals(3, connect.line());
    }

    @Test
    void dumpHeaderAndTrailerAreNoticed() throws IOException {
        PsqlScriptReader reader = new PsqlScriptReader(stream("--\n-- PostgreSQL database dump\n--\nSELECT 1;\n--\n-- PostgreSQL database dump complete\n--\n"));
        while (reader.next() != null) {
            // read all
        }
        assertTrue(reader.sawDumpHeader());
        assertTrue(reader.sawDumpTrailer());
        PsqlScriptReader cut = new PsqlScriptReader(stream("--\n-- PostgreSQL database dump\n--\nSELECT 1;\n"));
        while (cut.next() != null) {
            // read all
        }
        assertTrue(cut.sawDumpHeader());
        assertFalse(cut.sawDumpTrailer());
    }

    @Test
    void linesAreCountedAcrossStringsAndComments() throws IOException {
        List<ScriptItem> items = items("SELECT 'a\nb';\n/* x\ny */\nSELECT $$\n$$;\n\n  SELECT 3;");
        assertEquals(List.of(1, 5, 8), items.stream().map(ScriptItem::line).toList());
    }

    @Test
    void nonStandardStringsHonourBackslashes() throws IOException {
        PsqlScriptReader reader = new PsqlScriptReader(stream("SELECT 'a\\';b';SELECT 2;"));
        reader.standardConformingStrings(false);
        assertEquals("SELECT 'a\\';b'", ((ScriptItem.Sql) reader.next()).text());
        assertEquals("SELECT 2", ((ScriptItem.Sql) reader.next()).text());
    }
}
