package dev.railyard.inspect;

import static dev.railyard.inspect.ResultRows.epochSeconds;
import static dev.railyard.inspect.ResultRows.instant;
import static dev.railyard.inspect.ResultRows.intOrNull;
import static dev.railyard.inspect.ResultRows.longOrNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.railyard.db.Dialect;
import dev.railyard.db.Identifiers;
import dev.railyard.db.SqlResources;
import dev.railyard.home.Json;
import dev.railyard.task.Sizes;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The Overview: the state of a server and database at a glance, from one statement, with findings
 * in plain words. Rates need two readings: see {@link OverviewTracker}.
 */
public final class Overview {

    /**
     * When a reading earns a finding.
     *
     * @param connectionsShare   warn when used connections reach this share of the available ones
     * @param cacheHitRatio      warn below this hit ratio...
     * @param cacheMinBlocks     ...once at least this many blocks were requested
     * @param longTransaction    warn when another session's transaction is open this long
     * @param deadRowShare       warn when dead rows reach this share of a table...
     * @param deadRowsMin        ...and are at least this many
     */
    public record Thresholds(double connectionsShare, double cacheHitRatio, long cacheMinBlocks, Duration longTransaction,
                             double deadRowShare, long deadRowsMin) {
        public static Thresholds defaults() {
            return new Thresholds(0.8, 0.95, 10_000, Duration.ofMinutes(5), 0.2, 1_000);
        }
    }

    private static final ObjectMapper JSON = Json.mapper();

    private final Dialect dialect;
    private final Thresholds thresholds;

    public Overview(Dialect dialect) {
        this(dialect, Thresholds.defaults());
    }

    public Overview(Dialect dialect, Thresholds thresholds) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    public OverviewSnapshot read(Connection connection) throws SQLException {
        boolean mariaDb = dialect == Dialect.MYSQL && InspectSession.isMariaDb(connection);
        String name = mariaDb ? "overview_mariadb" : "overview";
        try {
            return read(connection, name, mariaDb, false);
        } catch (SQLException e) {
            if (dialect != Dialect.MYSQL || !MysqlGrants.denied(e)) {
                throw e;
            }
            // An application user without PROCESS: what every user may read, and the grant for the rest.
            return read(connection, name + "_limited", mariaDb, true);
        }
    }

