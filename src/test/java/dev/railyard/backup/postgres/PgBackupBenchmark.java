package dev.railyard.backup.postgres;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.Compression;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.task.JobContext;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Backup and restore speed against pg_dump / pg_restore / psql on the same machine and data
 * (pgbench scale 30 plus 500k wide rows, PostgreSQL 15), and a backup of a 1 GB table in a
 * JVM of its own started with -Xmx256m. A program, not a test: it prints figures. Run it with
 * {@code mvn -B -q -DskipTests package exec:java@bench -Dexec.args="pg-backup"}, or directly:
 *
 * <pre>
 * java -cp ... dev.railyard.backup.postgres.PgBackupBenchmark [scale] [wideRows] [bigTableMB]
 * </pre>
 *
 * <p>Each compared backup and restore runs three times ({@code -Drailyard.bench.runs=N}),
 * in turn with the native tools, and its figure is the median.
 *
 * <p>The wide rows hold hashes, tokens and ids, as application tables do ({@code
 * -Drailyard.bench.data=repetitive} fills them with repeated text instead, which zlib
 * compresses almost for free, so pg_dump -Fc runs close to the COPY floor).
 */
public final class PgBackupBenchmark {

    private record Figure(String what, double seconds, long bytes) { }

    private final List<Figure> figures = new ArrayList<>();
    private final EmbeddedPostgres pg;
    private final Path dir;

