package dev.railyard.bench;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Compression;
import dev.railyard.backup.mysql.BuiltinMysqlDump;
import dev.railyard.backup.mysql.MysqlEndpoint;
import dev.railyard.backup.mysql.MysqlRestore;
import dev.railyard.backup.mysql.MysqlRestoreOptions;
import dev.railyard.backup.mysql.MysqlTools;
import dev.railyard.profile.SslMode;
import dev.railyard.support.MysqlServer;
import dev.railyard.task.JobContext;
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
 * Measures the MySQL engine against the client tools on the same data, in one run:
 *
 * <ol>
 *   <li>{@code mariadb-dump --single-transaction --quick | gzip -1} (wall time);</li>
 *   <li>the floor: {@code SELECT *} of every table streamed to /dev/null by the mariadb client;</li>
 *   <li>Railyard's built-in backup with compression (target: at most 0.7 x dump|gzip);</li>
 *   <li>{@code mariadb db < dump.sql};</li>
 *   <li>Railyard's restore into a new database (target: at most 0.8 x mariadb < dump).</li>
 * </ol>
 *
 * Usage: {@code MysqlBackupBenchmark [MB of data, default 200] [zstd|gzip, default zstd] [loaders, default 2]
 * [level, default 0 = the engine's] [runs, default 2]}. Starts a throwaway MariaDB; prints each figure (the best of
 * the runs: the machine may be shared) and the ratios.
 */
public final class MysqlBackupBenchmark {

    private MysqlBackupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Compression compression = args.length > 1 ? Compression.byName(args[1]) : Compression.ZSTD;
        int loaders = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int level = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        Path work = Files.createTempDirectory("railyard-mysql-bench-");
        try (MysqlServer server = MysqlServer.start(false)) {
            System.out.printf(Locale.ROOT, "MariaDB %s on port %d, %d MB of data, %s level %d, %d loaders, best of %d runs, "
                    + "work dir %s%n", server.version(), server.port(), megabytes, compression.id(), level, loaders, runs, work);
            String db = server.createDatabase("bench");
            long t0 = System.nanoTime();
            build(server, db, megabytes);
            System.out.printf(Locale.ROOT, "data built in %.1f s: %s%n", seconds(t0), sizes(server, db));

            Path mariadbDump = MysqlServer.clientBinary("mariadb-dump");
            Path mariadb = MysqlServer.clientBinary("mariadb");
            String connect = "--no-defaults --host=127.0.0.1 --port=" + server.port() + " --user=root";

            // 1. mariadb-dump | gzip -1
            Path dumpGz = work.resolve("dump.sql.gz");
            double dumpGzip = best(runs, () -> shell("set -o pipefail; " + mariadbDump + " " + connect
                    + " --single-transaction --quick " + db + " | gzip -1 > " + dumpGz));
            System.out.printf(Locale.ROOT, "mariadb-dump --single-transaction --quick | gzip -1: %.2f s (%s)%n", dumpGzip,
                    mb(Files.size(dumpGz)));

            // 2. the floor
            StringBuilder selects = new StringBuilder();
            for (String t : tables(server, db)) {
                selects.append("SELECT * FROM `").append(t).append("`; ");
            }
            double floor = best(runs, () -> shell(mariadb + " " + connect + " --quick --batch --raw " + db + " -e \""
                    + selects.toString().replace("`", "\\`") + "\" > /dev/null"));
            System.out.printf(Locale.ROOT, "floor (SELECT * of every table to /dev/null): %.2f s%n", floor);

            // 3. built-in backup
            MysqlEndpoint source = new MysqlEndpoint(null, "127.0.0.1", server.port(), db, "root", "", SslMode.DISABLE);
            Path builtinFile = work.resolve("builtin.sql" + compression.extension());
            BackupResult[] result = new BackupResult[1];
            double builtin = best(runs, () -> result[0] = new BuiltinMysqlDump(source,
                    BackupOptions.defaults().withCompression(compression).withCompressionLevel(level), builtinFile)
                    .run(JobContext.silent()));
            System.out.printf(Locale.ROOT, "built-in backup (%s): %.2f s (%s, %s uncompressed)%n", compression.id(), builtin,
                    mb(result[0].manifest().fileBytes()), mb(result[0].manifest().uncompressedBytes()));

            // 4. mariadb db < dump.sql
            Path plain = work.resolve("dump.sql");
            shell("gzip -dc " + dumpGz + " > " + plain);
            double clientRestore = best(runs, () -> {
                String target1 = server.createDatabase("client_restore");
                try {
                    shell(mariadb + " " + connect + " " + target1 + " < " + plain);
                } finally {
                    dropDatabase(server, target1);
                }
            });
            System.out.printf(Locale.ROOT, "mariadb db < dump.sql: %.2f s%n", clientRestore);

            // 5. built-in restore into a new database
            String target2 = db + "_restored";
            int[] run = {0};
            double builtinRestore = best(runs, () -> {
                if (run[0]++ > 0) {
                    dropDatabase(server, target2);
                }
                new MysqlRestore(builtinFile, source.withDatabase(""),
                        MysqlRestoreOptions.defaults().intoNewDatabase(target2).withParallelLoads(loaders),
                        MysqlTools.fromPath()).run(JobContext.silent());
            });
            System.out.printf(Locale.ROOT, "built-in restore into a new database (%d loaders): %.2f s%n", loaders,
                    builtinRestore);
            boolean same = sizes(server, db).split(",").length == sizes(server, target2).split(",").length
                    && checksum(server, db).equals(checksum(server, target2));
            System.out.printf(Locale.ROOT, "restored data identical (CHECKSUM TABLE): %s%n", same);

            System.out.printf(Locale.ROOT, "%nratios: backup / (dump|gzip) = %.2f (target <= 0.70); backup / floor = %.2f; "
                    + "restore / (mariadb < dump) = %.2f (target <= 0.80)%n", builtin / dumpGzip, builtin / floor,
                    builtinRestore / clientRestore);
        } finally {
            shell("rm -rf " + work);
        }
    }

    /** Four tables of about equal size: narrow rows, text, JSON-like text and binary. */
    private static void build(MysqlServer server, String db, int megabytes) throws Exception {
        long perTable = megabytes * 1024L * 1024L / 4;
        long orders = perTable / 110;
        long events = perTable / 560;
        long docs = perTable / 330;
        long blobs = perTable / 1100;
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute("SET SESSION max_recursive_iterations = 100000000");
            s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, amount DECIMAL(12,2) NOT NULL, "
                    + "status VARCHAR(20) NOT NULL, created DATETIME NOT NULL, note VARCHAR(100), KEY (customer_id)) ENGINE=InnoDB");
            s.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, kind VARCHAR(30) NOT NULL, payload TEXT NOT NULL, "
                    + "at TIMESTAMP NOT NULL DEFAULT '2024-01-01 00:00:00') ENGINE=InnoDB");
            s.execute("CREATE TABLE docs (id BIGINT PRIMARY KEY, doc LONGTEXT NOT NULL) ENGINE=InnoDB");
            s.execute("CREATE TABLE blobs (id BIGINT PRIMARY KEY, data BLOB NOT NULL) ENGINE=InnoDB");
            insertInBatches(s, "orders", orders, "SELECT seq, seq % 50000, (seq * 7919 % 1000000) / 100, "
                    + "ELT(1 + seq % 4, 'new', 'paid', 'shipped', 'returned'), '2024-01-01' + INTERVAL (seq % 31536000) SECOND, "
                    + "CONCAT('order note ', MD5(seq)) FROM seq_FROM_to_TO");
            insertInBatches(s, "events", events, "SELECT seq, ELT(1 + seq % 3, 'click', 'view', 'purchase'), "
                    + "CONCAT_WS(' ', SHA2(seq, 512), SHA2(seq + 1, 512), MD5(seq), 'user said: \"it''s fine\" \\\\ ok', "
                    + "SHA2(seq + 2, 256)), '2024-01-01' + INTERVAL (seq % 31536000) SECOND FROM seq_FROM_to_TO");
            insertInBatches(s, "docs", docs, "SELECT seq, CONCAT('{\"id\": ', seq, ', \"name\": \"user ', MD5(seq), "
                    + "'\", \"tags\": [\"a\", \"b\", \"', SHA2(seq, 224), '\"], \"score\": ', seq % 1000 / 7, "
                    + "', \"bio\": \"', SHA2(seq, 512), '\"}') FROM seq_FROM_to_TO");
            insertInBatches(s, "blobs", blobs, "SELECT seq, RANDOM_BYTES(1024) FROM seq_FROM_to_TO");
        }
    }

    private static void insertInBatches(Statement s, String table, long rows, String select) throws Exception {
        long step = 200_000;
        for (long from = 1; from <= rows; from += step) {
            long to = Math.min(rows, from + step - 1);
            s.execute("INSERT INTO " + table + " " + select.replace("seq_FROM_to_TO", "seq_" + from + "_to_" + to));
        }
    }

    private static List<String> tables(MysqlServer server, String db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = server.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                     + "AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String sizes(MysqlServer server, String db) throws Exception {
        StringBuilder sb = new StringBuilder();
        long total = 0;
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute("ANALYZE TABLE orders, events, docs, blobs");
            try (ResultSet rs = s.executeQuery("SELECT TABLE_NAME, TABLE_ROWS, DATA_LENGTH FROM information_schema.TABLES "
                    + "WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1")) {
                while (rs.next()) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(rs.getString(1)).append(" ~").append(rs.getLong(2))
                            .append(" rows ").append(mb(rs.getLong(3)));
                    total += rs.getLong(3);
                }
            }
        }
        return sb + "; total " + mb(total);
    }

    private static String checksum(MysqlServer server, String db) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            for (String t : tables(server, db)) {
                try (ResultSet rs = s.executeQuery("CHECKSUM TABLE `" + t + "`")) {
                    rs.next();
                    sb.append(t).append('=').append(rs.getLong(2)).append(' ');
                }
            }
        }
        return sb.toString();
    }

    private static void dropDatabase(MysqlServer server, String db) throws Exception {
        try (Connection c = server.connect(""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE `" + db + "`");
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    /** The best wall time of {@code runs} runs. */
    private static double best(int runs, Action action) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            best = Math.min(best, time(action));
        }
        return best;
    }

    private static double time(Action action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return seconds(start);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1024.0 / 1024.0);
    }

    private static void shell(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
            throw new IllegalStateException("Failed: " + command + "\n" + out);
        }
    }
}
