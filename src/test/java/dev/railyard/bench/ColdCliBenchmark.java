package dev.railyard.bench;

import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.LatencyProxy;
import dev.railyard.support.MysqlServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Railyard as users run it: every Railyard figure is a fresh {@code java -jar railyard.jar ...}
 * process (the real CLI), measured against the native tools in the same run, in interleaved
 * rounds, each figure the median. Each child runs under {@code /usr/bin/time}, which gives its
 * wall time, client CPU (user + sys, children included) and peak RSS.
 *
 * <pre>
 * mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp "$(cat target/bench.cp):target/classes:target/test-classes" dev.railyard.bench.ColdCliBenchmark \
 *     --shape compressible|mixed --scale N --runs 3 [--db postgres,mariadb,mysql9] [--latency-ms 40]
 *     [--bandwidth-mbps 25] [--jar target/railyard.jar] [--java-opts "-Xmx..."] [--launcher target/railyard]
 * </pre>
 *
 * With {@code --launcher} each Railyard figure runs the launcher script that {@code mvn package}
 * writes (its JVM options and class-data archive) instead of a bare {@code java -jar}; its first
 * run, which writes the archive, is shown on its own line. With {@code --jfr DIR} every Railyard
 * child records a Java Flight Recording (profile settings) into DIR, named after its command;
 * {@code jfr print --events jdk.ExecutionSample} shows where its CPU goes.
 *
 * PostgreSQL is zonky's 15 ({@link EmbeddedPostgres}, fsync on) on a free port with Debian's
 * pg_dump/pg_restore/psql 15; MariaDB and MySQL 9 come from {@link MysqlServer}. With
 * {@code --latency-ms}/{@code --bandwidth-mbps} both Railyard and the native tools reach the
 * server through one {@link LatencyProxy}. {@code --scale} is pgbench's scale (about 15 MB of
 * tables per unit) plus 10,000 wide rows per unit ({@code --wide-rows N} sets their number: the issue's
 * "compressible" data is scale 30 with 500,000); for MySQL about 8 MB per unit.
 *
 * <p>Beside the COPY floor (the server's own time to produce the rows, on one and on two
 * connections) it measures the floor of a compressed backup made with native tools: the same two
 * COPY streams each piped through {@code zstd -1} into a file. A built-in backup cannot be faster
 * than that on this machine: it does the same server work and at least that compression.
 */
public final class ColdCliBenchmark {

    private static final Path TIME = Path.of("/usr/bin/time");

    /** One measured child: wall seconds, user+sys CPU seconds, peak RSS in kB. */
    record Sample(double wall, double cpu, long rssKb) { }

    /** A figure: the medians of its samples, and the size of what it wrote. */
    record Figure(String what, Sample median, long bytes) { }

    private final Options options;
    private final Path dir;
    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final List<String> loads = new ArrayList<>();
    private int recordings;
    private final List<String> failures = new ArrayList<>();

    private ColdCliBenchmark(Options options, Path dir) {
        this.options = options;
        this.dir = dir;
    }