    private PgBackupBenchmark(EmbeddedPostgres pg, Path dir) {
        this.pg = pg;
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        int scale = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int wideRows = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
        int bigTableMb = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        Path dir = Files.createTempDirectory("railyard-bench");
        try (EmbeddedPostgres pg = EmbeddedPostgres.startNew("15", java.util.Map.of(
                "shared_buffers", "256MB", "max_wal_size", "4GB", "checkpoint_timeout", "30min",
                // As a real server runs (the test servers turn these off for speed).
                "fsync", "on", "synchronous_commit", "on", "full_page_writes", "on",
                // One backup locks every table of the many-tables database in one transaction.
                "max_locks_per_transaction", MANY_TABLES_LOCKS))) {
            new PgBackupBenchmark(pg, dir).run(scale, wideRows, bigTableMb);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private void run(int scale, int wideRows, int bigTableMb) throws Exception {
        for (Figure f : CatalogPhase.measure(pg, CatalogPhase.TABLES)) {
            figures.add(f);
        }
        String db = "bench";
        sql("postgres", "CREATE DATABASE bench");
        System.out.println("Preparing: pgbench -i -s " + scale + " and " + wideRows + " wide rows ...");
        tool("pgbench", "-i", "-q", "-s", Integer.toString(scale), "-d", db);
        sql(db, "CREATE TABLE wide (id bigint PRIMARY KEY, a text, b text, c jsonb, d timestamptz, e numeric)");
        boolean repetitive = "repetitive".equals(System.getProperty("railyard.bench.data"));
        String a = repetitive ? "md5(i::text) || repeat('a', 200)"
                : "md5(i::text) || md5((i + 1)::text) || md5((i + 2)::text) || md5((i + 3)::text) || md5((i + 4)::text) "
                + "|| md5((i + 5)::text) || md5((i + 6)::text)";
        String b = repetitive ? "repeat(md5((i * 7)::text), 4)"
                : "md5((i * 7)::text) || md5((i * 11)::text) || md5((i * 13)::text) || md5((i * 17)::text)";
        System.out.println("Wide rows: " + (repetitive ? "repeated text" : "hashes and tokens"));
        sql(db, "INSERT INTO wide SELECT i, " + a + ", " + b + ", "
                + "jsonb_build_object('i', i, 'tags', jsonb_build_array('x', 'y', i % 13)), "
                + "'2020-01-01'::timestamptz + i * interval '1 minute', i * 1.5 FROM generate_series(1, " + wideRows + ") i");
        sql(db, "CREATE INDEX wide_d ON wide (d)");
        sql(db, "VACUUM ANALYZE");
        System.out.println("Database size: " + sqlValue(db, "SELECT pg_size_pretty(pg_database_size('bench'))"));
        PgEndpoint source = new PgEndpoint("localhost", pg.port(), db, "postgres", null, SslMode.DISABLE);

        Path fc = dir.resolve("bench.dump");
        List<String> floor = new ArrayList<>(List.of("psql", "-X", "-q", "-d", db, "-o", "/dev/null"));
        for (String table : List.of("pgbench_accounts", "pgbench_branches", "pgbench_tellers", "pgbench_history", "wide")) {
            floor.add("-c");
            floor.add("COPY " + table + " TO STDOUT");
        }
        Path plain = dir.resolve("bench.sql");
        time("pg_dump -Fp (plain, for psql -1)", () -> tool("pg_dump", "-Fp", "-f", plain.toString(), db), plain);

        // The JVM compiles the copy loop during its first backup: timed and shown, not used in the ratios.
        Path cold = dir.resolve("cold.sql.zst");
        time("first built-in backup in this JVM (not yet compiled)", () -> new BuiltinPgDump(source,
                BackupOptions.defaults().withCompression(Compression.ZSTD), cold, null).run(JobContext.silent()), cold);
        Files.delete(cold);
        Path zst = dir.resolve("builtin.sql.zst");
        Path zst1 = dir.resolve("builtin1.sql.zst");
        Path gz = dir.resolve("builtin.sql.gz");
        rounds(
                step("pg_dump -Fc", () -> tool("pg_dump", "-Fc", "-f", fc.toString(), db), fc),
                step("COPY of every table to /dev/null (psql)",
                        () -> tool(floor.get(0), floor.subList(1, floor.size()).toArray(String[]::new)), null),
                step("built-in backup, zstd (2 connections, the default)", () -> new BuiltinPgDump(source,
                        BackupOptions.defaults().withCompression(Compression.ZSTD), zst, null).run(JobContext.silent()), zst),
                step("built-in backup, zstd, 1 connection", () -> new BuiltinPgDump(source,
                        BackupOptions.defaults().withCompression(Compression.ZSTD).withJobs(1), zst1, null)
                        .run(JobContext.silent()), zst1),
                step("built-in backup, gzip", () -> new BuiltinPgDump(source,
                        BackupOptions.defaults().withCompression(Compression.GZIP), gz, null).run(JobContext.silent()), gz));

        PgEndpoint server = source.withDatabase("postgres");
        time("first built-in restore in this JVM (not yet compiled)", () -> new PgRestore(zst, server,
                RestoreOptions.defaults().withCreateDatabase("r0"), NativePgTools.fromEnvironment(null)).run(JobContext.silent()),
                null);
        sql("postgres", "DROP DATABASE r0");
        List<String> timeline = new java.util.concurrent.CopyOnWriteArrayList<>();
        // Both restores into a new database create it within their time, as the built-in one does.
        rounds(
                new Step("pg_restore -j2 into a new database (with CREATE DATABASE)", () -> { }, () -> {
                    sql("postgres", "CREATE DATABASE r1");
                    tool("pg_restore", "-j", "2", "-d", "r1", fc.toString());
                }, () -> sql("postgres", "DROP DATABASE r1"), null),
                new Step("built-in restore into a new database (zstd file)", timeline::clear, () -> new PgRestore(zst, server,
                        RestoreOptions.defaults().withCreateDatabase("r3"), NativePgTools.fromEnvironment(null))
                        .run(timeline(timeline)), () -> sql("postgres", "DROP DATABASE r3"), null),
                new Step("psql -1 -f plain.sql into a new database", () -> sql("postgres", "CREATE DATABASE r2"),
                        () -> tool("psql", "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d", "r2", "-f", plain.toString(),
                                "-o", "/dev/null"), () -> sql("postgres", "DROP DATABASE r2"), null),
                new Step("built-in restore, existing database, one transaction", () -> sql("postgres", "CREATE DATABASE r4"),
                        () -> new PgRestore(zst, source.withDatabase("r4"), RestoreOptions.defaults(),
                                NativePgTools.fromEnvironment(null)).run(JobContext.silent()),
                        () -> sql("postgres", "DROP DATABASE r4"), null));
        System.out.println("    the last built-in restore into a new database, step by step:");
        timeline.forEach(line -> System.out.println("      " + line));

        if (bigTableMb > 0) {
            boundedHeap(source, bigTableMb);
        }
        report();
    }

    private void report() {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-58s %9s %12s%n", "", "seconds", "MB");
        for (Figure f : figures) {
            System.out.printf(Locale.ROOT, "%-58s %9.2f %12s%n", f.what(), f.seconds(),
                    f.bytes() < 0 ? "" : String.format(Locale.ROOT, "%.1f", f.bytes() / 1048576.0));
        }
        Figure fc = find("pg_dump -Fc");
        Figure floor = find("COPY of every table");
        Figure zst = find("built-in backup, zstd");
        Figure zstOne = find("built-in backup, zstd, 1 connection");
        Figure restoreJ2 = find("pg_restore -j2");
        Figure psql1 = find("psql -1");
        Figure newDb = find("built-in restore into a new database");
        Figure oneTx = find("built-in restore, existing database");
        System.out.println();
        System.out.printf(Locale.ROOT, "built-in zstd backup / pg_dump -Fc time:   %.2f (target <= 0.5)%n", zst.seconds() / fc.seconds());
        System.out.printf(Locale.ROOT, "  the same, 1 connection:                  %.2f%n", zstOne.seconds() / fc.seconds());
        System.out.printf(Locale.ROOT, "built-in zstd backup / COPY floor:         %.2f (target <= 1.5)%n", zst.seconds() / floor.seconds());
        System.out.printf(Locale.ROOT, "built-in zstd size / -Fc size:             %.2f (target <= 1.1)%n", (double) zst.bytes() / fc.bytes());
        System.out.printf(Locale.ROOT, "built-in restore new db / pg_restore -j2:  %.2f (target <= 1.0)%n", newDb.seconds() / restoreJ2.seconds());
        System.out.printf(Locale.ROOT, "built-in restore one tx / psql -1:         %.2f (target <= 1.05)%n", oneTx.seconds() / psql1.seconds());
        if (boundedHeapLine != null) {
            System.out.println(boundedHeapLine);
        }
    }

    private String boundedHeapLine;

    /**
     * A table of about {@code megabytes} MB backed up by a JVM of its own with -Xmx256m (this
     * one may have Maven's heap): it must complete, and prints its peak heap.
     */
    private void boundedHeap(PgEndpoint source, int megabytes) throws Exception {
        System.out.println("Preparing: table big, about " + megabytes + " MB ...");
        sql(source.database(), "CREATE TABLE big AS SELECT i, md5(i::text) || md5((i + 1)::text) || md5((i + 2)::text) "
                + "|| md5((i + 3)::text) AS payload, now() AS at FROM generate_series(1, " + (megabytes * 1024L * 1024 / 180) + ") i");
        System.out.println("Table big: " + sqlValue(source.database(), "SELECT pg_size_pretty(pg_relation_size('big'))"));
        Path out = dir.resolve("big.sql.zst");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classPath(), BoundedHeap.class.getName(), Integer.toString(pg.port()), source.database(),
                out.toString()));
        sql("postgres", "CHECKPOINT");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the -Xmx256m backup of big failed:\n" + output);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        figures.add(new Figure("built-in backup of table big, -Xmx256m JVM (with its start)", seconds, Files.size(out)));
        boundedHeapLine = "table big in a -Xmx256m JVM: " + output;
        System.out.printf(Locale.ROOT, "  %-56s %7.2f s%n", "built-in backup of big, -Xmx256m", seconds);
    }

