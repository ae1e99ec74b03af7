package dev.railyard.backup.mysql;

import dev.railyard.backup.script.MysqlScriptOptions;
import dev.railyard.backup.script.MysqlScriptRunner;
import dev.railyard.profile.SslMode;
import dev.railyard.support.MysqlServer;
import dev.railyard.task.JobContext;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The MySQL backup tests' helpers on one test server of either flavour: endpoints, fixtures, and the
 * oracles (CHECKSUM TABLE, and the flavour's own dump tool for the schema).
 */
record FlavourDatabases(MysqlServer server) {

    static FlavourDatabases mariadb() {
        return new FlavourDatabases(MysqlServer.sharedMariadb());
    }

    static FlavourDatabases mysql9() {
        return new FlavourDatabases(MysqlServer.sharedMysql9());
    }

    static FlavourDatabases of(MysqlServer.Flavour flavour) {
        return new FlavourDatabases(MysqlServer.shared(flavour));
    }

    boolean mysql() {
        return server.flavour() == MysqlServer.Flavour.MYSQL;
    }

    /** The fidelity fixture of this flavour: MySQL-only syntax lives in its own file. */
    String fixture() {
        return mysql() ? "/fixtures/mysql9-fidelity.sql" : "/fixtures/mysql-fidelity.sql";
    }

    MysqlEndpoint endpoint(String database) {
        return new MysqlEndpoint(null, "127.0.0.1", server.port(), database, "root", "", SslMode.DISABLE);
    }

    /** Tools of this server's flavour only (MySQL 9's beside its server, MariaDB's on PATH). */
    MysqlTools tools() {
        if (mysql()) {
            return new MysqlTools(List.of(server.client("mysqldump").getParent()));
        }
        return new MysqlTools(List.of(MysqlServer.clientBinary("mariadb-dump").getParent()));
    }

    /** A new database with this flavour's fidelity fixture loaded through Railyard's own runner. */
    String fixtureDatabase(String prefix) throws Exception {
        String db = server.createDatabase(prefix);
        MysqlEndpoint e = endpoint(db);
        try (InputStream in = FlavourDatabases.class.getResourceAsStream(fixture())) {
            new MysqlScriptRunner(() -> e.connect(MysqlEndpoint.Purpose.SCRIPT), MysqlScriptOptions.defaults())
                    .run(in, JobContext.silent(), null, -1);
        }
        return db;
    }

    void execute(String db, String... statements) throws Exception {
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /**
     * A digest of every base table's rows (and sequence's), by name: CHECKSUM TABLE on MariaDB; on
     * MySQL, where CHECKSUM TABLE differs between two tables with the same rows once a functional or
     * multi-valued index (a hidden column) is involved, a sha256 over the sorted rows of every column,
     * invisible ones included, FLOATs read as DOUBLEs so that every bit counts.
     */
    Map<String, Long> checksums(String db) throws Exception {
        if (mysql()) {
            return rowDigests(db);
        }
        Map<String, Long> sums = new TreeMap<>();
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
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

    private Map<String, Long> rowDigests(String db) throws Exception {
        Map<String, Long> sums = new TreeMap<>();
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            Map<String, List<String>> columns = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("SELECT c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE FROM information_schema.COLUMNS c "
                    + "JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME "
                    + "WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION")) {
                while (rs.next()) {
                    String name = MysqlNames.quote(rs.getString(2));
                    columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add("float".equalsIgnoreCase(rs.getString(3)) ? "(" + name + " + 0e0)" : name);
                }
            }
            for (Map.Entry<String, List<String>> table : columns.entrySet()) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT " + String.join(", ", table.getValue()) + " FROM "
                        + MysqlNames.quote(table.getKey()))) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= n; i++) {
                            byte[] v = rs.getBytes(i);
                            row.append(v == null ? "N" : "V" + java.util.HexFormat.of().formatHex(v)).append(',');
                        }
                        rows.add(row.toString());
                    }
                }
                java.util.Collections.sort(rows);
                java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
                rows.forEach(r -> sha.update(r.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                sums.put(table.getKey(), java.nio.ByteBuffer.wrap(sha.digest()).getLong());
            }
        }
        return sums;
    }

    String queryString(String db, String sql) throws Exception {
        try (Connection c = server.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * The oracle: the flavour's own dump tool with {@code --no-data --routines --triggers --events
     * --skip-dump-date}, AUTO_INCREMENT counters and the database's name taken out. On MySQL a column
     * whose collation was inherited shows {@code COLLATE x}, and the same column created from that
     * text shows {@code CHARACTER SET y COLLATE x}: the collation names the character set, so only it
     * is compared.
     */
    String schemaDump(String db) throws Exception {
        List<String> command = new ArrayList<>(List.of(server.client("mysqldump").toString(), "--no-defaults",
                "--host=127.0.0.1", "--port=" + server.port(), "--user=root", "--no-data", "--routines", "--triggers",
                "--events", "--skip-dump-date", "--default-character-set=utf8mb4"));
        if (mysql()) {
            command.addAll(List.of("--set-gtid-purged=OFF", "--no-tablespaces"));
        }
        command.add(db);
        String out = MysqlTestDatabases.run(command, null);
        if (mysql()) {
            out = out.replaceAll(" CHARACTER SET \\w+ COLLATE ", " COLLATE ");
        }
        return out.replaceAll(" AUTO_INCREMENT=\\d+", "")
                .replace("`" + db + "`", "`DB`").replace("'" + db + "'", "'DB'").replace("Database: " + db, "Database: DB")
                .lines().filter(l -> !l.startsWith("Warning: ")).reduce("", (a, b) -> a + b + "\n");
    }

    /** Restores {@code file} into {@code db} with the flavour's own command-line client (--comments keeps routine comments). */
    String clientRestore(String db, Path file) throws Exception {
        return MysqlTestDatabases.run(List.of(server.client("mysql").toString(), "--no-defaults", "--host=127.0.0.1",
                "--port=" + server.port(), "--user=root", "--batch", "--comments", db), file);
    }
}
