package dev.railyard.backup.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.Compression;
import dev.railyard.backup.RecordingContext;
import dev.railyard.profile.SslMode;
import dev.railyard.support.LatencyProxy;
import dev.railyard.support.MysqlServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each round trip through Railway's proxy costs 30-150 ms. A MySQL backup took 28 for 3 tables and 3 more
 * for each table: the driver set and reset net_write_timeout around every streamed SELECT, and the session
 * settings went one statement at a time. Now each table adds only its SELECT.
 */
class MysqlBackupRoundTripsTest {

    @ParameterizedTest
    @EnumSource(MysqlServer.Flavour.class)
    void eachTableAddsOnlyItsSelectAndTheSessionIsSetInOneRoundTrip(MysqlServer.Flavour flavour, @TempDir Path dir)
            throws Exception {
        MysqlServer server = MysqlServer.shared(flavour);
        long three = roundTrips(server, 3, dir);
        long six = roundTrips(server, 6, dir);
        assertEquals(3, six - three, "three more tables, three more SELECTs: " + three + " then " + six);
        assertTrue(three <= 17, three + " round trips for 3 tables (28 before)");
    }

    private static long roundTrips(MysqlServer server, int tables, Path dir) throws Exception {
        String db = server.createDatabase("roundtrips");
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            for (int i = 1; i <= tables; i++) {
                s.execute("CREATE TABLE t" + i + " (id INT PRIMARY KEY, v TEXT)");
                s.execute("INSERT INTO t" + i + " VALUES (1, 'a'), (2, 'b')");
            }
        }
        Path out = dir.resolve(db + ".sql.zst");
        try (LatencyProxy proxy = new LatencyProxy(server.port(), Duration.ZERO)) {
            MysqlEndpoint through = new MysqlEndpoint(null, "127.0.0.1", proxy.port(), db, "root", "", SslMode.DISABLE);
            new BuiltinMysqlDump(through, BackupOptions.defaults().withCompression(Compression.ZSTD), out)
                    .run(new RecordingContext());
            assertTrue(Files.size(out) > 0, "the backup was written");
            return proxy.roundTrips();
        }
    }
}
