package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.LatencyProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog phase of a backup (connect, the snapshot session, the catalog read, the table locks,
 * the plan) costs the same few round trips however many tables there are: each one costs 30-150
 * ms through Railway's proxy, and a round trip per batch of locks cost seconds on 10,000 tables.
 */
class CatalogRoundTripsTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared();

    @Test
    void theCatalogPhaseOfTwelveHundredTablesCostsNoMoreRoundTripsThanOfTwo(@TempDir Path dir) throws Exception {
        long few = catalogPhaseRoundTrips(2, dir.resolve("few.sql"));
        long many = catalogPhaseRoundTrips(1_200, dir.resolve("many.sql"));
        assertEquals(few, many, "2 tables: " + few + " round trips, 1,200 tables: " + many);
        // Startup, the session's settings, the snapshot transaction, the relations, the locks with the definitions.
        assertTrue(many <= 5, "the catalog phase took " + many + " round trips");
    }

    /** Round trips from connecting to the first definition written, of a schema-only backup of {@code tables} tables. */
    private static long catalogPhaseRoundTrips(int tables, Path out) throws Exception {
        String db = PG.createDatabase("catalog_trips");
        try (Connection c = PG.connect(db); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN FOR i IN 1.." + tables + " LOOP "
                    + "EXECUTE format('CREATE TABLE public.t%s (id bigint PRIMARY KEY, v text)', i); END LOOP; END $$");
        }
        try (LatencyProxy proxy = new LatencyProxy(PG.port(), Duration.ofMillis(1))) {
            long[] trips = {-1};
            PgEndpoint source = new PgEndpoint("127.0.0.1", proxy.port(), db, "postgres", null, SslMode.DISABLE);
            new BuiltinPgDump(source, BackupOptions.defaults().withSchemaOnly(true), out, null).run(new dev.railyard.backup.RecordingContext(step -> {
                if (step.startsWith("Writing definitions") && trips[0] < 0) {
                    trips[0] = proxy.roundTrips();
                }
            }));
            assertTrue(Files.readString(out).contains("CREATE TABLE public.t" + tables + " "), "the last table is in the backup");
            return trips[0];
        }
    }
}