    /** The classpath this program runs with, also under exec:java (where java.class.path is Maven's). */
    private static String classPath() {
        if (PgBackupBenchmark.class.getClassLoader() instanceof java.net.URLClassLoader loader && loader.getURLs().length > 0) {
            List<String> entries = new ArrayList<>();
            for (java.net.URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    private static final String MANY_TABLES_LOCKS = "256";

    /**
     * The catalog phase of a backup (reading the catalog, working out the plan) for a database of
     * many tables, each with a primary key, an index and a foreign key: the part of a backup whose
     * cost grows with the number of objects rather than with the rows. Runs first in pg-backup, or
     * alone: {@code mvn -B -q -DskipTests package exec:java@bench -Dexec.args="pg-catalog"} (10,000
     * tables), or {@code java -cp ... dev.railyard.backup.postgres.PgBackupBenchmark$CatalogPhase [tables]}.
     */
    public static final class CatalogPhase {

        static final int TABLES = 10_000;

        private CatalogPhase() {
        }

        public static void main(String[] args) throws Exception {
            int tables = args.length > 0 ? Integer.parseInt(args[0]) : TABLES;
            try (EmbeddedPostgres pg = EmbeddedPostgres.startNew("15", java.util.Map.of(
                    "shared_buffers", "256MB", "max_locks_per_transaction", MANY_TABLES_LOCKS))) {
                List<Figure> figures = measure(pg, tables);
                System.out.println();
                for (Figure f : figures) {
                    System.out.printf(Locale.ROOT, "%-58s %9.3f s%n", f.what(), f.seconds());
                }
            }
        }

        /** Makes the database, then times each step {@link #RUNS} times and keeps the medians. */
        static List<Figure> measure(EmbeddedPostgres pg, int tables) throws Exception {
            String db = "catalog_" + tables;
            String what = String.format(Locale.ROOT, "catalog phase, %,d tables: ", tables);
            try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + db);
            }
            System.out.printf(Locale.ROOT, "Preparing: %,d tables with a primary key, an index and a foreign key each ...%n", tables);
            long start = System.nanoTime();
            createLinkedTables(pg, db, tables, false);
            System.out.printf(Locale.ROOT, "  made in %.1f s%n", (System.nanoTime() - start) / 1e9);

            List<Double> reads = new ArrayList<>();
            List<Double> plans = new ArrayList<>();
            List<Double> backups = new ArrayList<>();
            List<Double> phases = new ArrayList<>();
            PgEndpoint source = new PgEndpoint("localhost", pg.port(), db, "postgres", null, SslMode.DISABLE);
            Path dir = Files.createTempDirectory("railyard-bench-catalog");
            try {
                for (int round = 1; round <= RUNS; round++) {
                    try (Connection c = pg.connect(db)) {
                        long t0 = System.nanoTime();
                        PgCatalog catalog = DumpPlanScriptTest.readLikeABackup(c);
                        long t1 = System.nanoTime();
                        DumpPlan plan = new DumpPlan(catalog, BackupOptions.defaults());
                        long t2 = System.nanoTime();
                        c.rollback();
                        if (plan.tables().size() != tables) {
                            throw new IllegalStateException("the plan copies " + plan.tables().size() + " tables, not " + tables);
                        }
                        reads.add((t1 - t0) / 1e9);
                        plans.add((t2 - t1) / 1e9);
                    }
                    Path out = dir.resolve("schema-" + round + ".sql");
                    long[] phase = new long[2];
                    long t0 = System.nanoTime();
                    new BuiltinPgDump(source, BackupOptions.defaults().withSchemaOnly(true), out, null).run(marks(phase));
                    backups.add((System.nanoTime() - t0) / 1e9);
                    phases.add(phase[1] > phase[0] && phase[0] > 0 ? (phase[1] - phase[0]) / 1e9 : Double.NaN);
                    System.out.printf(Locale.ROOT, "  round %d/%d: catalog read %.3f s, plan %.3f s, schema-only backup %.3f s%n",
                            round, RUNS, reads.get(round - 1), plans.get(round - 1), backups.get(round - 1));
                }
            } finally {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
                try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE " + db);
                }
            }
            return List.of(
                    new Figure(what + "catalog read (PgCatalog.read)", median(reads), -1),
                    new Figure(what + "plan (DumpPlan)", median(plans), -1),
                    new Figure(what + "backup's read, lock and plan", median(phases), -1),
                    new Figure(what + "schema-only built-in backup", median(backups), -1));
        }

        /** A context that notes when the backup starts reading the catalog and when it starts writing. */
        private static JobContext marks(long[] phase) {
            return new JobContext() {
                @Override
                public void progress(long done, long total, dev.railyard.task.ProgressUnit unit) {
                }

                @Override
                public void message(String step) {
                    if (step.startsWith("Reading the catalog")) {
                        phase[0] = System.nanoTime();
                    } else if (step.startsWith("Writing definitions") && phase[1] == 0) {
                        phase[1] = System.nanoTime();
                    }
                }

                @Override
                public void log(String line) {
                }

                @Override
                public Registration onCancel(Runnable action) {
                    return Registration.NONE;
                }

                @Override
                public boolean isCancelled() {
                    return false;
                }
            };
        }

        private static double median(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(null);
            return sorted.get(sorted.size() / 2);
        }
    }

