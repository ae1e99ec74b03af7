package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.Compression;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.LatencyProxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large objects come back under their oids, and a restore sends them in batches, not one round trip each. */
class LargeObjectsTest {

    private static final int OBJECTS = 300;

    @Test
    void manySmallLargeObjectsRestoreInFewRoundTrips(@TempDir Path dir) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String source = pg.createDatabase("lobs");
        try (Connection c = pg.connect(source); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE attachments (id integer PRIMARY KEY, content oid)");
            s.execute("INSERT INTO attachments SELECT i, lo_from_bytea(0, convert_to('attachment ' || i, 'UTF8')) "
                    + "FROM generate_series(1, " + OBJECTS + ") i");
        }
        Path file = dir.resolve("lobs.sql.zst");
        RecordingContext backup = new RecordingContext();
        new BuiltinPgDump(PgFidelityRoundTripTest.endpoint(pg, source), BackupOptions.defaults().withCompression(Compression.ZSTD),
                file, null).run(backup);
        assertTrue(backup.allLog().contains("Copied " + OBJECTS + " large objects"), backup.allLog());

        String target = pg.createDatabase("lobs_copy");
        try (LatencyProxy proxy = new LatencyProxy(pg.port(), Duration.ZERO)) {
            PgEndpoint through = new PgEndpoint("localhost", proxy.port(), target, "postgres", null, SslMode.DISABLE);
            new PgRestore(file, through, RestoreOptions.defaults(), NativePgTools.fromEnvironment(null))
                    .run(new RecordingContext());
            assertTrue(proxy.roundTrips() < OBJECTS / 3, "the whole restore took " + proxy.roundTrips() + " round trips for "
                    + OBJECTS + " large objects");
        }
        assertEquals(contents(pg, source), contents(pg, target));
    }

    private static String contents(EmbeddedPostgres pg, String database) throws Exception {
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) || ' ' || md5(string_agg(a.id || ':' || a.content || ':' "
                     + "|| md5(lo_get(a.content)), ',' ORDER BY a.id)) FROM attachments a")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