    private OverviewSnapshot read(Connection connection, String name, boolean mariaDb, boolean limited) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqlResources.load(dialect, name));
             ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("The overview query returned no row");
            }
            return dialect == Dialect.POSTGRESQL ? readPostgres(rs) : readMysql(rs, mariaDb, limited);
        }
    }

    // ---- PostgreSQL

    private OverviewSnapshot readPostgres(ResultSet rs) throws SQLException {
        Instant serverTime = instant(rs, "server_time");
        List<OverviewSnapshot.Extension> extensions = new ArrayList<>();
        for (JsonNode e : json(rs.getString("extensions"))) {
            extensions.add(new OverviewSnapshot.Extension(e.path("name").asText(), e.path("version").asText()));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        json(rs.getString("settings")).fields().forEachRemaining(f -> settings.put(f.getKey(), f.getValue().asText()));
        List<String> inactiveSlots = new ArrayList<>();
        json(rs.getString("inactive_slots")).forEach(s -> inactiveSlots.add(s.path("name").asText()));
        OverviewSnapshot.LongTransaction longest = null;
        Long longestPid = longOrNull(rs, "longest_pid");
        if (longestPid != null) {
            longest = new OverviewSnapshot.LongTransaction(longestPid, rs.getString("longest_user"),
                    rs.getString("longest_application"), rs.getString("longest_state"), instant(rs, "longest_start"),
                    rs.getLong("longest_ms"), rs.getString("longest_query"));
        }
        OverviewSnapshot.Replication replication = new OverviewSnapshot.Replication(rs.getBoolean("in_recovery"),
                rs.getLong("replicas"), longOrNull(rs, "replay_lag_ms"), inactiveSlots, false);
        String createdPgss = extensions.stream().filter(e -> e.name().equals("pg_stat_statements"))
                .map(OverviewSnapshot.Extension::version).findFirst().orElse(null);
        PgStatStatementsState pgss = new PgStatStatementsState(rs.getString("preload"), createdPgss, null,
                rs.getString("pgss_available_version"));

        int used = rs.getInt("connections_used");
        int max = rs.getInt("max_connections");
        int reserved = rs.getInt("reserved_connections");
        Double heapRatio = ratio(longOrNull(rs, "heap_hit"), longOrNull(rs, "heap_read"));
        Double indexRatio = ratio(longOrNull(rs, "index_hit"), longOrNull(rs, "index_read"));

        List<Finding> findings = new ArrayList<>();
        QueryStatsStatus pgssProblem = pgss.problem();
        if (pgssProblem != null) {
            findings.add(new Finding(pgss.knownNotPreloaded() ? FindingKind.PG_STAT_STATEMENTS_NOT_PRELOADED
                    : FindingKind.PG_STAT_STATEMENTS_NOT_CREATED, Severity.WARNING, "pg_stat_statements",
                    pgssProblem.message() + " The Queries view needs it.", pgssProblem.fix()));
        }
        invalidIndexes(json(rs.getString("invalid_indexes")), findings);
        deadRows(json(rs.getString("dead_rows")), serverTime, findings);
        connections(used, max - reserved, "max_connections " + max + (reserved > 0 ? ", " + reserved + " reserved" : ""),
                findings);
        cache("Tables", heapRatio, sum(longOrNull(rs, "heap_hit"), longOrNull(rs, "heap_read")), findings);
        cache("Indexes", indexRatio, sum(longOrNull(rs, "index_hit"), longOrNull(rs, "index_read")), findings);
        longTransaction(longest, findings);
        for (String slot : inactiveSlots) {
            findings.add(new Finding(FindingKind.INACTIVE_REPLICATION_SLOT, Severity.WARNING, slot,
                    "Replication slot " + slot + " is inactive: the server keeps all WAL it has not consumed, "
                            + "and the disk fills up if no one ever does.",
                    "-- only if no replica or CDC tool will use it again:\nSELECT pg_drop_replication_slot('"
                            + slot.replace("'", "''") + "');"));
        }
        findings.sort(Comparator.comparing(Finding::severity).reversed());

        return new OverviewSnapshot(dialect, rs.getString("server_version"), false, serverTime, instant(rs, "started_at"),
                rs.getString("database_name"), longOrNull(rs, "database_bytes"), used, intOrNull(rs, "connections_active"),
                max, reserved, heapRatio, indexRatio, longOrNull(rs, "transactions"), null, instant(rs, "stats_reset"),
                longest, replication, extensions, settings, findings);
    }

    private void invalidIndexes(JsonNode list, List<Finding> findings) {
        if (list.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>();
        StringBuilder fix = new StringBuilder();
        for (JsonNode index : list) {
            String schema = index.path("schema").asText();
            String name = index.path("name").asText();
            names.add(schema + "." + name);
            fix.append("REINDEX INDEX CONCURRENTLY ").append(Identifiers.qualified(dialect, schema, name)).append(";\n");
        }
        int n = names.size();
        findings.add(new Finding(FindingKind.INVALID_INDEXES, Severity.CRITICAL, String.join(", ", names),
                n + (n == 1 ? " invalid index: " : " invalid indexes: ") + String.join(", ", names)
                        + ". Writes maintain them but no query can use them (a failed CREATE INDEX CONCURRENTLY?).",
                fix.toString().strip()));
    }

    private void deadRows(JsonNode tables, Instant serverTime, List<Finding> findings) {
        for (JsonNode t : tables) {
            long dead = t.path("dead").asLong();
            long live = t.path("live").asLong();
            double share = dead + live == 0 ? 0 : dead / (double) (dead + live);
            if (dead < thresholds.deadRowsMin() || share < thresholds.deadRowShare()) {
                continue;
            }
            String schema = t.path("schema").asText();
            String name = t.path("name").asText();
            Instant lastAuto = timestamp(t.path("lastAutovacuum"));
            Instant lastManual = timestamp(t.path("lastVacuum"));
            String vacuum;
            if (lastAuto == null && lastManual == null) {
                vacuum = "never vacuumed";
            } else if (lastAuto != null && (lastManual == null || lastAuto.isAfter(lastManual))) {
                vacuum = "last autovacuum " + ago(lastAuto, serverTime);
            } else {
                vacuum = "last vacuum " + ago(lastManual, serverTime);
            }
            findings.add(new Finding(FindingKind.DEAD_ROWS, share >= 0.5 ? Severity.WARNING : Severity.INFO,
                    schema + "." + name,
                    name + " has " + Math.round(share * 100) + "% dead rows (" + dead + " of " + (dead + live) + "), " + vacuum + ".",
                    "VACUUM (ANALYZE) " + Identifiers.qualified(dialect, schema, name) + ";"));
        }
    }

    // ---- MySQL

    private OverviewSnapshot readMysql(ResultSet rs, boolean mariaDb, boolean limited) throws SQLException {
        Instant serverTime = epochSeconds(rs, "server_time");
        Long uptime = longOrNull(rs, "uptime_seconds");
        Instant started = uptime == null || serverTime == null ? null : serverTime.minusSeconds(uptime);
        OverviewSnapshot.LongTransaction longest = null;
        Long longestId = longOrNull(rs, "longest_id");
        if (longestId != null) {
            longest = new OverviewSnapshot.LongTransaction(longestId, rs.getString("longest_user"), null,
                    rs.getString("longest_state"), epochSeconds(rs, "longest_start"), rs.getLong("longest_ms"),
                    rs.getString("longest_query"));
        }
        // Without PROCESS the replication threads are out of sight: unknown, not "no replica".
        OverviewSnapshot.Replication replication = limited ? null : new OverviewSnapshot.Replication(
                rs.getBoolean("replica_running"), rs.getLong("replicas"), null, List.of(), rs.getBoolean("read_only"));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("version", rs.getString("server_version"));
        settings.put("innodb_buffer_pool_size", Sizes.human(rs.getLong("innodb_buffer_pool_size")));
        settings.put("max_connections", rs.getString("max_connections"));
        boolean performanceSchema = rs.getBoolean("performance_schema");
        settings.put("performance_schema", performanceSchema ? "ON" : "OFF");
        boolean slowLog = rs.getBoolean("slow_query_log");
        settings.put("slow_query_log", slowLog ? "ON" : "OFF");
        String logOutput = rs.getString("log_output");
        settings.put("log_output", logOutput);
        double longQueryTime = rs.getDouble("long_query_time");
        settings.put("long_query_time", rs.getString("long_query_time"));
        settings.put("sql_mode", rs.getString("sql_mode"));
        String timeZone = rs.getString("time_zone");
        settings.put("time_zone", "SYSTEM".equalsIgnoreCase(timeZone) ? "SYSTEM (" + rs.getString("system_time_zone") + ")" : timeZone);

        int used = rs.getInt("connections_used");
        int max = rs.getInt("max_connections");
        Long requests = longOrNull(rs, "buffer_pool_read_requests");
        Long diskReads = longOrNull(rs, "buffer_pool_reads");
        Double hitRatio = requests == null || diskReads == null || requests == 0
                ? null : Math.max(0, 1 - diskReads / (double) requests);

        List<Finding> findings = new ArrayList<>();
        if (!performanceSchema) {
            QueryStatsStatus queries = SlowQueries.mysqlStatus(false, logOutput, slowLog, longQueryTime, 0);
            if (queries.available()) {
                findings.add(new Finding(FindingKind.PERFORMANCE_SCHEMA_OFF, Severity.INFO, "performance_schema",
                        "performance_schema is off, so the Queries view reads the slow query log (mysql.slow_log) instead.",
                        queries.fix()));
            } else {
                findings.add(new Finding(FindingKind.SLOW_LOG_OFF, Severity.WARNING, "performance_schema",
                        "performance_schema is off and the slow query log does not write to a table, so there are no "
                                + "query statistics. " + queries.note(), queries.fix()));
            }
        }
        if (limited) {
            List<String> grants = List.of(MysqlGrants.PROCESS);
            findings.add(new Finding(FindingKind.LIMITED_PRIVILEGES, Severity.INFO, rs.getString("grantee"),
                    "Overview " + MysqlGrants.needs(grants) + ": without PROCESS this user sees neither other sessions' "
                            + "transactions nor the replication threads, so the longest open transaction and replication "
                            + "are not shown.", MysqlGrants.statements(grants, rs.getString("grantee"))));
        }
        connections(used, max, "max_connections " + max, findings);
        cache("The InnoDB buffer pool", hitRatio, requests, findings);
        longTransaction(longest, findings);
        findings.sort(Comparator.comparing(Finding::severity).reversed());

        return new OverviewSnapshot(dialect, rs.getString("server_version"), mariaDb, serverTime, started,
                rs.getString("database_name"), longOrNull(rs, "database_bytes"), used, intOrNull(rs, "connections_active"),
                max, 0, hitRatio, null, longOrNull(rs, "transactions"), longOrNull(rs, "statements"), null, longest,
                replication, List.of(), settings, findings);
    }

    // ---- findings shared by both dialects

    private void connections(int used, int available, String detail, List<Finding> findings) {
        if (available <= 0 || used < thresholds.connectionsShare() * available) {
            return;
        }
        double share = used / (double) available;
        findings.add(new Finding(FindingKind.CONNECTIONS_NEAR_MAX, share >= 0.95 ? Severity.CRITICAL : Severity.WARNING, "",
                used + " of " + available + " available connections are in use (" + detail + "); new clients will "
                        + "soon be refused. A pooler or smaller application pools leave room.", null));
    }

    private void cache(String what, Double ratio, Long blocks, List<Finding> findings) {
        if (ratio == null || blocks == null || blocks < thresholds.cacheMinBlocks() || ratio >= thresholds.cacheHitRatio()) {
            return;
        }
        findings.add(new Finding(FindingKind.LOW_CACHE_HIT_RATIO, Severity.WARNING, "",
                what + " hit the cache only " + String.format(Locale.ROOT, "%.1f%%", ratio * 100)
                        + " of the time: the working set may not fit in memory.", null));
    }

    private void longTransaction(OverviewSnapshot.LongTransaction longest, List<Finding> findings) {
        if (longest == null || longest.millis() < thresholds.longTransaction().toMillis()) {
            return;
        }
        boolean idle = longest.state() != null && longest.state().startsWith("idle in transaction");
        String who = (dialect == Dialect.POSTGRESQL ? "Session " : "Connection ") + longest.sessionId()
                + (longest.user() == null ? "" : " (" + longest.user()
                + (longest.application() == null || longest.application().isBlank() ? "" : ", " + longest.application()) + ")");
        String fix = dialect == Dialect.POSTGRESQL
                ? "-- ends the session and rolls back its transaction:\nSELECT pg_terminate_backend(" + longest.sessionId() + ");"
                : "-- ends the connection and rolls back its transaction:\nKILL CONNECTION " + longest.sessionId() + ";";
        findings.add(new Finding(idle ? FindingKind.IDLE_IN_TRANSACTION : FindingKind.LONG_TRANSACTION, Severity.WARNING,
                Long.toString(longest.sessionId()),
                who + " has had a transaction open for " + Sizes.duration(Duration.ofMillis(longest.millis()))
                        + (idle ? " while idle" : "") + "; it holds locks and keeps old row versions from being cleaned up.",
                fix));
    }

    // ---- helpers

    private static JsonNode json(String text) {
        if (text == null || text.isBlank()) {
            return JSON.createArrayNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("Unexpected JSON from the server: " + text, e);
        }
    }

    private static Instant timestamp(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : OffsetDateTime.parse(node.asText()).toInstant();
    }

    private static String ago(Instant when, Instant now) {
        Duration age = Duration.between(when, now == null ? Instant.now() : now);
        long days = age.toDays();
        if (days >= 2) {
            return days + " days ago";
        }
        return Sizes.duration(age) + " ago";
    }

    private static Double ratio(Long hit, Long read) {
        if (hit == null || read == null || hit + read == 0) {
            return null;
        }
        return hit / (double) (hit + read);
    }

    private static Long sum(Long a, Long b) {
        return a == null || b == null ? null : a + b;
    }
}