    /** The child JVM: backs up table big and prints its peak heap. */
    public static final class BoundedHeap {
        public static void main(String[] args) throws Exception {
            PgEndpoint source = new PgEndpoint("localhost", Integer.parseInt(args[0]), args[1], "postgres", null, SslMode.DISABLE);
            new BuiltinPgDump(source, BackupOptions.defaults().withCompression(Compression.ZSTD).withTables(List.of("big")),
                    Path.of(args[2]), null).run(JobContext.silent());
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf(Locale.ROOT, "completed, peak heap used %.0f MB of max %.0f MB%n", peak / 1048576.0,
                    Runtime.getRuntime().maxMemory() / 1048576.0);
        }
    }

    private Figure find(String prefix) {
        return figures.stream().filter(f -> f.what().startsWith(prefix)).findFirst().orElseThrow();
    }

    private interface Action {
        void run() throws Exception;
    }

    /** A measured step: {@code prepare} and {@code cleanup} run around it, outside its time. */
    private record Step(String what, Action prepare, Action action, Action cleanup, Path output) { }

    private static Step step(String what, Action action, Path output) {
        return new Step(what, () -> { }, action, () -> { }, output);
    }

    /** How many times each compared step runs; its figure is the median. */
    private static final int RUNS = Integer.getInteger("railyard.bench.runs", 3);

