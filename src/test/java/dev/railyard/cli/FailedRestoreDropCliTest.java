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

/** A failed restore into a new database says what became of it only after the drop ran: dropped, or how to drop it. */
class FailedRestoreDropCliTest {

    @TempDir
    Path home;

    @TempDir
    Path work;

    private static boolean exists(EmbeddedPostgres pg, String db) throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + db + "'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static Path script(Path dir, String name, String body) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "--\n-- Railyard PostgreSQL dump\n--\n\n" + body + "\n--\n-- Railyard PostgreSQL dump complete\n--\n");
        return file;
    }

    @Test
    void theNewDatabaseIsReportedDroppedOnlyWhenItWasAndOtherwiseTheCommandToDropItIsGiven() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String url = "postgresql://postgres@127.0.0.1:" + pg.port() + "/postgres?sslmode=disable";
        CliRun cli = new CliRun(home);
        String suffix = Long.toHexString(System.nanoTime());

        Path failing = script(work, "failing.sql", "CREATE TABLE t (id int);\nSELECT 1/0;\n");
        String dropped = "drop_ok_" + suffix;
        CliRun.Result first = cli.run("backup", "restore", failing.toString(), "--to-url", url, "--create-database", dropped);
        assertNotEquals(0, first.code(), first.toString());
        assertFalse(exists(pg, dropped));
        assertTrue(first.err().contains("The new database " + dropped + " was dropped again."), first.toString());

        // The script makes its database a template, which DROP DATABASE refuses: the drop fails.
        Path stuck = script(work, "stuck.sql", "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I IS_TEMPLATE true', "
                + "current_database()); END $$;\nSELECT 1/0;\n");
        String kept = "drop_fails_" + suffix;
        CliRun.Result second = cli.run("backup", "restore", stuck.toString(), "--to-url", url, "--create-database", kept,
                "--no-single-transaction");
        assertNotEquals(0, second.code(), second.toString());
        assertTrue(exists(pg, kept), "the drop really failed");
        assertFalse(second.err().contains("was dropped"), second.toString());
        assertTrue(second.err().contains("could not be dropped"), second.toString());
        assertTrue(second.err().contains("DROP DATABASE \"" + kept + "\""), second.toString());
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + kept + " IS_TEMPLATE false");
            s.execute("DROP DATABASE " + kept);
        }
    }
}
