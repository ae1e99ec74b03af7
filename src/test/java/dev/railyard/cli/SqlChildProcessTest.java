package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.MysqlServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code railyard sql} in a process of its own: a small heap, a pipe, and Ctrl-C. */
@Timeout(300)
class SqlChildProcessTest {

    private static final long ROWS = 2_000_000;

    @TempDir
    Path home;

    @TempDir
    Path work;

    private Process start(String heap, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-cp", System.getProperty("java.class.path"), "dev.railyard.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(work.resolve("stderr.txt").toFile());
        builder.environment().put("RAILYARD_HOME", home.toString());
        builder.environment().put("PATH", work.resolve("no-bin") + File.pathSeparator + "/usr/bin:/bin");
        return builder.start();
    }

    private String stderr() throws Exception {
        Path file = work.resolve("stderr.txt");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** Reads the child's stdout as a pipe would and counts CSV records; checks the last one. */
    private void csvThroughAPipeUnderSmallHeap(String url, String sql) throws Exception {
        Process process = start("64m", "sql", "--url", url, "-c", sql, "--csv");
        long lines = 0;
        String last = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines++;
                last = line;
            }
        }
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "did not end");
        assertEquals(0, process.exitValue(), stderr());
        assertEquals(ROWS + 1, lines, "header and every row: " + stderr());
        assertEquals(ROWS + ",row " + ROWS, last);
    }

    @Test
    void csvOfTwoMillionPostgresRowsStreamsUnderSixtyFourMegabytes() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("sql_stream");
        csvThroughAPipeUnderSmallHeap("postgresql://postgres@127.0.0.1:" + pg.port() + "/" + db + "?sslmode=disable",
                "SELECT g AS id, 'row ' || g AS label FROM generate_series(1, " + ROWS + ") g");
    }

    @Test
    void csvOfTwoMillionMariaDbRowsStreamsUnderSixtyFourMegabytes() throws Exception {
        MysqlServer mariaDb = MysqlServer.sharedMariadb();
        String db = mariaDb.createDatabase("sql_stream");
        csvThroughAPipeUnderSmallHeap("mysql://root@127.0.0.1:" + mariaDb.port() + "/" + db + "?sslMode=DISABLED",
                "SELECT seq AS id, concat('row ', seq) AS label FROM seq_1_to_" + ROWS);
    }

    @Test
    void ctrlCStopsTheStatementOnTheServer() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("sql_interrupt");
        Process process = start("128m", "sql", "--url", "postgresql://postgres@127.0.0.1:" + pg.port() + "/" + db
                + "?sslmode=disable", "-c", "SELECT pg_sleep(60)");
        String running = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'railyard-console'"
                + " AND state = 'active' AND datname = '" + db + "'";
        try {
            org.testfx.util.WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !process.isAlive() || count(pg, db, running) > 0);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the statement never started: " + stderr(), e);
        }
        assertTrue(process.isAlive(), "the statement never started: " + stderr());
        long interrupted = System.nanoTime();
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor());
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the CLI did not end after Ctrl-C");
        assertTrue(System.nanoTime() - interrupted < TimeUnit.SECONDS.toNanos(5), "took too long");
        assertTrue(process.exitValue() != 0);
        assertEquals(0, count(pg, db, running), "pg_sleep still runs on the server");
    }

    private static long count(EmbeddedPostgres pg, String db, String sql) throws Exception {
        try (Connection c = pg.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
