package dev.railyard.bench;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.postgres.BuiltinPgDump;
import dev.railyard.backup.postgres.PgEndpoint;
import dev.railyard.db.Connections;
import dev.railyard.db.Databases;
import dev.railyard.db.Dialect;
import dev.railyard.inspect.IndexHealth;
import dev.railyard.inspect.IndexReport;
import dev.railyard.inspect.InspectionScope;
import dev.railyard.inspect.TableSizeReport;
import dev.railyard.inspect.TableSizes;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SecretStore;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.LatencyProxy;
import dev.railyard.support.PgServer;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The figures of issue #20 that a slow link decides, through a proxy adding 50 ms each way (a
 * 100 ms round trip, as Railway's proxy from far away), on a database of 10,000 tables (each with
 * a primary key, an index on a text column and a foreign key; one in ten holds 300 rows):
 * <ul>
 * <li>the Tables view read from nothing on a new pool, as the window does it (open the profile's
 *     pool, borrow a connection, the inspection scope, the query, rows ready), and as the CLI does
 *     it (one inspection connection);</li>
 * <li>the Indexes view the same way;</li>
 * <li>the catalog phase of a built-in backup: connect, the snapshot session, the catalog read, the
 *     table locks and the plan, up to the first line of definitions.</li>
 * </ul>
 * Each is run {@link #RUNS} times (median) with the proxy's round trips counted, beside the floor:
 * what a bare connection and the server's own work on a new backend cost.
 */
public final class LatencyBenchmark {

    static final int TABLES = 10_000;
    private static final int RUNS = Integer.getInteger("railyard.bench.runs", 3);
    private static final Duration DELAY_EACH_WAY = Duration.ofMillis(50);
    private static final double ROUND_TRIP_MS = 2 * DELAY_EACH_WAY.toMillis();

    private LatencyBenchmark() {
    }

    /** One measured step: its median time and the round trips and connections it cost (the same each run). */
    record Figure(String what, double millis, long roundTrips, long connections, double targetMillis) {
        String line() {
            String target = targetMillis <= 0 ? "" : String.format(Locale.ROOT, "  target <= %.0f ms: %s", targetMillis,
                    millis <= targetMillis ? "met" : "MISSED");
            String trips = roundTrips < 0 ? "" : String.format(Locale.ROOT, "%3d round trips (%4.0f ms of waiting), %d connection%s",
                    roundTrips, roundTrips * ROUND_TRIP_MS, connections, connections == 1 ? "" : "s");
            return String.format(Locale.ROOT, "  %-62s %6.0f ms  %s%s", what, millis, trips, target);
        }
    }

    /**
     * With no arguments: a new server and database. With {@code --port N --database D}: a database
     * of this shape already made on a local server that trusts postgres (to rerun without making it again).
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("--port") && args[2].equals("--database")) {
            print(measure(new LocalServer(Integer.parseInt(args[1])), args[3]));
            return;
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.startNew(EmbeddedPostgres.DEFAULT_MAJOR, Map.of(
                "shared_buffers", "256MB", "max_locks_per_transaction", "256"))) {
            String db = "latency_" + TABLES;
            try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + db);
            }
            long built = System.nanoTime();
            createTables(pg, db, TABLES);
            System.out.printf(Locale.ROOT, "  %,d tables (primary key, index, foreign key) made in %.1f s%n", TABLES,
                    (System.nanoTime() - built) / 1e9);
            print(measure(pg, db));
        }
    }

    private static void print(List<Figure> figures) {
        System.out.printf(Locale.ROOT, "%n  %,d tables, %.0f ms round trip; load average %.1f on %d CPUs%n", TABLES,
                ROUND_TRIP_MS, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        figures.forEach(f -> System.out.println(f.line()));
    }

    /** A server already running on this machine, reached as postgres without a password. */
    private record LocalServer(int port) implements PgServer {
        @Override
        public String major() {
            return "?";
        }

        @Override
        public String host() {
            return "127.0.0.1";
        }

        @Override
        public String createDatabase(String prefix) {
            throw new UnsupportedOperationException("the database is made already");
        }
    }

    static List<Figure> measure(PgServer pg, String db) throws Exception {
        List<Figure> figures = new ArrayList<>();
        try (LatencyProxy proxy = new LatencyProxy(pg.port(), DELAY_EACH_WAY)) {
            ConnectionProfile profile = new ConnectionProfile("bench", Dialect.POSTGRESQL, "127.0.0.1", proxy.port(), db,
                    "postgres", SslMode.DISABLE, null, EnvironmentTag.DEVELOPMENT, null, null, null, SecretMode.VAULT, null, 0);
            String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db;

            // Untimed: class loading and the JIT's first compilations are no part of any figure.
            try (Connection c = pg.connect(db)) {
                new TableSizes(Dialect.POSTGRESQL).read(c);
            }
            figures.add(run("floor: a bare PgJDBC connection (startup packet only)", proxy, -1, () -> {
                Properties p = new Properties();
                p.setProperty("user", "postgres");
                p.setProperty("assumeMinServerVersion", "9.0");
                p.setProperty("gssEncMode", "disable");
                p.setProperty("sslmode", "disable");
                DriverManager.getConnection(url, p).close();
            }));
            figures.add(run("floor: server opens every relation once, new backend (no proxy)", null, -1, () -> {
                try (Connection c = pg.connect(db); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(pg_relation_size(c.oid)) FROM pg_class c "
                             + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'pg_toast') "
                             + "AND c.relkind IN ('r', 'i', 't', 'm')")) {
                    rs.next();
                }
            }));
            Figure tablesCold = run("floor: server's Tables query, new backend (no proxy)", null, -1, () -> {
                try (Connection c = pg.connect(db)) {
                    new TableSizes(Dialect.POSTGRESQL).read(c);
                }
            });
            figures.add(tablesCold);
            figures.add(run("  the same query again on that backend (no proxy)", null, -1, warm(pg, db,
                    c -> new TableSizes(Dialect.POSTGRESQL).read(c))));
            Figure indexesCold = run("floor: server's Indexes query, new backend (no proxy)", null, -1, () -> {
                try (Connection c = pg.connect(db)) {
                    new IndexHealth(Dialect.POSTGRESQL).read(c);
                }
            });
            figures.add(indexesCold);
            figures.add(run("  the same query again on that backend (no proxy)", null, -1, warm(pg, db,
                    c -> new IndexHealth(Dialect.POSTGRESQL).read(c))));
            Figure catalogLocal = catalogPhase("floor: catalog phase with no proxy (server and client work)", null,
                    new PgEndpoint("127.0.0.1", pg.port(), db, "postgres", null, SslMode.DISABLE), -1);
            figures.add(catalogLocal);
            // What no client can beat: the startup and the query's round trips plus the server's own work.
            figures.add(new Figure("floor of the Tables view from nothing: 2 round trips + server", 2 * ROUND_TRIP_MS
                    + tablesCold.millis(), 2, 1, 1000));
            figures.add(new Figure("floor of the Indexes view from nothing: 2 round trips + server", 2 * ROUND_TRIP_MS
                    + indexesCold.millis(), 2, 1, 1000));
            figures.add(new Figure("floor of the catalog phase: 3 round trips + local phase", 3 * ROUND_TRIP_MS
                    + catalogLocal.millis(), 3, 1, 2000));
            figures.add(run("window: open the pool (first connection)", proxy, -1, () -> {
                try (Databases databases = new Databases(SecretStore.fixed("bench", null, "none"));
                     Connection c = databases.connect(profile)) {
                    c.isClosed();
                }
            }));
            figures.add(run("Tables view, window: new pool to rows ready", proxy, 1000, () -> {
                try (Databases databases = new Databases(SecretStore.fixed("bench", null, "none"));
                     Connection c = databases.connect(profile)) {
                    TableSizeReport report = InspectionScope.read(c, Dialect.POSTGRESQL,
                            scoped -> new TableSizes(Dialect.POSTGRESQL).read(scoped));
                    expect(report.tables().size(), TABLES, "tables");
                }
            }));
            figures.add(run("Tables view, CLI: new connection to rows ready", proxy, 1000, () -> {
                try (Connection c = Connections.open(profile, null, Connections.Purpose.INSPECTION)) {
                    expect(new TableSizes(Dialect.POSTGRESQL).read(c).tables().size(), TABLES, "tables");
                }
            }));
            figures.add(run("Indexes view, window: new pool to rows ready", proxy, 1000, () -> {
                try (Databases databases = new Databases(SecretStore.fixed("bench", null, "none"));
                     Connection c = databases.connect(profile)) {
                    IndexReport report = InspectionScope.read(c, Dialect.POSTGRESQL,
                            scoped -> new IndexHealth(Dialect.POSTGRESQL).read(scoped));
                    expect(report.indexes().size(), 2 * TABLES, "indexes");
                }
            }));
            figures.add(run("Indexes view, CLI: new connection to rows ready", proxy, 1000, () -> {
                try (Connection c = Connections.open(profile, null, Connections.Purpose.INSPECTION)) {
                    expect(new IndexHealth(Dialect.POSTGRESQL).read(c).indexes().size(), 2 * TABLES, "indexes");
                }
            }));
            figures.add(catalogPhase("catalog phase: connect, read, lock, plan", proxy,
                    new PgEndpoint("127.0.0.1", proxy.port(), db, "postgres", null, SslMode.DISABLE), 2000));
        }
        return figures;
    }

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    @FunctionalInterface
    interface Read {
        void read(Connection c) throws Exception;
    }

    /** A step that measures itself: the nanoseconds of the part that counts. */
    @FunctionalInterface
    interface TimedStep {
        long nanos() throws Exception;
    }

    /** Runs {@code read} once untimed on a new backend, then times it again on that backend. */
    private static TimedStep warm(PgServer pg, String db, Read read) {
        return () -> {
            try (Connection c = pg.connect(db)) {
                read.read(c);
                long start = System.nanoTime();
                read.read(c);
                return System.nanoTime() - start;
            }
        };
    }

    private static Figure run(String what, LatencyProxy proxy, double targetMillis, Step step) throws Exception {
        return run(what, proxy, targetMillis, () -> {
            long start = System.nanoTime();
            step.run();
            return System.nanoTime() - start;
        });
    }

    /** Runs {@code step} {@link #RUNS} times; the proxy's counts are those of the last run (null proxy: none counted). */
    private static Figure run(String what, LatencyProxy proxy, double targetMillis, TimedStep step) throws Exception {
        List<Double> times = new ArrayList<>();
        long trips = -1;
        long connections = 0;
        for (int i = 0; i < RUNS; i++) {
            if (proxy != null) {
                proxy.resetCounts();
            }
            times.add(step.nanos() / 1e6);
            if (proxy != null) {
                trips = proxy.roundTrips();
                connections = proxy.connections();
            }
        }
        return report(new Figure(what, median(times), trips, connections, targetMillis), times);
    }

    private static Figure report(Figure figure, List<Double> times) {
        System.out.println(figure.line() + "   runs " + times.stream().map(t -> String.format(Locale.ROOT, "%.0f", t)).toList());
        return figure;
    }

    /**
     * The catalog phase of a schema-only built-in backup: from the start (connecting) to the first
     * definition written, with the round trips counted up to then.
     */
    private static Figure catalogPhase(String what, LatencyProxy proxy, PgEndpoint source, double targetMillis)
            throws Exception {
        Path dir = Files.createTempDirectory("railyard-bench-latency");
        List<Double> times = new ArrayList<>();
        long[] trips = {-1, 0};
        try {
            for (int round = 1; round <= RUNS; round++) {
                long[] phaseEnd = new long[1];
                if (proxy != null) {
                    proxy.resetCounts();
                }
                long start = System.nanoTime();
                new BuiltinPgDump(source, BackupOptions.defaults().withSchemaOnly(true), dir.resolve("schema-" + round + ".sql"),
                        null).run(new dev.railyard.backup.RecordingContext(step -> {
                            if (step.startsWith("Writing definitions") && phaseEnd[0] == 0) {
                                phaseEnd[0] = System.nanoTime();
                                if (proxy != null) {
                                    trips[0] = proxy.roundTrips();
                                    trips[1] = proxy.connections();
                                }
                            }
                        }));
                times.add((phaseEnd[0] - start) / 1e6);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
        return report(new Figure(what, median(times), trips[0], trips[1], targetMillis), times);
    }

    /**
     * {@code tables} tables t00000.. in public: id bigint PRIMARY KEY, next_id REFERENCES the next
     * table, v text with an index; one in ten holds 300 rows. Analyzed, so autovacuum is quiet.
     */
    static void createTables(EmbeddedPostgres pg, String db, int tables) throws SQLException {
        dev.railyard.backup.postgres.PgBackupBenchmark.createLinkedTables(pg, db, tables, true);
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                    + "AND relkind = 'r'")) {
                rs.next();
                expect(rs.getInt(1), tables, "tables made");
            }
        }
    }

    private static void expect(int actual, int expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException("expected " + expected + " " + what + ", found " + actual);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
