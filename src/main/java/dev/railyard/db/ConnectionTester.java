package dev.railyard.db;

import dev.railyard.profile.ConnectionProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Test connection": connects once with the given password (no pool, nothing stored), then
 * reports product, version, TLS, round-trip time, the privileges that matter and the state of
 * pg_stat_statements. Each fact costs as few round trips as the server allows: one query for all
 * of them, then five pings for the median round trip.
 */
public final class ConnectionTester {

    static final int PINGS = 5;
    private static final Pattern VERSION_NUMBER = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Pattern GRANT = Pattern.compile("^GRANT (.+?) ON (\\S+) TO ", Pattern.CASE_INSENSITIVE);

    private final Duration connectTimeout;

    public ConnectionTester() {
        this(JdbcUrls.CONNECT_TIMEOUT);
    }

    public ConnectionTester(Duration connectTimeout) {
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /** Connects and reports; {@code password} may be null. Failures come classified. */
    public ConnectionReport test(ConnectionProfile p, String password) throws ConnectionProblem {
        try (Connection connection = open(p, password)) {
            return p.dialect() == Dialect.POSTGRESQL ? postgres(p, connection) : mysql(p, connection);
        } catch (SQLException | RuntimeException e) {
            throw ConnectionProblem.classify(p, e, password != null, connectTimeout);
        }
    }

    private Connection open(ConnectionProfile p, String password) throws SQLException {
        // Multi-statements only on this private connection, for our own fixed batch: the test's facts in one round trip.
        Map<String, String> extra = p.dialect() == Dialect.MYSQL ? Map.of("allowMultiQueries", "true") : Map.of();
        return Connections.open(Endpoint.of(p), password, Connections.Purpose.TEST, connectTimeout, extra);
    }

    private ConnectionReport postgres(ConnectionProfile p, Connection connection) throws SQLException, ConnectionProblem {
        List<String> privileges = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String version;
        String tls;
        String pss;
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql(Dialect.POSTGRESQL))) {
            if (!rs.next()) {
                throw new SQLException("The connection test query returned no row for the current user");
            }
            version = rs.getString("server_version").split(" ")[0];
            int versionNum = rs.getInt("server_version_num");
            if (versionNum < 130000) {
                throw ConnectionProblem.unsupportedServer(p, "PostgreSQL", version, "PostgreSQL 13");
            }
            tls = rs.getString("tls_protocol");
            boolean superuser = rs.getBoolean("superuser");
            if (superuser) {
                privileges.add("superuser");
            }
            boolean monitor = rs.getBoolean("pg_monitor");
            boolean readAllStats = rs.getBoolean("pg_read_all_stats");
            if (monitor) {
                privileges.add("pg_monitor");
            }
            if (readAllStats) {
                privileges.add("pg_read_all_stats");
            }
            if (!readAllStats) {
                notes.add("Without pg_read_all_stats (or pg_monitor), other users' queries are hidden in Activity and Queries: "
                        + "GRANT pg_monitor TO " + p.user());
            }
            boolean created = rs.getBoolean("pss_created");
            boolean available = rs.getBoolean("pss_available");
            Boolean preloaded = (Boolean) rs.getObject("pss_preloaded");
            pss = pgStatStatements(created, available, preloaded, notes);
        }
        if (tls == null) {
            notes.add("The connection is not encrypted (SSL mode '" + p.sslMode().id() + "')");
        }
        long rtt = medianRoundTrip(connection);
        return new ConnectionReport("PostgreSQL", version, false, tls, rtt, privileges, pss, notes);
    }

    static String pgStatStatements(boolean created, boolean available, Boolean preloaded, List<String> notes) {
        if (created) {
            if (Boolean.FALSE.equals(preloaded)) {
                notes.add("pg_stat_statements is created but not in shared_preload_libraries, so it collects nothing");
            }
            return "created";
        }
        if (!available) {
            notes.add("pg_stat_statements is not installed on the server: the Queries view stays empty");
            return "not available";
        }
        if (Boolean.TRUE.equals(preloaded)) {
            notes.add("pg_stat_statements is preloaded: CREATE EXTENSION pg_stat_statements enables the Queries view");
            return "preloaded, not created";
        }
        notes.add(preloaded == null
                ? "Cannot tell whether pg_stat_statements is preloaded (reading shared_preload_libraries needs pg_read_all_settings)"
                : "pg_stat_statements needs shared_preload_libraries = 'pg_stat_statements' and a restart before it can be created");
        return "not available";
    }

    private ConnectionReport mysql(ConnectionProfile p, Connection connection) throws SQLException, ConnectionProblem {
        // The handshake already told the driver the version: no query needed for it.
        String handshakeVersion = connection.getMetaData().getDatabaseProductVersion();
        String tls = null;
        List<String> grants = new ArrayList<>();
        boolean performanceSchema = false;
        String serverVersion = handshakeVersion;
        try (Statement s = connection.createStatement()) {
            boolean isResultSet = s.execute(sql(Dialect.MYSQL));
            int index = 0;
            while (true) {
                if (isResultSet) {
                    try (ResultSet rs = s.getResultSet()) {
                        while (rs.next()) {
                            switch (index) {
                                case 0 -> tls = blankToNull(rs.getString(2));
                                case 1 -> grants.add(rs.getString(1));
                                default -> {
                                    performanceSchema = rs.getInt(1) == 1;
                                    serverVersion = rs.getString(2);
                                }
                            }
                        }
                    }
                    index++;
                } else if (s.getUpdateCount() == -1) {
                    break;
                }
                isResultSet = s.getMoreResults();
            }
        }
        boolean mariaDb = isMariaDb(serverVersion) || isMariaDb(handshakeVersion);
        String version = versionNumber(serverVersion);
        int[] parts = versionParts(version);
        if (mariaDb ? compare(parts, 10, 3) < 0 : parts[0] < 8) {
            throw ConnectionProblem.unsupportedServer(p, mariaDb ? "MariaDB" : "MySQL", version,
                    mariaDb ? "MariaDB 10.3" : "MySQL 8.0");
        }
        List<String> notes = new ArrayList<>();
        List<String> privileges = mysqlPrivileges(grants, notes);
        if (!privileges.contains("PROCESS")) {
            notes.add("Without PROCESS, Activity shows only this user's sessions: GRANT PROCESS ON *.* TO " + p.user());
        }
        if (!privileges.contains("RELOAD")) {
            notes.add("Without RELOAD, native mysqldump backups cannot flush tables; the built-in engine still works");
        }
        if (!privileges.contains("SELECT on performance_schema")) {
            notes.add("Without SELECT on performance_schema, the Queries view cannot read statement statistics");
        }
        if (!performanceSchema) {
            notes.add("performance_schema is OFF on the server: slow-query statistics are not collected");
        }
        if (tls == null) {
            notes.add("The connection is not encrypted (SSL mode '" + p.sslMode().id() + "')");
        }
        long rtt = medianRoundTrip(connection);
        return new ConnectionReport(mariaDb ? "MariaDB" : "MySQL", version, mariaDb, tls, rtt, privileges, "n/a", notes);
    }

    /** The privileges Railyard cares about, read from SHOW GRANTS lines. Roles' privileges are not expanded. */
    static List<String> mysqlPrivileges(List<String> grants, List<String> notes) {
        boolean process = false;
        boolean reload = false;
        boolean performanceSchema = false;
        boolean roles = false;
        for (String grant : grants) {
            Matcher m = GRANT.matcher(grant.strip());
            if (!m.find()) {
                roles |= grant.toUpperCase(Locale.ROOT).startsWith("GRANT ");
                continue;
            }
            List<String> privileges = Arrays.stream(m.group(1).split(","))
                    .map(s -> s.strip().toUpperCase(Locale.ROOT))
                    .toList();
            String on = m.group(2).replace("`", "").toLowerCase(Locale.ROOT);
            boolean all = privileges.contains("ALL") || privileges.contains("ALL PRIVILEGES");
            if (on.equals("*.*")) {
                process |= all || privileges.contains("PROCESS");
                reload |= all || privileges.contains("RELOAD");
                performanceSchema |= all || privileges.contains("SELECT");
            } else if (on.equals("performance_schema.*")) {
                performanceSchema |= all || privileges.contains("SELECT");
            }
        }
        if (roles) {
            notes.add("Some privileges come through roles and are not counted here");
        }
        List<String> out = new ArrayList<>();
        if (process) {
            out.add("PROCESS");
        }
        if (reload) {
            out.add("RELOAD");
        }
        if (performanceSchema) {
            out.add("SELECT on performance_schema");
        }
        return out;
    }

    /** Median of {@value #PINGS} {@code SELECT 1}, each one round trip. */
    private static long medianRoundTrip(Connection connection) throws SQLException {
        long[] nanos = new long[PINGS];
        try (Statement s = connection.createStatement()) {
            for (int i = 0; i < PINGS; i++) {
                long start = System.nanoTime();
                try (ResultSet rs = s.executeQuery("SELECT 1")) {
                    rs.next();
                }
                nanos[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        return Math.round(nanos[PINGS / 2] / 1_000_000.0);
    }

    /** MariaDB reports itself as "5.5.5-10.11.6-MariaDB-0+deb12u1" in the handshake, "10.11.6-MariaDB..." in VERSION(). */
    static boolean isMariaDb(String version) {
        return version != null && version.toLowerCase(Locale.ROOT).contains("mariadb");
    }

    /** "10.11.6" from "5.5.5-10.11.6-MariaDB-0+deb12u1", "8.0.39" from "8.0.39-0ubuntu0". */
    static String versionNumber(String version) {
        String text = version == null ? "" : version.strip();
        if (text.startsWith("5.5.5-")) {
            text = text.substring("5.5.5-".length()); // the MariaDB replication-compatibility prefix
        }
        Matcher m = VERSION_NUMBER.matcher(text);
        return m.find() ? m.group() : text;
    }

    private static int[] versionParts(String version) {
        Matcher m = VERSION_NUMBER.matcher(version);
        if (!m.find()) {
            return new int[] {0, 0};
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    private static int compare(int[] parts, int major, int minor) {
        return parts[0] != major ? Integer.compare(parts[0], major) : Integer.compare(parts[1], minor);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String sql(Dialect dialect) {
        String path = "sql/" + dialect.id() + "/connection_test.sql";
        try (InputStream in = ConnectionTester.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing SQL resource " + path);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
