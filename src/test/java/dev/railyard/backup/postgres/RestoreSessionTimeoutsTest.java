package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A role-level statement_timeout is the server's default for queries, not a limit for a restore. */
class RestoreSessionTimeoutsTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared();

    @Test
    void restoreSucceedsUnderARoleLevelStatementTimeout(@TempDir Path dir) throws Exception {
        String source = PG.createDatabase("timeout_src");
        try (Connection c = PG.connect(source); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE big (id integer PRIMARY KEY, note text)");
            s.execute("INSERT INTO big SELECT i, md5(i::text) || md5((i * 7)::text) FROM generate_series(1, 400000) AS i");
        }
        Path file = dir.resolve("big.sql");
        new BuiltinPgDump(PgFidelityRoundTripTest.endpoint(PG, source), BackupOptions.defaults(), file, null)
                .run(new RecordingContext());

        String role = "timeboxed_" + Long.toHexString(System.nanoTime() & 0xffffff);
        String target = PG.createDatabase("timeout_target");
        try (Connection c = PG.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN CREATEDB");
            s.execute("ALTER DATABASE " + target + " OWNER TO " + role);
            s.execute("ALTER ROLE " + role + " SET statement_timeout = '100ms'");
            s.execute("ALTER ROLE " + role + " SET lock_timeout = '100ms'");
            s.execute("ALTER ROLE " + role + " SET idle_in_transaction_session_timeout = '100ms'");
        }
        try (Connection c = PG.connect(target); Statement s = c.createStatement()) {
            s.execute("ALTER SCHEMA public OWNER TO " + role);
        }
        PgEndpoint asRole = new PgEndpoint("localhost", PG.port(), target, role, null, SslMode.DISABLE);
        // Over the existing database, cleaning it first, in one transaction.
        new PgRestore(file, asRole, RestoreOptions.defaults().withClean(true), NativePgTools.fromEnvironment(null))
                .run(new RecordingContext());
        assertEquals(400000, rows(target));
        // Into a new database, in parts on several connections.
        String fresh = "timeout_new_" + Long.toHexString(System.nanoTime() & 0xffffff);
        new PgRestore(file, asRole, RestoreOptions.defaults().withCreateDatabase(fresh).withJobs(2),
                NativePgTools.fromEnvironment(null)).run(new RecordingContext());
        assertEquals(400000, rows(fresh));
    }

    private static long rows(String database) throws Exception {
        try (Connection c = PG.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM public.big")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
