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
 * (pgbench scale 30 plus 500k wide rows, PostgreSQL 15). A program, not a test: it prints
 * figures. Run it with:
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx256m -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *      -Drailyard.pgBinaries=target/pg-binaries -Drailyard.pgOld=15.19.0 \
 *      dev.railyard.backup.postgres.PgBackupBenchmark [scale] [wideRows] [bigTableMB]
 * </pre>
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
        int bigTableMb = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Path dir = Files.createTempDirectory("railyard-bench");
        try (EmbeddedPostgres pg = EmbeddedPostgres.startNew("15", java.util.Map.of(
                "shared_buffers", "256MB", "max_wal_size", "4GB", "checkpoint_timeout", "30min"))) {
            new PgBackupBenchmark(pg, dir).run(scale, wideRows, bigTableMb);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private void run(int scale, int wideRows, int bigTableMb) throws Exception {
        String db = "bench";
        sql("postgres", "CREATE DATABASE bench");
        System.out.println("Preparing: pgbench -i -s " + scale + " and " + wideRows + " wide rows ...");
        tool("pgbench", "-i", "-q", "-s", Integer.toString(scale), "-d", db);
        sql(db, "CREATE TABLE wide (id bigint PRIMARY KEY, a text, b text, c jsonb, d timestamptz, e numeric)");
        sql(db, "INSERT INTO wide SELECT i, md5(i::text) || repeat('a', 200), repeat(md5((i * 7)::text), 4), "
                + "jsonb_build_object('i', i, 'tags', jsonb_build_array('x', 'y', i % 13)), "
                + "'2020-01-01'::timestamptz + i * interval '1 minute', i * 1.5 FROM generate_series(1, " + wideRows + ") i");
        sql(db, "CREATE INDEX wide_d ON wide (d)");
        sql(db, "VACUUM ANALYZE");
        System.out.println("Database size: " + sqlValue(db, "SELECT pg_size_pretty(pg_database_size('bench'))"));
        PgEndpoint source = new PgEndpoint("localhost", pg.port(), db, "postgres", null, SslMode.DISABLE);

        Path fc = dir.resolve("bench.dump");
        time("pg_dump -Fc", () -> tool("pg_dump", "-Fc", "-f", fc.toString(), db), fc);
        time("COPY of every table to /dev/null (psql)", () -> {
            for (String table : List.of("pgbench_accounts", "pgbench_branches", "pgbench_tellers", "pgbench_history", "wide")) {
                tool("psql", "-X", "-q", "-d", db, "-c", "COPY " + table + " TO STDOUT", "-o", "/dev/null");
            }
        }, null);
        Path plain = dir.resolve("bench.sql");
        time("pg_dump -Fp (plain, for psql -1)", () -> tool("pg_dump", "-Fp", "-f", plain.toString(), db), plain);

        Path zst = dir.resolve("builtin.sql.zst");
        time("built-in backup, zstd", () -> new BuiltinPgDump(source, BackupOptions.defaults().withCompression(Compression.ZSTD),
                zst, null).run(JobContext.silent()), zst);
        Path gz = dir.resolve("builtin.sql.gz");
        time("built-in backup, gzip", () -> new BuiltinPgDump(source, BackupOptions.defaults().withCompression(Compression.GZIP),
                gz, null).run(JobContext.silent()), gz);

        sql("postgres", "CREATE DATABASE r1");
        time("pg_restore -j2 into a new database", () -> tool("pg_restore", "-j", "2", "-d", "r1", fc.toString()), null);
        sql("postgres", "CREATE DATABASE r2");
        time("psql -1 -f plain.sql into a new database", () -> tool("psql", "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1",
                "-d", "r2", "-f", plain.toString(), "-o", "/dev/null"), null);
        PgEndpoint server = source.withDatabase("postgres");
        time("built-in restore into a new database (zstd file)", () -> new PgRestore(zst, server,
                RestoreOptions.defaults().withCreateDatabase("r3").withSingleTransaction(false),
                NativePgTools.fromEnvironment(null)).run(JobContext.silent()), null);
        sql("postgres", "CREATE DATABASE r4");
        time("built-in restore, existing database, one transaction", () -> new PgRestore(zst, source.withDatabase("r4"),
                RestoreOptions.defaults(), NativePgTools.fromEnvironment(null)).run(JobContext.silent()), null);

        if (bigTableMb > 0) {
            sql(db, "CREATE TABLE big AS SELECT i, repeat(md5(i::text), 16) AS payload FROM generate_series(1, "
                    + (bigTableMb * 1024L * 1024 / 560) + ") i");
            Path big = dir.resolve("big.sql.zst");
            time("built-in backup of table big (" + sqlValue(db, "SELECT pg_size_pretty(pg_relation_size('big'))") + ")",
                    () -> new BuiltinPgDump(source, BackupOptions.defaults().withCompression(Compression.ZSTD)
                            .withTables(List.of("big")), big, null).run(JobContext.silent()), big);
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
        Figure restoreJ2 = find("pg_restore -j2");
        Figure psql1 = find("psql -1");
        Figure newDb = find("built-in restore into a new database");
        Figure oneTx = find("built-in restore, existing database");
        System.out.println();
        System.out.printf(Locale.ROOT, "built-in zstd backup / pg_dump -Fc time:   %.2f (target <= 0.5)%n", zst.seconds() / fc.seconds());
        System.out.printf(Locale.ROOT, "built-in zstd backup / COPY floor:         %.2f (target <= 1.5)%n", zst.seconds() / floor.seconds());
        System.out.printf(Locale.ROOT, "built-in zstd size / -Fc size:             %.2f (target <= 1.1)%n", (double) zst.bytes() / fc.bytes());
        System.out.printf(Locale.ROOT, "built-in restore new db / pg_restore -j2:  %.2f (target <= 1.0)%n", newDb.seconds() / restoreJ2.seconds());
        System.out.printf(Locale.ROOT, "built-in restore one tx / psql -1:         %.2f (target <= 1.05)%n", oneTx.seconds() / psql1.seconds());
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "peak heap used: %.0f MB of max %.0f MB%n", peak / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
    }

    private Figure find(String prefix) {
        return figures.stream().filter(f -> f.what().startsWith(prefix)).findFirst().orElseThrow();
    }

    private interface Action {
        void run() throws Exception;
    }

    private void time(String what, Action action, Path output) throws Exception {
        // Each step starts from the same state: no dirty buffers left by the previous one.
        sql("postgres", "CHECKPOINT");
        System.gc();
        long start = System.nanoTime();
        action.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = output == null ? -1 : Files.size(output);
        figures.add(new Figure(what, seconds, bytes));
        System.out.printf(Locale.ROOT, "  %-56s %7.2f s%n", what, seconds);
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
}
