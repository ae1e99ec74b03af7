package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.support.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * backup restore --continue-on-error (issue #15): the restore goes on past failed statements,
 * keeps the new database, lists every failure with its line, never says "Restored" without them,
 * and exits with a failure status.
 */
class ContinueOnErrorCliTest {

    @TempDir
    Path home;

    @TempDir
    Path work;

    @Test
    void everyFailedStatementIsListedWithItsLineAndTheExitStatusIsAFailure() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String url = "postgresql://postgres@127.0.0.1:" + pg.port() + "/postgres?sslmode=disable";
        Path file = work.resolve("partly.sql");
        Files.writeString(file, String.join("\n",
                "--", "-- Railyard PostgreSQL dump", "--", "",
                "CREATE TABLE public.first (id int);",                 // line 5
                "CREATE TABLE public.broken (id no_such_type);",       // line 6
                "INSERT INTO public.first VALUES (1);",                // line 7
                "SELECT 1/0;",                                         // line 8
                "CREATE TABLE public.last (id int);",                  // line 9
                "--", "-- Railyard PostgreSQL dump complete", "--", ""));
        String database = "goes_on_" + Long.toHexString(System.nanoTime());

        CliRun.Result run = new CliRun(home).run("backup", "restore", file.toString(), "--to-url", url,
                "--create-database", database, "--continue-on-error");

        assertNotEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("INCOMPLETELY"), run.toString());
        assertFalse(run.out().contains("(a new database) with"), "no plain success line: " + run);
        assertTrue(run.err().contains("line 6:") && run.err().contains("no_such_type"), run.toString());
        assertTrue(run.err().contains("line 8:") && run.err().contains("division by zero"), run.toString());
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM public.first), to_regclass('public.last') IS NOT NULL")) {
            rs.next();
            assertEquals(1, rs.getLong(1), "the statements after a failure ran");
            assertTrue(rs.getBoolean(2));
        }
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE " + database);
        }
    }
}
