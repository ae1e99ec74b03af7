package dev.railyard.bench;

import dev.railyard.db.Dialect;
import dev.railyard.inspect.InspectSession;
import dev.railyard.inspect.TableSizeReport;
import dev.railyard.inspect.TableSizes;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.LatencyProxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The Tables view of a PostgreSQL database with 10,000 tables, through a proxy that adds 50 ms
 * each way (100 ms per round trip, Railway-like): time from the request to the rows being ready
 * for the table (one query, the roll-up and the sort). The GUI's rendering comes on top.
 * Target: under 1.5 s.
 */
public final class TablesViewBenchmark {

    private static final int TABLES = 10_000;
    private static final int RUNS = 5;
    private static final Duration DELAY_EACH_WAY = Duration.ofMillis(50);

    private TablesViewBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.shared();
        String db = server.createDatabase("bench_tables");
        long built = System.nanoTime();
        createTables(server, db);
        System.out.printf(Locale.ROOT, "  %d tables created and analyzed in %.1f s; load average %.1f on %d CPUs%n", TABLES,
                (System.nanoTime() - built) / 1e9, java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());

        Properties properties = InspectSession.inspectionProperties(Dialect.POSTGRESQL);
        properties.setProperty("user", "postgres");
        TableSizes tables = new TableSizes(Dialect.POSTGRESQL);
        try (LatencyProxy proxy = new LatencyProxy(server.port(), DELAY_EACH_WAY)) {
            String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db;

            long connectStart = System.nanoTime();
            List<Long> runs = new ArrayList<>();
            int rows;
            try (Connection c = DriverManager.getConnection(url, properties)) {
                long connected = System.nanoTime();
                TableSizeReport first = tables.read(c);
                long firstDone = System.nanoTime();
                rows = first.tables().size();
                System.out.printf(Locale.ROOT, "  first view on a new connection: %d ms to connect + %d ms to rows%n",
                        (connected - connectStart) / 1_000_000, (firstDone - connected) / 1_000_000);
                for (int i = 0; i < RUNS; i++) {
                    proxy.resetCounts();
                    long start = System.nanoTime();
                    TableSizeReport report = tables.read(c);
                    long elapsed = System.nanoTime() - start;
                    if (report.tables().size() != rows || proxy.roundTrips() != 1) {
                        throw new IllegalStateException("unexpected: " + report.tables().size() + " rows, "
                                + proxy.roundTrips() + " round trips");
                    }
                    runs.add(elapsed);
                }
            }
            Collections.sort(runs);
            long median = runs.get(runs.size() / 2) / 1_000_000;
            System.out.printf(Locale.ROOT, "  Tables view, %d tables, 100 ms round trip, open connection: median %d ms "
                            + "(min %d, max %d ms over %d runs), 1 round trip each%n",
                    rows, median, runs.get(0) / 1_000_000, runs.get(runs.size() - 1) / 1_000_000, RUNS);
            System.out.println("  target under 1500 ms: " + (median < 1500 ? "met" : "MISSED"));
        }
    }

    /** Ten thousand small tables, one in ten with a few hundred rows, in batches (each CREATE holds locks until commit). */
    private static void createTables(EmbeddedPostgres server, String db) throws SQLException {
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA bench");
            for (int from = 1; from <= TABLES; from += 500) {
                int to = Math.min(TABLES, from + 499);
                s.execute("DO $$ BEGIN FOR i IN " + from + ".." + to + " LOOP "
                        + "EXECUTE format('CREATE TABLE bench.t_%s (id int PRIMARY KEY, v text)', i); "
                        + "IF i % 10 = 0 THEN EXECUTE format('INSERT INTO bench.t_%s SELECT g, repeat(''x'', 50) "
                        + "FROM generate_series(1, 300) g', i); END IF; "
                        + "END LOOP; END $$");
            }
            // A database in steady state: statistics gathered, so autovacuum is not busy with
            // (and invalidating the cached catalog entries of) thousands of new tables meanwhile.
            s.execute("VACUUM ANALYZE");
        }
    }
}
