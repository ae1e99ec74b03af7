package dev.railyard.backup.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.railyard.backup.script.MysqlScriptOptions;
import dev.railyard.backup.script.MysqlScriptResult;
import dev.railyard.backup.script.MysqlScriptRunner;
import dev.railyard.profile.SslMode;
import dev.railyard.support.MysqlServer;
import dev.railyard.task.JobContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Helpers for the MySQL backup tests: endpoints on the test server, the fixture, and the oracles. */
final class MysqlTestDatabases {

    private MysqlTestDatabases() {
    }

    static MysqlServer server() {
        return MysqlServer.shared();
    }

    static MysqlEndpoint endpoint(String database) {
        return new MysqlEndpoint(null, "127.0.0.1", server().port(), database, "root", "", SslMode.DISABLE);
    }

    /** A new database with the fidelity fixture loaded through Railyard's own runner. */
    static String fixtureDatabase(String prefix) throws Exception {
        String db = server().createDatabase(prefix);
        runScript(db, MysqlTestDatabases.class.getResourceAsStream("/fixtures/mysql-fidelity.sql"));
        return db;
    }

    static MysqlScriptResult runScript(String db, InputStream script) throws Exception {
        MysqlEndpoint e = endpoint(db);
        try (InputStream in = script) {
            return new MysqlScriptRunner(() -> e.connect(MysqlEndpoint.Purpose.SCRIPT), MysqlScriptOptions.defaults())
                    .run(in, JobContext.silent(), null, -1);
        }
    }

    static void execute(String db, String... statements) throws Exception {
        try (Connection c = server().connect(db); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static boolean databaseExists(String db) throws Exception {
        try (Connection c = server().connect(""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                     + db.replace("'", "''") + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    /** CHECKSUM TABLE of every base table (and sequence), by name. */
    static Map<String, Long> checksums(String db) throws Exception {
        Map<String, Long> sums = new TreeMap<>();
        try (Connection c = server().connect(db); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                    + "AND TABLE_TYPE IN ('BASE TABLE', 'SEQUENCE') ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("CHECKSUM TABLE " + MysqlNames.quote(t) + " EXTENDED")) {
                    rs.next();
                    sums.put(t, rs.getLong(2));
                }
            }
        }
        return sums;
    }

    static long count(String db, String sql) throws Exception {
        try (Connection c = server().connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String queryString(String db, String sql) throws Exception {
        try (Connection c = server().connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * The oracle: {@code mariadb-dump --no-data --routines --triggers --events --skip-dump-date}, with
     * AUTO_INCREMENT counters and the database's name taken out.
     */
    static String schemaDump(String db) throws Exception {
        Path dump = MysqlServer.clientBinary("mariadb-dump");
        List<String> command = List.of(dump.toString(), "--no-defaults", "--host=127.0.0.1", "--port=" + server().port(),
                "--user=root", "--no-data", "--routines", "--triggers", "--events", "--skip-dump-date",
                "--default-character-set=utf8mb4", db);
        String out = run(command, null);
        return out.replaceAll(" AUTO_INCREMENT=\\d+", "")
                .replace("`" + db + "`", "`DB`").replace("'" + db + "'", "'DB'").replace("Database: " + db, "Database: DB");
    }

    /**
     * Restores {@code file} (plain SQL) into {@code db} with the mariadb client; --comments keeps the
     * comments inside routine bodies, which the client strips by default.
     */
    static String mariadbClientRestore(String db, Path file) throws Exception {
        Path client = MysqlServer.clientBinary("mariadb");
        return run(List.of(client.toString(), "--no-defaults", "--host=127.0.0.1", "--port=" + server().port(), "--user=root",
                "--batch", "--comments", db), file);
    }

    static String run(List<String> command, Path stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish in 5 minutes");
        }
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed:\n" + out);
        return out;
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