    record Options(String shape, int scale, int runs, List<String> databases, int latencyMs, int bandwidthMbps,
                   Path jar, String javaOpts, Path launcher, Path jfr, int wideRows, boolean tls) {

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("Usage: --shape compressible|mixed --scale N --runs N "
                            + "[--db postgres,mariadb,mysql9] [--latency-ms MS] [--bandwidth-mbps MB/s] [--jar FILE] "
                            + "[--java-opts OPTS] [--launcher target/railyard] [--jfr DIR] [--wide-rows N] [--tls true]; not understood: " + args[i]);
                }
                values.put(args[i].substring(2), args[++i]);
            }
            String shape = values.getOrDefault("shape", "compressible");
            if (!shape.equals("compressible") && !shape.equals("mixed")) {
                throw new IllegalArgumentException("--shape is compressible or mixed, not " + shape);
            }
            return new Options(shape, Integer.parseInt(values.getOrDefault("scale", "5")),
                    Math.max(1, Integer.parseInt(values.getOrDefault("runs", "3"))),
                    List.of(values.getOrDefault("db", "postgres").split(",")),
                    Integer.parseInt(values.getOrDefault("latency-ms", "0")),
                    Integer.parseInt(values.getOrDefault("bandwidth-mbps", "0")),
                    Path.of(values.getOrDefault("jar", System.getProperty("railyard.jar", "target/railyard.jar"))),
                    values.getOrDefault("java-opts", ""),
                    values.containsKey("launcher") ? Path.of(values.get("launcher")) : null,
                    values.containsKey("jfr") ? Path.of(values.get("jfr")) : null,
                    Integer.parseInt(values.getOrDefault("wide-rows", "0")),
                    Boolean.parseBoolean(values.getOrDefault("tls", "false")));
        }

        String link() {
            return (tls ? "TLS (sslmode=require, the server's choice of suite), " : "") + (latencyMs == 0 && bandwidthMbps == 0
                    ? "direct (loopback)"
                    : "LatencyProxy " + latencyMs + " ms round trip" + (bandwidthMbps > 0 ? ", " + bandwidthMbps
                    + " MB/s per connection each way" : ""));
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (!Files.isRegularFile(options.jar())) {
            throw new IllegalStateException("Build the jar first: mvn -B -q -DskipTests package (" + options.jar() + " is missing)");
        }
        if (!Files.isExecutable(TIME)) {
            throw new IllegalStateException(TIME + " is missing: apt-get install time");
        }
        Path dir = Files.createTempDirectory("railyard-cold-cli");
        try {
            ColdCliBenchmark bench = new ColdCliBenchmark(options, dir);
            bench.load("start");
            bench.version();
            for (String db : options.databases()) {
                try {
                    switch (db) {
                        case "postgres" -> bench.postgres();
                        case "mariadb" -> bench.mysql(MysqlServer.Flavour.MARIADB);
                        case "mysql9" -> bench.mysql(MysqlServer.Flavour.MYSQL);
                        default -> throw new IllegalArgumentException("--db takes postgres, mariadb, mysql9; not " + db);
                    }
                } catch (Exception e) {
                    // The other databases' figures still count: say what failed and go on.
                    bench.failures.add(db + ": " + e);
                    System.out.println("!! " + db + " failed: " + e);
                }
            }
            bench.load("end");
            bench.report();
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    // ---------------------------------------------------------------- start-up

    private void version() throws Exception {
        if (options.launcher() != null) {
            // Not --version: the launcher lets only a command that loads Railyard's libraries write the archive.
            Step first = new Step("railyard profile list, first run (writes the CDS archive)", null, () -> { },
                    () -> railyard("profile", "list"), () -> { });
            rounds("start-up, first run", List.of(first), 1);
            // A JVM of its own writes the archive in the background: the runs measured next use it.
            long start = System.nanoTime();
            Path cache = dir.resolve("home").resolve("cache");
            while (System.nanoTime() - start < 60_000_000_000L) {
                try (var files = Files.list(cache)) {
                    if (files.anyMatch(f -> f.getFileName().toString().endsWith(".jsa"))) {
                        break;
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // Not made yet.
                }
                Thread.sleep(50);
            }
            System.out.printf(Locale.ROOT, "  class-data archive written in the background %.1f s after the first run ended%n",
                    (System.nanoTime() - start) / 1e9);
        }
        Step step = new Step("railyard --version", null, () -> { }, () -> railyard("--version"), () -> { });
        rounds("start-up", List.of(step), Math.max(5, options.runs()));
    }

    // ---------------------------------------------------------------- PostgreSQL

    private void postgres() throws Exception {
        zonkyDefaults(options.jar().toAbsolutePath().getParent());
        Map<String, String> settings = new LinkedHashMap<>(Map.of("shared_buffers", "128MB",
                "max_wal_size", "2GB", "max_locks_per_transaction", "256",
                // As a real server runs (the test servers turn these off for speed).
                "fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"));
        if (options.tls()) {
            // As Railway's proxy: TLS with a self-signed certificate, which sslmode=require accepts.
            dev.railyard.support.TestCertificates certificate = dev.railyard.support.TestCertificates.selfSigned(dir,
                    "proxy.rlwy.net");
            settings.putAll(Map.of("ssl", "on", "ssl_cert_file", certificate.certificate().toString(),
                    "ssl_key_file", certificate.privateKey().toString()));
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.startNew("15", settings);
             LatencyProxy proxy = proxy(pg.port())) {
            int port = pg.port();
            int reach = proxy == null ? port : proxy.port();
            System.out.printf(Locale.ROOT, "PostgreSQL 15 (zonky) on port %d, reached %s%n", port,
                    proxy == null ? "directly" : "through " + proxy);
            sqlPg(port, "CREATE DATABASE bench");
            long t0 = System.nanoTime();
            run(List.of("/usr/bin/pgbench", "-i", "-q", "-s", Integer.toString(options.scale()), "-h", "127.0.0.1",
                    "-p", Integer.toString(port), "-U", "postgres", "bench"), Map.of(), Duration.ofHours(1));
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/bench?user=postgres");
                 Statement s = c.createStatement()) {
                buildPostgres(s, options.shape(), options.wideRows() > 0 ? options.wideRows() : options.scale() * 10_000);
                s.execute("VACUUM ANALYZE");
                try (ResultSet rs = s.executeQuery("SELECT pg_size_pretty(pg_database_size('bench'))")) {
                    rs.next();
                    System.out.printf(Locale.ROOT, "data (%s, scale %d) built in %.1f s: %s%n", options.shape(),
                            options.scale(), (System.nanoTime() - t0) / 1e9, rs.getString(1));
                }
            }
            pgRounds(port, reach);
        }
    }

    /**
     * Outside Maven the zonky PostgreSQL 15 binaries are found beside the jar (target/pg-binaries,
     * copied there by mvn package), as the tests' surefire settings would name them.
     */
    private static void zonkyDefaults(Path buildDir) throws IOException {
        if (System.getProperty("railyard.pgBinaries") == null) {
            System.setProperty("railyard.pgBinaries", buildDir.resolve("pg-binaries").toString());
        }
        if (System.getProperty("railyard.pgOld") == null) {
            try (var jars = Files.list(Path.of(System.getProperty("railyard.pgBinaries")))) {
                String name = jars.map(p -> p.getFileName().toString()).filter(n -> n.matches("pg-15\\..*\\.jar"))
                        .findFirst().orElseThrow(() -> new IllegalStateException("No pg-15.*.jar in "
                                + System.getProperty("railyard.pgBinaries") + ": run mvn -DskipTests package first"));
                System.setProperty("railyard.pgOld", name.substring(3, name.length() - 4));
            }
        }
    }

    /** The wide table: compressible (md5 text, jsonb, bytea, arrays) or mixed (hashes and tokens, as PgBackupBenchmark). */
    static void buildPostgres(Statement s, String shape, int rows) throws Exception {
        if (shape.equals("compressible")) {
            s.execute("CREATE TABLE wide (id bigint PRIMARY KEY, t text, j jsonb, b bytea, a int[], d timestamptz)");
            s.execute("INSERT INTO wide SELECT i, 'customer ' || md5(i::text) || ' ordered item ' || (i % 100), "
                    + "jsonb_build_object('i', i, 'name', 'user' || (i % 1000), 'tags', jsonb_build_array('x', 'y', i % 13), "
                    + "'active', i % 2 = 0), decode(md5((i % 5000)::text) || md5((i % 5000)::text), 'hex'), "
                    + "ARRAY[i % 10, i % 100, i % 1000], '2020-01-01'::timestamptz + i * interval '1 minute' "
                    + "FROM generate_series(1, " + rows + ") i");
        } else {
            s.execute("CREATE TABLE wide (id bigint PRIMARY KEY, a text, b text, c jsonb, d timestamptz, e numeric)");
            s.execute("INSERT INTO wide SELECT i, md5(i::text) || md5((i + 1)::text) || md5((i + 2)::text) "
                    + "|| md5((i + 3)::text) || md5((i + 4)::text) || md5((i + 5)::text) || md5((i + 6)::text), "
                    + "md5((i * 7)::text) || md5((i * 11)::text) || md5((i * 13)::text) || md5((i * 17)::text), "
                    + "jsonb_build_object('i', i, 'tags', jsonb_build_array('x', 'y', i % 13)), "
                    + "'2020-01-01'::timestamptz + i * interval '1 minute', i * 1.5 FROM generate_series(1, " + rows + ") i");
        }
        s.execute("CREATE INDEX wide_d ON wide (d)");
    }

    private void pgRounds(int port, int reach) throws Exception {
        Map<String, String> env = Map.of("PGHOST", "127.0.0.1", "PGPORT", Integer.toString(reach), "PGUSER", "postgres",
                "PGSSLMODE", options.tls() ? "require" : "disable");
        String url = "postgresql://postgres:bench@127.0.0.1:" + reach + "/";
        String query = options.tls() ? "?sslmode=require" : "?sslmode=disable";
        String psql = "/usr/bin/psql";
        Path fc = dir.resolve("bench.dump");
        Path zst = dir.resolve("builtin.sql.zst");
        Path plain = dir.resolve("bench.sql");
        if (java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .noneMatch(d -> Files.isExecutable(Path.of(d, "zstd")))) {
            throw new IllegalStateException("The compressed floor needs the zstd program: apt-get install -y zstd");
        }
        List<String> tables = List.of("wide", "pgbench_accounts", "pgbench_history", "pgbench_tellers", "pgbench_branches");
        // The plain file for psql -1, outside the rounds.
        run(List.of("/usr/bin/pg_dump", "-Fp", "-f", plain.toString(), "bench"), env, Duration.ofHours(1));
        List<String> sequential = new ArrayList<>(List.of(psql, "-X", "-q", "-d", "bench", "-o", "/dev/null"));
        for (String t : tables) {
            sequential.add("-c");
            sequential.add("COPY " + t + " TO STDOUT");
        }
        // Two connections: the biggest table on one, the rest on the other (wide and accounts are the big two).
        // Waited for by process id: a job number is gone once the job has ended ("wait: %2: no such job").
        String two = copyShell(psql, List.of(tables.get(0))) + " & p1=$!; " + copyShell(psql, tables.subList(1, tables.size()))
                + " & p2=$!; wait $p1 && wait $p2";
        // The same, each stream compressed by the native zstd at level 1 into a file (a backup's minimum work).
        String twoCompressed = "(" + copyShell(psql, List.of(tables.get(0))).replace("-o /dev/null", "") + " | zstd -q -1 -f -o "
                + dir.resolve("floor-1.zst") + ") & p1=$!; (" + copyShell(psql, tables.subList(1, tables.size())).replace("-o /dev/null", "")
                + " | zstd -q -1 -f -o " + dir.resolve("floor-2.zst") + ") & p2=$!; wait $p1 && wait $p2";
        rounds("PostgreSQL backup", List.of(
                new Step("pg_dump -Fc", fc, () -> Files.deleteIfExists(fc),
                        () -> timed(List.of("/usr/bin/pg_dump", "-Fc", "-f", fc.toString(), "bench"), env), () -> { }),
                new Step("COPY floor, sequential (psql)", null, () -> { }, () -> timed(sequential, env), () -> { }),
                new Step("COPY floor, 2 connections (psql)", null, () -> { },
                        () -> timed(List.of("/bin/bash", "-c", two), env), () -> { }),
                new Step("compressed floor, 2 connections (psql | zstd -1)", null, () -> { },
                        () -> timed(List.of("/bin/bash", "-c", "set -o pipefail; " + twoCompressed), env),
                        () -> Files.deleteIfExists(dir.resolve("floor-1.zst"))),
                new Step("railyard backup create --engine builtin (zstd)", zst, () -> Files.deleteIfExists(zst),
                        () -> railyard("backup", "create", "--engine", "builtin", "--url", url + "bench" + query, "--out",
                                zst.toString(), "--force"), () -> { })), options.runs());
        String create = "CREATE DATABASE ";
        rounds("PostgreSQL restore", List.of(
                new Step("pg_restore -j2 (with CREATE DATABASE)", null, () -> { },
                        () -> timed(List.of("/bin/bash", "-c", psql + " -X -q -d postgres -c '" + create + "r1' && "
                                + "/usr/bin/pg_restore -j 2 -d r1 " + fc), env), () -> dropPg(port, "r1")),
                new Step("railyard backup restore --create-database", null, () -> { },
                        () -> railyard("backup", "restore", zst.toString(), "--to-url", url + "postgres" + query,
                                "--create-database", "r2"), () -> dropPg(port, "r2")),
                new Step("psql -1 -f plain.sql (existing empty db)", null, () -> sqlPg(port, create + "r3"),
                        () -> timed(List.of(psql, "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d", "r3", "-f", plain.toString(),
                                "-o", "/dev/null"), env), () -> dropPg(port, "r3")),
                new Step("railyard backup restore, existing empty db (1 tx)", null, () -> sqlPg(port, create + "r4"),
                        () -> railyard("backup", "restore", zst.toString(), "--to-url", url + "r4" + query, "--no-backup-first"),
                        () -> dropPg(port, "r4"))), options.runs());
    }

    private static String copyShell(String psql, List<String> tables) {
        StringBuilder sb = new StringBuilder(psql + " -X -q -d bench -o /dev/null");
        for (String t : tables) {
            sb.append(" -c 'COPY ").append(t).append(" TO STDOUT'");
        }
        return sb.toString();
    }

    private static void sqlPg(int port, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void dropPg(int port, String db) throws Exception {
        sqlPg(port, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        sqlPg(port, "CHECKPOINT");
    }

    // ---------------------------------------------------------------- MySQL / MariaDB

    private void mysql(MysqlServer.Flavour flavour) throws Exception {
        MysqlServer server = flavour == MysqlServer.Flavour.MYSQL ? MysqlServer.sharedMysql9()
                : MysqlServer.start(flavour, false, null);
        try (LatencyProxy proxy = proxy(server.port())) {
            int reach = proxy == null ? server.port() : proxy.port();
            String name = flavour.displayName();
            System.out.printf(Locale.ROOT, "%s %s on port %d, reached %s%n", name, server.version(), server.port(),
                    proxy == null ? "directly" : "through " + proxy);
            String db = server.createDatabase("bench");
            long t0 = System.nanoTime();
            try (Connection c = server.connect(db); Statement s = c.createStatement()) {
                buildMysql(s, options.shape(), options.scale() * 20_000);
            }
            System.out.printf(Locale.ROOT, "data (%s, scale %d) built in %.1f s%n", options.shape(), options.scale(),
                    (System.nanoTime() - t0) / 1e9);
            // The fixed part of any built-in backup: a new JVM, the connection (TLS where the server offers it) and the
            // catalog, on a database with one empty table. With the SELECT floor it bounds what the backup can reach.
            String empty = server.createDatabase("bench_empty");
            try (Connection c = server.connect(empty); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            }
            String dump = server.client("mariadb-dump").toString();
            String client = server.client("mariadb").toString();
            String connect = "--no-defaults --host=127.0.0.1 --port=" + reach + " --user=root";
            // MySQL with GTIDs on writes SET @@GLOBAL.GTID_PURGED, which a restore into the same server refuses.
            String dumpFlags = flavour == MysqlServer.Flavour.MYSQL ? " --set-gtid-purged=OFF" : "";
            String url = "mysql://root@127.0.0.1:" + reach + "/";
            Path gz = dir.resolve(flavour + "-dump.sql.gz");
            Path plain = dir.resolve(flavour + "-dump.sql");
            Path zst = dir.resolve(flavour + "-builtin.sql.zst");
            rounds(name + " backup", List.of(
                    new Step(Path.of(dump).getFileName() + " --single-transaction | gzip -1 [" + name + "]", gz, () -> { },
                            () -> timed(List.of("/bin/bash", "-c", "set -o pipefail; " + dump + " " + connect
                                    + dumpFlags + " --single-transaction --quick " + db + " | gzip -1 > " + gz), Map.of()), () -> { }),
                    // The floor: the server's own time to produce every row, read by its client and thrown away.
                    new Step("SELECT floor: client reads every table to /dev/null [" + name + "]", null, () -> { },
                            () -> timed(List.of("/bin/bash", "-c", client + " " + connect + " --quick --batch -N -e "
                                    + "'SELECT * FROM orders; SELECT * FROM docs; SELECT * FROM blobs' " + db + " > /dev/null"),
                                    Map.of()), () -> { }),
                    new Step("railyard backup create, one empty table (fixed cost) [" + name + "]", null,
                            () -> { }, () -> railyard("backup", "create", "--engine", "builtin", "--url", url + empty, "--out",
                            dir.resolve(flavour + "-empty.sql.zst").toString(), "--force"), () -> { }),
                    new Step("railyard backup create --engine builtin (zstd) [" + name + "]", zst,
                            () -> Files.deleteIfExists(zst), () -> railyard("backup", "create", "--engine", "builtin",
                            "--url", url + db, "--out", zst.toString(), "--force"), () -> { })), options.runs());
            run(List.of("/bin/bash", "-c", "gzip -dc " + gz + " > " + plain), Map.of(), Duration.ofHours(1));
            rounds(name + " restore", List.of(
                    new Step(Path.of(client).getFileName() + " db < dump.sql [" + name + "]", null,
                            () -> sqlMysql(server, "CREATE DATABASE m1"),
                            () -> timed(List.of("/bin/bash", "-c", client + " " + connect + " m1 < " + plain), Map.of()),
                            () -> sqlMysql(server, "DROP DATABASE m1")),
                    new Step("railyard backup restore --create-database [" + name + "]", null, () -> { },
                            () -> railyard("backup", "restore", zst.toString(), "--to-url", url, "--create-database", "m2"),
                            () -> sqlMysql(server, "DROP DATABASE m2"))), options.runs());
        } finally {
            if (flavour != MysqlServer.Flavour.MYSQL) {
                server.close();
            }
        }
    }

    /** About 400 bytes a row over three tables; on MySQL and MariaDB alike (no sequence engine, no MD5: MySQL 9 lacks it). */
    static void buildMysql(Statement s, String shape, int rows) throws Exception {
        s.execute("CREATE TABLE digits (i INT PRIMARY KEY)");
        s.execute("INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)");
        s.execute("CREATE TABLE n (i INT PRIMARY KEY)");
        s.execute("INSERT INTO n SELECT a.i + 10 * b.i + 100 * c.i + 1000 * d.i + 10000 * e.i + 100000 * f.i + 1 "
                + "FROM digits a, digits b, digits c, digits d, digits e, digits f "
                + "WHERE a.i + 10 * b.i + 100 * c.i + 1000 * d.i + 10000 * e.i + 100000 * f.i < " + rows);
        s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, amount DECIMAL(12,2) NOT NULL, "
                + "status VARCHAR(20) NOT NULL, created DATETIME NOT NULL, note VARCHAR(100), KEY (customer_id))");
        s.execute("INSERT INTO orders SELECT i, i % 5000, (i * 7919 % 1000000) / 100, ELT(1 + i % 4, 'new', 'paid', "
                + "'shipped', 'returned'), '2024-01-01' + INTERVAL (i % 31536000) SECOND, CONCAT('order note ', "
                + (shape.equals("compressible") ? "i % 100" : "LEFT(SHA2(i, 256), 32)") + ") FROM n");
        s.execute("CREATE TABLE docs (id BIGINT PRIMARY KEY, doc JSON NOT NULL)");
        s.execute("INSERT INTO docs SELECT i, JSON_OBJECT('id', i, 'name', CONCAT('user ', "
                + (shape.equals("compressible") ? "i % 1000" : "LEFT(SHA2(i, 256), 32)") + "), 'tags', JSON_ARRAY('a', 'b', i % 13), "
                + "'bio', " + (shape.equals("compressible") ? "REPEAT('lorem ipsum ', 10)" : "SHA2(i, 512)") + ") FROM n");
        s.execute("CREATE TABLE blobs (id BIGINT PRIMARY KEY, data BLOB NOT NULL)");
        s.execute("INSERT INTO blobs SELECT i, " + (shape.equals("compressible") ? "UNHEX(REPEAT(LEFT(SHA2(i % 500, 256), 32), 4))"
                : "UNHEX(CONCAT(SHA2(i, 512), SHA2(i + 1, 512)))") + " FROM n");
        s.execute("DROP TABLE digits, n");
    }

    private static void sqlMysql(MysqlServer server, String sql) throws Exception {
        try (Connection c = server.connect(""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    // ---------------------------------------------------------------- measuring

    private interface Action {
        void run() throws Exception;
    }

    private interface Measured {
        Sample run() throws Exception;
    }

    private record Step(String what, Path output, Action prepare, Measured action, Action cleanup) { }

    /** Runs the steps in turn, {@code runs} rounds, so a slow minute touches each alike; keeps the medians. */
    private void rounds(String title, List<Step> steps, int runs) throws Exception {
        System.out.println("== " + title);
        List<List<Sample>> samples = new ArrayList<>();
        steps.forEach(s -> samples.add(new ArrayList<>()));
        for (int round = 1; round <= runs; round++) {
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                step.prepare().run();
                Sample sample = step.action().run();
                step.cleanup().run();
                samples.get(i).add(sample);
                System.out.printf(Locale.ROOT, "  %-58s %7.2f s  cpu %6.2f s  rss %5d MB  (%d/%d)%n", step.what(),
                        sample.wall(), sample.cpu(), sample.rssKb() / 1024, round, runs);
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            List<Sample> list = samples.get(i);
            Sample median = new Sample(median(list.stream().map(Sample::wall).toList()),
                    median(list.stream().map(Sample::cpu).toList()),
                    (long) median(list.stream().map(x -> (double) x.rssKb()).toList()));
            long bytes = step.output() != null && Files.exists(step.output()) ? Files.size(step.output()) : -1;
            figures.put(step.what(), new Figure(step.what(), median, bytes));
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private Sample railyard(String... args) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(Map.of("RAILYARD_HOME", dir.resolve("home").toString()));
        List<String> command = new ArrayList<>();
        if (options.launcher() != null) {
            command.add(options.launcher().toAbsolutePath().toString());
            env.put("RAILYARD_JAVA_OPTS", options.javaOpts());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            if (!options.javaOpts().isBlank()) {
                command.addAll(List.of(options.javaOpts().trim().split("\\s+")));
            }
            command.addAll(List.of("-jar", options.jar().toAbsolutePath().toString()));
        }
        if (options.jfr() != null) {
            Files.createDirectories(options.jfr());
            String name = String.join("-", args).replaceAll("[^A-Za-z0-9.-]+", "_");
            name = name.substring(0, Math.min(60, name.length())) + "-" + (++recordings) + ".jfr";
            String flag = "-XX:StartFlightRecording=filename=" + options.jfr().resolve(name).toAbsolutePath() + ",settings=profile";
            if (options.launcher() != null) {
                env.merge("RAILYARD_JAVA_OPTS", flag, (a, b) -> a + " " + b);
            } else {
                command.add(1, flag);
            }
        }
        command.addAll(List.of(args));
        return timed(command, env);
    }

    /** Runs a command under /usr/bin/time; fails with its output when it fails. */
    private Sample timed(List<String> command, Map<String, String> env) throws Exception {
        Path stats = Files.createTempFile(dir, "time", ".txt");
        List<String> full = new ArrayList<>(List.of(TIME.toString(), "-q", "-f", "%e %U %S %M", "-o", stats.toString()));
        full.addAll(command);
        run(full, env, Duration.ofHours(1));
        String[] f = Files.readString(stats).strip().split("\\s+");
        Files.delete(stats);
        return new Sample(Double.parseDouble(f[0]), Double.parseDouble(f[1]) + Double.parseDouble(f[2]), Long.parseLong(f[3]));
    }

    private String run(List<String> command, Map<String, String> env, Duration limit) throws Exception {
        Path output = Files.createTempFile(dir, "out", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Timed out: " + String.join(" ", command));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + text);
        }
        return text;
    }

    private LatencyProxy proxy(int port) {
        if (options.latencyMs() == 0 && options.bandwidthMbps() == 0) {
            return null;
        }
        return new LatencyProxy(port, Duration.ofNanos(options.latencyMs() * 1_000_000L / 2),
                options.bandwidthMbps() * 1024L * 1024L);
    }

    private void load(String when) throws IOException {
        loads.add(when + ": " + Files.readString(Path.of("/proc/loadavg")).strip());
    }

    // ---------------------------------------------------------------- report

    private void report() {
        System.out.println();
        System.out.printf(Locale.ROOT, "Cold CLI benchmark: shape %s, scale %d, medians of %d interleaved runs, link %s, "
                + "%d cores%n", options.shape(), options.scale(), options.runs(), options.link(),
                Runtime.getRuntime().availableProcessors());
        System.out.println("Load average (1/5/15 min) " + String.join("; ", loads));
        System.out.println("railyard children: " + (options.launcher() == null ? "java " + options.javaOpts() + " -jar "
                + options.jar() : options.launcher() + " (launcher script)" + (options.javaOpts().isBlank() ? ""
                : ", RAILYARD_JAVA_OPTS=" + options.javaOpts())));
        failures.forEach(f -> System.out.println("FAILED, no figures: " + f));
        System.out.println();
        System.out.printf(Locale.ROOT, "| %-58s | %8s | %8s | %7s | %9s |%n", "step", "wall s", "cpu s", "RSS MB", "file MB");
        System.out.println("|" + "-".repeat(60) + "|" + "-".repeat(10) + "|" + "-".repeat(10) + "|" + "-".repeat(9) + "|"
                + "-".repeat(11) + "|");
        for (Figure f : figures.values()) {
            System.out.printf(Locale.ROOT, "| %-58s | %8.2f | %8.2f | %7d | %9s |%n", f.what(), f.median().wall(),
                    f.median().cpu(), f.median().rssKb() / 1024,
                    f.bytes() < 0 ? "" : String.format(Locale.ROOT, "%.1f", f.bytes() / 1048576.0));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "| %-62s | %6s | %-9s |%n", "ratio", "value", "target");
        System.out.println("|" + "-".repeat(64) + "|" + "-".repeat(8) + "|" + "-".repeat(11) + "|");
        boolean compressible = options.shape().equals("compressible");
        boolean link = options.latencyMs() > 0 || options.bandwidthMbps() > 0;
        String backupTarget = link ? "<= 0.60" : compressible ? "<= 0.75" : "<= 0.40";
        ratio("PG backup time / pg_dump -Fc", "railyard backup create --engine builtin (zstd)", "pg_dump -Fc",
                Sample::wall, backupTarget);
        ratio("PG backup time / COPY floor on 2 connections", "railyard backup create --engine builtin (zstd)",
                "COPY floor, 2 connections (psql)", Sample::wall, "<= 1.6");
        ratio("PG backup time / compressed floor (2 connections | zstd -1)", "railyard backup create --engine builtin (zstd)",
                "compressed floor, 2 connections (psql | zstd -1)", Sample::wall, "-");
        ratio("compressed floor / COPY floor, 2 connections",
                "compressed floor, 2 connections (psql | zstd -1)", "COPY floor, 2 connections (psql)", Sample::wall, "-");
        sizeRatio("PG backup file / -Fc file", "railyard backup create --engine builtin (zstd)", "pg_dump -Fc", "<= 1.0");
        ratio("PG backup client CPU / pg_dump -Fc's", "railyard backup create --engine builtin (zstd)", "pg_dump -Fc",
                Sample::cpu, compressible ? "<= 1.0" : "-");
        ratio("PG restore new db / pg_restore -j2", "railyard backup restore --create-database",
                "pg_restore -j2 (with CREATE DATABASE)", Sample::wall, "<= 0.85");
        ratio("PG restore one tx / psql -1", "railyard backup restore, existing empty db (1 tx)",
                "psql -1 -f plain.sql (existing empty db)", Sample::wall, "<= 1.0");
        ratio("PG restore client CPU / pg_restore -j2's", "railyard backup restore --create-database",
                "pg_restore -j2 (with CREATE DATABASE)", Sample::cpu, "-");
        for (String name : List.of("MariaDB", "MySQL")) {
            Figure ours = find("railyard backup create --engine builtin (zstd) [" + name + "]");
            Figure dump = figures.values().stream().filter(f -> f.what().endsWith("| gzip -1 [" + name + "]"))
                    .findFirst().orElse(null);
            if (ours != null && dump != null) {
                printRatio(name + " backup / dump --single-transaction | gzip -1", ours.median().wall() / dump.median().wall(),
                        "<= 0.7");
                printRatio(name + " backup file / dump.sql.gz file", (double) ours.bytes() / dump.bytes(), "-");
                printRatio(name + " backup client CPU / dump | gzip's", ours.median().cpu() / dump.median().cpu(), "-");
                Figure floor = find("SELECT floor: client reads every table to /dev/null [" + name + "]");
                if (floor != null) {
                    printRatio(name + " backup / SELECT floor (client to /dev/null)", ours.median().wall() / floor.median().wall(), "-");
                    printRatio(name + " dump | gzip / SELECT floor", dump.median().wall() / floor.median().wall(), "-");
                    Figure fixed = find("railyard backup create, one empty table (fixed cost) [" + name + "]");
                    if (fixed != null) {
                        // No built-in backup can take less than its fixed part plus the server's time to send the rows.
                        printRatio(name + " floor of any built-in backup (fixed cost + SELECT floor) / dump | gzip",
                                (fixed.median().wall() + floor.median().wall()) / dump.median().wall(), "-");
                    }
                }
            }
            Figure restore = find("railyard backup restore --create-database [" + name + "]");
            Figure client = figures.values().stream().filter(f -> f.what().endsWith("db < dump.sql [" + name + "]"))
                    .findFirst().orElse(null);
            if (restore != null && client != null) {
                printRatio(name + " restore / client < dump.sql", restore.median().wall() / client.median().wall(), "<= 0.8");
                printRatio(name + " restore client CPU / client's", restore.median().cpu() / client.median().cpu(), "-");
            }
        }
        long worstRss = figures.values().stream().filter(f -> f.what().startsWith("railyard"))
                .mapToLong(f -> f.median().rssKb()).max().orElse(0);
        printRatio("peak RSS of any railyard command, MB", worstRss / 1024.0, "<= 200");
        Figure version = find("railyard --version");
        if (version != null) {
            printRatio("railyard --version, s", version.median().wall(), "<= 0.3");
        }
    }

    private Figure find(String what) {
        return figures.get(what);
    }

    private void ratio(String label, String ours, String theirs, java.util.function.ToDoubleFunction<Sample> value,
                       String target) {
        Figure a = find(ours);
        Figure b = find(theirs);
        if (a != null && b != null) {
            printRatio(label, value.applyAsDouble(a.median()) / value.applyAsDouble(b.median()), target);
        }
    }

    private void sizeRatio(String label, String ours, String theirs, String target) {
        Figure a = find(ours);
        Figure b = find(theirs);
        if (a != null && b != null && a.bytes() > 0 && b.bytes() > 0) {
            printRatio(label, (double) a.bytes() / b.bytes(), target);
        }
    }

    private static void printRatio(String label, double value, String target) {
        String verdict = "";
        if (target.startsWith("<= ")) {
            verdict = value <= Double.parseDouble(target.substring(3)) ? " met" : " NOT met";
        }
        System.out.printf(Locale.ROOT, "| %-62s | %6.2f | %-9s |%s%n", label, value, target, verdict);
    }
}
