package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.Compression;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.backup.RestoreResult;
import dev.railyard.support.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore into a new database loads a table too big for one connection on every connection
 * (pg_restore -j loads each table on one): the connection with nothing left to load takes
 * part of its rows, and the copy is the same, row for row.
 */
@Timeout(120)
class ParallelRestoreTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared("15");
    /** Enough rows that the server takes a good fraction of a second for them, so the helper always gets some. */
    private static final int ROWS = 200_000;
    private static String database;

    @BeforeAll
    static void bigTable() throws SQLException {
        database = PG.createDatabase("bigtable");
        try (Connection c = PG.connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (id bigint PRIMARY KEY, kind integer NOT NULL, payload text, at timestamptz)");
            s.execute("INSERT INTO events SELECT g, g % 7, md5(g::text) || E'\\t' || md5((g * 3)::text) || E'\\n\\\\', "
                    + "'2026-01-01'::timestamptz + g * interval '1 second' FROM generate_series(1, " + ROWS + ") g");
            s.execute("CREATE INDEX events_kind ON events (kind)");
        }
    }

    @Test
    void theOnlyTableLoadsOnBothConnectionsAndArrivesRowForRow(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("events.sql.zst");
        PgEndpoint source = PgFidelityRoundTripTest.endpoint(PG, database);
        new BuiltinPgDump(source, BackupOptions.defaults().withCompression(Compression.ZSTD).withJobs(1), out, null)
                .run(new RecordingContext());

        String copy = "events_copy_" + System.nanoTime();
        RecordingContext context = new RecordingContext();
        RestoreResult result = new PgRestore(out, source.withDatabase("postgres"), RestoreOptions.defaults().withCreateDatabase(copy),
                NativePgTools.fromEnvironment(null)).run(context);

        assertTrue(context.allLog().contains("Helped another connection load its table"), context.allLog());
        assertTrue(context.allLog().contains("Loaded public.events: " + ROWS + " rows"), "the owner counts every row: "
                + context.allLog());
        assertEquals(ROWS, result.script().rows());
        try (Connection original = PG.connect(database); Connection restored = PG.connect(copy)) {
            assertEquals(Fingerprints.of(original), Fingerprints.of(restored));
        }
        try (Connection c = PG.connect(copy); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM pg_indexes WHERE tablename = 'events'")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "primary key and index built after all rows were in");
        }
    }
}
