package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.Compression;
import dev.railyard.backup.RecordingContext;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.LatencyProxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each round trip through Railway's proxy costs 30-150 ms: a backup reads the catalog in a
 * few batched round trips, not one query after another, however many kinds of object it reads.
 */
class BackupRoundTripsTest {

    @Test
    void aBackupReadsTheCatalogInAFewRoundTripsAndEachTableAddsOnlyItsCopy(@TempDir Path dir) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        long three = roundTrips(pg, 3, dir);
        long six = roundTrips(pg, 6, dir);
        // Before the catalog was batched, 3 tables took 33: one query per kind of object.
        assertTrue(three <= 15, three + " round trips for 3 tables");
        assertEquals(3, six - three, "three more tables, three more COPYs: " + three + " then " + six);
    }

    private static long roundTrips(EmbeddedPostgres pg, int tables, Path dir) throws Exception {
        String db = pg.createDatabase("roundtrips");
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            for (int i = 1; i <= tables; i++) {
                s.execute("CREATE TABLE t" + i + " (id integer PRIMARY KEY, v text)");
                s.execute("INSERT INTO t" + i + " SELECT g, 'v' FROM generate_series(1, 10) g");
            }
        }
        try (LatencyProxy proxy = new LatencyProxy(pg.port(), Duration.ZERO)) {
            PgEndpoint through = new PgEndpoint("localhost", proxy.port(), db, "postgres", null, SslMode.DISABLE);
            new BuiltinPgDump(through, BackupOptions.defaults().withCompression(Compression.ZSTD).withJobs(1),
                    dir.resolve(db + ".sql.zst"), null).run(new RecordingContext());
            return proxy.roundTrips();
        }
    }
}
