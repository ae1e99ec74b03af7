package dev.railyard.backup.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MysqlStatementReaderTest {

    private static final MysqlVersion MARIADB = MysqlVersion.parse("10.11.19-MariaDB-0+deb12u1");
    private static final MysqlVersion MYSQL8 = MysqlVersion.parse("8.0.36");
    private static final MysqlVersion MYSQL57 = MysqlVersion.parse("5.7.44-log");

    private static List<String> split(String script, MysqlVersion version) throws IOException {
        return texts(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), version);
    }

    private static List<String> texts(InputStream in, MysqlVersion version) throws IOException {
        List<String> out = new ArrayList<>();
        try (MysqlStatementReader reader = new MysqlStatementReader(in, version, 64L << 20)) {
            MysqlStatement st;
            while ((st = reader.next()) != null) {
                // Trailing blanks are sent as they are (see below); most tests compare without them.
                out.add(new String(st.text().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).stripTrailing());
            }
        }
        return out;
    }

    @Test
    void splitsOnSemicolonsOutsideQuotesAndKeepsMultiLineStatements() throws IOException {
        List<String> st = split("SELECT 1;\nINSERT INTO t VALUES ('a;b', \"c;d\", `e;f`),\n  ('x');\n\n SELECT\n 2 ;", MARIADB);
        assertEquals(List.of("SELECT 1", "INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`),\n  ('x')", "SELECT\n 2"), st);
    }

    @Test
    void doubledQuotesAndBackslashEscapesDoNotEndAString() throws IOException {
        String script = "INSERT INTO t VALUES ('it''s; \\'quoted\\'; \\\\', \"say \"\"hi\"\";\", `odd``name;`);SELECT 3;";
        List<String> st = split(script, MARIADB);
        assertEquals(2, st.size());
        assertEquals("INSERT INTO t VALUES ('it''s; \\'quoted\\'; \\\\', \"say \"\"hi\"\";\", `odd``name;`)", st.get(0));
        assertEquals("SELECT 3", st.get(1));
    }

    @Test
    void backtickNamesTreatBackslashAsAnOrdinaryCharacter() throws IOException {
        assertEquals(List.of("CREATE TABLE `a\\` (x int)", "SELECT 1"), split("CREATE TABLE `a\\` (x int);SELECT 1;", MARIADB));
    }

    @Test
    void noBackslashEscapesModeEndsAStringAtItsQuote() throws IOException {
        String script = "INSERT INTO t VALUES ('C:\\');SELECT 1;";
        try (MysqlStatementReader reader = new MysqlStatementReader(
                new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), MARIADB, 1 << 20)) {
            reader.backslashEscapes(false);
            assertEquals("INSERT INTO t VALUES ('C:\\')", reader.next().text());
            assertEquals("SELECT 1", reader.next().text());
        }
    }

    @Test
    void commentsBeforeStatementsAreDroppedAndInsideThemKept() throws IOException {
        String script = """
                -- a comment; with a semicolon
                # another; one
                /* block; comment */
                SELECT 1 -- trailing; comment
                  + 2; /* after */
                SELECT 5--1;
                SELECT 6 # hash ; inside
                ;
                """;
        List<String> st = split(script, MARIADB);
        assertEquals(List.of("SELECT 1 -- trailing; comment\n  + 2", "SELECT 5--1", "SELECT 6 # hash ; inside"), st);
    }

    @Test
    void executableCommentsRunWhenTheServerIsNewEnough() throws IOException {
        String script = "/*!40101 SET NAMES utf8mb4 */;\n/*!99999 SET future=1 */;\nCREATE TABLE t (x int) /*!50100 ENGINE=InnoDB */;\n";
        assertEquals(List.of("SET NAMES utf8mb4", "CREATE TABLE t (x int) ENGINE=InnoDB"), split(script, MYSQL8));
    }

    @Test
    void mariaDbSkipsMySqlOnlyCommentsFromFiveSevenAndRunsItsOwn() throws IOException {
        String script = """
                /*!80000 SET SESSION information_schema_stats_expiry=0 */;
                /*!50699 SELECT 'old' */;
                /*M!100000 SELECT 'maria' */;
                /*!100000 SELECT 'six digits' */;
                /*M!999999\\- enable the sandbox mode */
                SELECT 'end';
                """;
        assertEquals(List.of("SELECT 'old'", "SELECT 'maria'", "SELECT 'six digits'", "SELECT 'end'"), split(script, MARIADB));
        assertEquals(List.of("SELECT 'old'", "SELECT 'end'"),
                split(script.replace("/*!100000 SELECT 'six digits' */;\n", ""), MYSQL57));
        List<String> mysql = split(script.replace("/*!100000 SELECT 'six digits' */;\n", ""), MYSQL8);
        assertEquals(List.of("SET SESSION information_schema_stats_expiry=0", "SELECT 'old'", "SELECT 'end'"), mysql);
    }

    @Test
    void mysqldumpTriggerWrappedInExecutableCommentsBecomesOneStatement() throws IOException {
        String script = """
                DELIMITER ;;
                /*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER trg BEFORE INSERT ON t FOR EACH ROW BEGIN
                  SET NEW.a = 'x;y'; SET NEW.b = 1;
                END */;;
                DELIMITER ;
                SELECT 1;
                """;
        List<String> st = split(script, MARIADB);
        assertEquals(2, st.size());
        assertEquals("CREATE DEFINER=`root`@`localhost` TRIGGER trg BEFORE INSERT ON t FOR EACH ROW BEGIN\n"
                + "  SET NEW.a = 'x;y'; SET NEW.b = 1;\nEND", st.get(0));
        assertEquals("SELECT 1", st.get(1));
    }

    @Test
    void delimiterChangesApplyUntilTheNextOne() throws IOException {
        String script = """
                delimiter //
                CREATE PROCEDURE p()
                BEGIN
                  -- a comment; inside the body
                  SELECT 1; SELECT 'a//b';
                END//
                DELIMITER $$
                CREATE FUNCTION f() RETURNS INT RETURN 1$$
                DELIMITER ;
                SELECT 2;
                """;
        List<String> st = split(script, MARIADB);
        assertEquals(3, st.size());
        assertTrue(st.get(0).startsWith("CREATE PROCEDURE p()\nBEGIN\n  -- a comment; inside the body\n  SELECT 1; SELECT 'a//b';\nEND"));
        assertEquals("CREATE FUNCTION f() RETURNS INT RETURN 1", st.get(1));
        assertEquals("SELECT 2", st.get(2));
    }

    @Test
    void blanksBeforeTheDelimiterAreKeptSoStoredBodiesStayExact() throws IOException {
        try (MysqlStatementReader reader = new MysqlStatementReader(new ByteArrayInputStream(
                "DELIMITER ;;\nCREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1 \n;;\n".getBytes(StandardCharsets.UTF_8)),
                MARIADB, 1 << 20)) {
            assertEquals("CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET @a = 1 \n", reader.next().text());
        }
    }

    @Test
    void aFinalStatementWithoutDelimiterStillRuns() throws IOException {
        assertEquals(List.of("SELECT 1", "SELECT 2"), split("SELECT 1;\nSELECT 2\n", MARIADB));
    }

    @Test
    void statementsRecordTheirStartLine() throws IOException {
        try (MysqlStatementReader reader = new MysqlStatementReader(new ByteArrayInputStream(
                "-- head\n\nSELECT 1;\nSELECT\n'a\nb';\n\n  SELECT 3;".getBytes(StandardCharsets.UTF_8)), MARIADB, 1 << 20)) {
            assertEquals(3, reader.next().line());
            assertEquals(4, reader.next().line());
            assertEquals(8, reader.next().line());
            assertNull(reader.next());
            assertEquals("-- head", reader.firstComment());
        }
    }

    @Test
    void theLastCommentTellsWhetherTheDumpIsComplete() throws IOException {
        try (MysqlStatementReader reader = new MysqlStatementReader(new ByteArrayInputStream(
                "-- MariaDB dump 10.19\nSELECT 1;\n\n-- Dump completed on 2024-01-01\n".getBytes(StandardCharsets.UTF_8)),
                MARIADB, 1 << 20)) {
            reader.next();
            assertNull(reader.next());
            assertEquals("-- MariaDB dump 10.19", reader.firstComment());
            assertEquals("-- Dump completed on 2024-01-01", reader.lastComment());
        }
    }

    @Test
    void anUnclosedQuoteAtTheEndIsReportedAsATruncatedFile() {
        MysqlScriptSyntaxException e = assertThrows(MysqlScriptSyntaxException.class,
                () -> split("SELECT 1;\nINSERT INTO t VALUES ('abc", MARIADB));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void anUnclosedCommentAtTheEndIsReportedAsATruncatedFile() {
        assertThrows(MysqlScriptSyntaxException.class, () -> split("SELECT 1 /*!40101 , 2", MARIADB));
        assertThrows(MysqlScriptSyntaxException.class, () -> split("SELECT 1 /* , 2", MARIADB));
    }

    @Test
    void aStatementLargerThanTheServerAcceptsIsRefusedWithoutReadingOn() {
        byte[] script = ("INSERT INTO t VALUES ('" + "x".repeat(5000)).getBytes(StandardCharsets.UTF_8);
        MysqlScriptSyntaxException e = assertThrows(MysqlScriptSyntaxException.class, () -> {
            try (MysqlStatementReader reader = new MysqlStatementReader(new ByteArrayInputStream(script), MARIADB, 1024)) {
                reader.next();
            }
        });
        assertTrue(e.getMessage().contains("max_allowed_packet"), e.getMessage());
    }

    @Test
    void largeStatementsAcrossBufferBoundariesKeepEveryByte() throws IOException {
        StringBuilder sb = new StringBuilder("INSERT INTO t VALUES ");
        for (int i = 0; i < 60_000; i++) {
            sb.append(i == 0 ? "" : ",").append("(").append(i).append(",'v;a''l\\'").append(i % 7 == 0 ? "\\\\" : "").append("é')");
        }
        String insert = sb.toString();
        List<String> st = split(insert + ";\n" + insert + ";", MARIADB);
        assertEquals(2, st.size());
        assertEquals(insert, st.get(0));
        assertEquals(insert, st.get(1));
    }

    @Test
    void readsTheScriptOneStatementAtATime() throws IOException {
        // An endless script: the reader must return statements without reading to the end.
        InputStream endless = new InputStream() {
            private final byte[] unit = "INSERT INTO t VALUES (1,'abc');\n".getBytes(StandardCharsets.UTF_8);
            private long served;

            @Override
            public int read() {
                return unit[(int) (served++ % unit.length)];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++) {
                    b[off + i] = (byte) read();
                }
                return len;
            }
        };
        try (MysqlStatementReader reader = new MysqlStatementReader(endless, MARIADB, 1 << 20)) {
            for (int i = 0; i < 1000; i++) {
                assertEquals("INSERT INTO t VALUES (1,'abc')", reader.next().text());
            }
        }
    }

    @Test
    void bytesThatAreNotUtf8PassThroughUnchanged() throws IOException {
        byte[] script = new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', '\'', (byte) 0xff, (byte) 0x80, 0, '\'', ';'};
        try (MysqlStatementReader reader = new MysqlStatementReader(new ByteArrayInputStream(script), MARIADB, 1 << 20)) {
            byte[] text = reader.next().text().getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(12, text.length);
            assertEquals((byte) 0xff, text[8]);
            assertEquals((byte) 0x80, text[9]);
            assertEquals(0, text[10]);
        }
    }

    @Test
    void versionsParseFromBothFamilies() {
        assertEquals(101119, MysqlVersion.parse("5.5.5-10.11.19-MariaDB-0+deb12u1").id());
        assertTrue(MysqlVersion.parse("5.5.5-10.11.19-MariaDB-0+deb12u1").mariaDb());
        assertEquals(80036, MYSQL8.id());
        assertTrue(!MYSQL8.mariaDb());
    }
}
