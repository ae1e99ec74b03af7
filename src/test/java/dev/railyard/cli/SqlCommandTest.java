package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.MysqlServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code railyard sql} as scripts meet it: the production guard, the output formats, EXPLAIN. */
class SqlCommandTest {

    @TempDir
    Path home;

    @TempDir
    Path work;

    /** A database on a server, with its URL and a way to count rows. */
    private record Target(String url, String db, Counter counter) {
    }

    @FunctionalInterface
    private interface Counter {
        long count(String sql) throws Exception;
    }

    private static Target postgres(String major, String prefix) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared(major);
        String db = pg.createDatabase(prefix);
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, note text)");
            s.execute("INSERT INTO orders SELECT g, 'n' || g FROM generate_series(1, 3) g");
        }
        return new Target("postgresql://postgres@127.0.0.1:" + pg.port() + "/" + db + "?sslmode=disable", db,
                sql -> count(pg.connect(db), sql));
    }

    private static Target mysql(MysqlServer server, String prefix) throws Exception {
        String db = server.createDatabase(prefix);
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, note varchar(40))");
            s.execute("INSERT INTO orders VALUES (1, 'n1'), (2, 'n2'), (3, 'n3')");
        }
        return new Target("mysql://root@127.0.0.1:" + server.port() + "/" + db + "?sslMode=DISABLED", db,
                sql -> count(server.connect(db), sql));
    }

    private static long count(Connection connection, String sql) throws Exception {
        try (Connection c = connection; Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Stream<String> servers() {
        return Stream.of("pg15", "pg17", "pg18", "mariadb", "mysql9");
    }

    private static Target target(String server, String prefix) throws Exception {
        return switch (server) {
            case "pg15" -> postgres("15", prefix);
            case "pg17" -> postgres("17", prefix);
            case "pg18" -> postgres("18", prefix);
            case "mariadb" -> mysql(MysqlServer.sharedMariadb(), prefix);
            case "mysql9" -> mysql(MysqlServer.sharedMysql9(), prefix);
            default -> throw new IllegalArgumentException(server);
        };
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aWriteOnProductionFailsOnTheServerUntilReadWriteIsConfirmed(String server) throws Exception {
        Target t = target(server, "sql_guard");
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "shop-prod", "--env", "production", "--secret", "ask", "--url", t.url()).code());

        CliRun.Result read = cli.run("sql", "--profile", "shop-prod", "-c", "SELECT count(*) AS n FROM orders", "--csv");
        assertEquals(0, read.code(), read.toString());
        assertEquals("n\r\n3\r\n", read.out());

        CliRun.Result refused = cli.run("sql", "--profile", "shop-prod", "-c", "DELETE FROM orders WHERE id = 1");
        assertEquals(1, refused.code(), refused.toString());
        String message = refused.err().toLowerCase(java.util.Locale.ROOT);
        assertTrue(message.contains("read-only transaction") || message.contains("read only transaction")
                || message.contains("read only"), "the server's own read-only error: " + refused);
        assertTrue(refused.err().contains("--read-write --confirm " + t.db()), refused.toString());
        assertEquals(3, t.counter().count("SELECT count(*) FROM orders"), "nothing deleted");

        CliRun.Result ddl = cli.run("sql", "--profile", "shop-prod", "-c", "SELECT 1; DROP TABLE orders");
        assertEquals(1, ddl.code(), ddl.toString());
        assertEquals(3, t.counter().count("SELECT count(*) FROM orders"), "DDL refused too");

        CliRun.Result unconfirmed = cli.run("sql", "--profile", "shop-prod", "-c", "DELETE FROM orders WHERE id = 1",
                "--read-write");
        assertEquals(2, unconfirmed.code(), unconfirmed.toString());
        assertTrue(unconfirmed.err().contains("--confirm " + t.db()), unconfirmed.toString());

        CliRun.Result byUrl = cli.run("sql", "--url", t.url(), "-c", "DELETE FROM orders WHERE id = 1");
        assertEquals(1, byUrl.code(), "the production database by URL gets no free pass: " + byUrl);

        CliRun.Result confirmed = cli.run("sql", "--profile", "shop-prod", "-c", "DELETE FROM orders WHERE id = 1",
                "--read-write", "--confirm", t.db());
        assertEquals(0, confirmed.code(), confirmed.toString());
        assertEquals(2, t.counter().count("SELECT count(*) FROM orders"));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aFailedReadWriteScriptIsRolledBackAndNamesItsLine(String server) throws Exception {
        Target t = target(server, "sql_rollback");
        CliRun.Result failed = new CliRun(home).run("sql", "--url", t.url(), "-c",
                "INSERT INTO orders VALUES (10, 'x');\nSELECT 1;\nSELECT no_such_column FROM orders;");
        assertEquals(1, failed.code(), failed.toString());
        assertTrue(failed.err().contains("line 3"), failed.toString());
        assertEquals(0, t.counter().count("SELECT count(*) FROM orders WHERE id = 10"), "the script's insert was rolled back");
    }

    @Test
    void outputsStreamAsTableCsvAndJsonLines() throws Exception {
        Target t = postgres("17", "sql_formats");
        CliRun cli = new CliRun(home);
        CliRun.Result table = cli.run("sql", "--url", t.url(), "-c",
                "SELECT id, note, id * 1.5 AS half, NULL AS nothing FROM orders ORDER BY id");
        assertEquals(0, table.code(), table.toString());
        assertTrue(table.out().contains("id | note | half | nothing"), table.out());
        assertTrue(table.out().contains(" 3 | n3   |  4.5 | NULL"), table.out());
        assertTrue(table.out().contains("(3 rows)"), table.out());

        CliRun.Result csv = cli.run("sql", "--url", t.url(), "-c",
                "SELECT 'a,b' AS x, 'say \"hi\"' AS y, E'two\\nlines' AS z, NULL AS n", "--csv");
        assertEquals("x,y,z,n\r\n\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n", csv.out());

        CliRun.Result json = cli.run("sql", "--url", t.url(), "-c",
                "SELECT id, note, id > 1 AS big, NULL AS n FROM orders ORDER BY id LIMIT 2", "--json");
        assertEquals("{\"id\":1,\"note\":\"n1\",\"big\":false,\"n\":null}\n{\"id\":2,\"note\":\"n2\",\"big\":true,\"n\":null}\n",
                json.out());

        // A real keeps its own digits; a double its own; numeric is exact.
        CliRun.Result numbers = cli.run("sql", "--url", t.url(), "-c",
                "SELECT 0.1::real AS r, 0.1::float8 AS d, 0.10::numeric AS n, 'NaN'::real AS nan", "--json");
        assertEquals("{\"r\":0.1,\"d\":0.1,\"n\":0.10,\"nan\":\"NaN\"}\n", numbers.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg17", "mariadb", "mysql9"})
    void explainPrintsThePlanTreeAndAnalyzeOfAnInsertLeavesNoRow(String server) throws Exception {
        Target t = target(server, "sql_explain");
        CliRun cli = new CliRun(home);
        CliRun.Result plan = cli.run("sql", "--url", t.url(), "-c", "SELECT * FROM orders WHERE note = 'n2'", "--explain");
        assertEquals(0, plan.code(), plan.toString());
        assertTrue(plan.out().contains("orders") && plan.out().contains("<== most expensive"), plan.out());

        CliRun.Result analyzed = cli.run("sql", "--url", t.url(), "-c", "INSERT INTO orders VALUES (99, 'gone')",
                "--explain", "--analyze", "--json");
        assertEquals(0, analyzed.code(), analyzed.toString());
        assertTrue(analyzed.json().path("analyzed").asBoolean(), analyzed.out());
        assertEquals(0, t.counter().count("SELECT count(*) FROM orders WHERE id = 99"), "rolled back");
    }

    @Test
    void explainAnalyzeOnProductionNeedsConfirm() throws Exception {
        Target t = postgres("17", "sql_analyze_prod");
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "prod", "--env", "production", "--secret", "ask", "--url", t.url()).code());
        CliRun.Result refused = cli.run("sql", "--profile", "prod", "-c", "SELECT * FROM orders", "--explain", "--analyze");
        assertEquals(2, refused.code(), refused.toString());
        assertTrue(refused.err().contains("--confirm " + t.db()), refused.toString());
        CliRun.Result plain = cli.run("sql", "--profile", "prod", "-c", "SELECT * FROM orders", "--explain");
        assertEquals(0, plain.code(), plain.toString());
        CliRun.Result confirmed = cli.run("sql", "--profile", "prod", "-c", "UPDATE orders SET note = 'x'", "--explain",
                "--analyze", "--confirm", t.db());
        assertEquals(0, confirmed.code(), confirmed.toString());
        assertTrue(confirmed.out().contains("actual rows=3"), confirmed.out());
        assertEquals(0, t.counter().count("SELECT count(*) FROM orders WHERE note = 'x'"), "rolled back");
    }

    @Test
    void aScriptFileRunsAndUsageErrorsExitTwo() throws Exception {
        Target t = postgres("17", "sql_file");
        Path file = Files.writeString(work.resolve("s.sql"), "-- a comment; with a semicolon\n"
                + "CREATE TABLE t (v text);\nINSERT INTO t VALUES ('a;b'), ($$c;d$$);\nSELECT count(*) FROM t;\n");
        CliRun cli = new CliRun(home);
        CliRun.Result ran = cli.run("sql", "--url", t.url(), "-f", file.toString());
        assertEquals(0, ran.code(), ran.toString());
        assertTrue(ran.out().contains("INSERT 2 rows"), ran.out());
        assertEquals(2, t.counter().count("SELECT count(*) FROM t"));
        CliRun.Result outside = cli.run("sql", "--url", t.url(), "-c",
                "CREATE INDEX CONCURRENTLY t_v ON t (v); VACUUM ANALYZE t; SELECT count(*) FROM pg_indexes WHERE indexname = 't_v'",
                "--csv");
        assertEquals(0, outside.code(), "statements that refuse a transaction block run on their own: " + outside);
        assertEquals("count\r\n1\r\n", outside.out());
        assertEquals(2, cli.run("sql", "--url", t.url()).code(), "no -c or -f");
        assertEquals(2, cli.run("sql", "--url", t.url(), "-c", "SELECT 1", "--analyze").code());
        assertEquals(2, cli.run("sql", "--url", t.url(), "-c", "SELECT 1", "--csv", "--json").code());
    }
}