    /**
     * Runs the steps in turn, {@link #RUNS} rounds, so a slow minute of the machine touches
     * Railyard and the native tool alike, and keeps each step's median.
     */
    private void rounds(Step... steps) throws Exception {
        List<List<Double>> seconds = new ArrayList<>();
        for (Step ignored : steps) {
            seconds.add(new ArrayList<>());
        }
        for (int round = 1; round <= RUNS; round++) {
            for (int i = 0; i < steps.length; i++) {
                Step step = steps[i];
                step.prepare().run();
                seconds.get(i).add(timeOnce(step.what() + (RUNS > 1 ? " (" + round + "/" + RUNS + ")" : ""), step.action()));
                step.cleanup().run();
            }
        }
        for (int i = 0; i < steps.length; i++) {
            List<Double> runs = seconds.get(i);
            List<Double> sorted = new ArrayList<>(runs);
            sorted.sort(null);
            double median = sorted.get(sorted.size() / 2);
            figures.add(new Figure(steps[i].what(), median, steps[i].output() == null ? -1 : Files.size(steps[i].output())));
            if (RUNS > 1) {
                System.out.printf(Locale.ROOT, "  %-56s %7.2f s median of %s%n", steps[i].what(), median,
                        runs.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList());
            }
        }
    }

    private void time(String what, Action action, Path output) throws Exception {
        double seconds = timeOnce(what, action);
        figures.add(new Figure(what, seconds, output == null ? -1 : Files.size(output)));
    }

    private double timeOnce(String what, Action action) throws Exception {
        // Each step starts from the same state: no dirty buffers left by the previous one.
        sql("postgres", "CHECKPOINT");
        System.gc();
        long cpu = processCpu();
        long start = System.nanoTime();
        action.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpu() - cpu) / 1e9;
        System.out.printf(Locale.ROOT, "  %-56s %7.2f s%s%n", what, seconds,
                what.startsWith("built-in") ? String.format(Locale.ROOT, "  (this JVM's CPU: %.2f s)", cpuSeconds) : "");
        return seconds;
    }

    /** A context that notes each step and log line with the seconds since it was made. */
    private static JobContext timeline(List<String> lines) {
        long start = System.nanoTime();
        return new JobContext() {
            @Override
            public void progress(long done, long total, dev.railyard.task.ProgressUnit unit) {
            }

            @Override
            public void message(String step) {
                lines.add(String.format(Locale.ROOT, "%6.2f s  %s", (System.nanoTime() - start) / 1e9, step));
            }

            @Override
            public void log(String line) {
                message(line);
            }

            @Override
            public boolean isCancelled() {
                return false;
            }

            @Override
            public Registration onCancel(Runnable action) {
                return Registration.NONE;
            }
        };
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private void sql(String database, String statement) throws Exception {
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private String sqlValue(String database, String query) throws Exception {
        try (Connection c = pg.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void tool(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/" + name);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PGHOST", "localhost");
        builder.environment().put("PGPORT", Integer.toString(pg.port()));
        builder.environment().put("PGUSER", "postgres");
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed");
        }
    }

    /**
     * {@code tables} tables t00000.. in public: id bigint PRIMARY KEY, next_id REFERENCES the next
     * table, v text with an index; with {@code someRows}, one in ten holds 300 rows.
     */
    public static void createLinkedTables(EmbeddedPostgres pg, String db, int tables, boolean someRows)
            throws java.sql.SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            // Last table first, so each one's foreign key finds the table it references; 500 per transaction.
            for (int high = tables - 1; high >= 0; high -= 500) {
                s.execute("DO $$ BEGIN FOR i IN REVERSE " + high + ".." + Math.max(0, high - 499) + " LOOP "
                        + "EXECUTE format('CREATE TABLE public.t%s (id bigint PRIMARY KEY, next_id bigint %s, v text)', "
                        + "lpad(i::text, 5, '0'), CASE WHEN i + 1 < " + tables + " THEN format('REFERENCES public.t%s', "
                        + "lpad((i + 1)::text, 5, '0')) ELSE '' END); "
                        + "EXECUTE format('CREATE INDEX t%s_v ON public.t%s (v)', lpad(i::text, 5, '0'), lpad(i::text, 5, '0')); "
                        + (someRows ? "IF i % 10 = 0 THEN EXECUTE format('INSERT INTO public.t%s SELECT g, NULL, repeat(''x'', 50) "
                        + "FROM generate_series(1, 300) g', lpad(i::text, 5, '0')); END IF; " : "")
                        + "END LOOP; END $$");
            }
        }
    }
}
