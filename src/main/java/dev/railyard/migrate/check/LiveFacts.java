package dev.railyard.migrate.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.railyard.db.Dialect;
import dev.railyard.db.SqlResources;
import dev.railyard.home.Json;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live side of the check, read in one round trip ({@code sql/postgres/migration-check.sql}):
 * each named table's size, rows, columns, validated CHECKs, integer key and lock holders, and the
 * long transactions of the database.
 *
 * @param tables           by the name as the migration wrote it
 * @param longTransactions transactions open longer than the threshold
 */
public record LiveFacts(Map<String, TableFacts> tables, List<LockHolder> longTransactions) {

    public LiveFacts {
        tables = Map.copyOf(tables);
        longTransactions = List.copyOf(longTransactions);
    }

    /** Reads the facts of {@code names} on an auto-commit PostgreSQL connection. */
    public static LiveFacts read(Connection connection, Collection<String> names, Duration longTransaction) throws SQLException {
        Map<String, TableFacts> tables = new LinkedHashMap<>();
        List<LockHolder> longTransactions = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(SqlResources.load(Dialect.POSTGRESQL, "migration-check"))) {
            Array array = connection.createArrayOf("text", names.toArray(String[]::new));
            st.setArray(1, array);
            st.setLong(2, Math.max(0, longTransaction.toSeconds()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString("name");
                    if (name == null) {
                        longTransactions.addAll(holders(json(rs.getString("long_transactions"))));
                        continue;
                    }
                    String qualified = rs.getString("qualified");
                    if (qualified == null) {
                        tables.put(name, TableFacts.missing(name));
                        continue;
                    }
                    long tuples = rs.getLong("reltuples");
                    Long rows = rs.wasNull() || tuples < 0 ? null : tuples;
                    Map<String, String> columns = new LinkedHashMap<>();
                    json(rs.getString("columns")).fields().forEachRemaining(e -> columns.put(e.getKey(), e.getValue().asText()));
                    List<String> notNull = new ArrayList<>();
                    json(rs.getString("checks")).forEach(column -> notNull.add(column.asText()));
                    JsonNode pk = json(rs.getString("pk"));
                    KeyUsage key = pk.isMissingNode() || pk.isNull() ? null : new KeyUsage(pk.path("column").asText(),
                            pk.path("type").asText(), pk.path("sequence").asText(),
                            pk.path("last_value").isNumber() ? pk.path("last_value").asLong() : null);
                    tables.put(name, new TableFacts(name, qualified, rs.getLong("heap_bytes"), rs.getLong("total_bytes"),
                            rows, columns, notNull, key, holders(json(rs.getString("holders")))));
                }
            }
            array.free();
        }
        return new LiveFacts(tables, longTransactions);
    }

    public TableFacts of(String name) {
        return name == null ? null : tables.getOrDefault(name, TableFacts.missing(name));
    }

    private static List<LockHolder> holders(JsonNode list) {
        List<LockHolder> holders = new ArrayList<>();
        for (JsonNode h : list) {
            holders.add(new LockHolder(h.path("pid").asInt(), PgLock.parse(h.path("mode").isNull() ? null : h.path("mode").asText()),
                    h.path("granted").asBoolean(true), text(h, "state"), time(h, "xact_start"), time(h, "query_start"),
                    h.path("xact_seconds").asLong(), text(h, "query"), text(h, "application"), text(h, "user"),
                    text(h, "backend_type"), h.path("wraparound").asBoolean(false)));
        }
        return holders;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private static Instant time(JsonNode node, String field) {
        String text = text(node, field);
        return text == null ? null : OffsetDateTime.parse(text).toInstant();
    }

    private static JsonNode json(String text) throws SQLException {
        if (text == null) {
            return Json.mapper().missingNode();
        }
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new SQLException("Unexpected JSON from the migration check query: " + e.getMessage(), e);
        }
    }
}
