package dev.railyard.backup.mysql;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Everything a dump needs to know about one database, read before the first row is streamed
 * (a streaming result set blocks its connection). DDL comes from {@code SHOW CREATE ...}, sent in
 * batches of statements per round trip: Railway's proxy adds tens of milliseconds to each.
 *
 * <p>DDL texts are kept "raw": one char per byte of the server's UTF-8 reply, so they are written
 * back byte for byte (a binary default value in a CREATE TABLE survives).
 */
final class MysqlCatalog {

    /**
     * How a column's values are written. FLOAT is read as a DOUBLE (exact) because the server's text
     * for a FLOAT keeps six digits only; UNKNOWN is a type this engine does not know how to write
     * faithfully, and a backup of its rows is refused rather than written as a guess.
     */
    enum ValueKind { NUMBER, FLOAT, STRING, BINARY, BIT, SPATIAL, UNKNOWN }

    record Column(String name, String dataType, String columnType, ValueKind kind, boolean generated, boolean rowPeriod) {
        /** Written in INSERTs: generated and system-versioning columns are computed by the server. */
        boolean inserted() {
            return !generated && !rowPeriod;
        }
    }

    record Table(String name, String type, String engine, long rowsEstimate, long dataLength, long avgRowLength,
                 List<Column> columns) {
        boolean isView() {
            return type.equalsIgnoreCase("VIEW");
        }

        boolean isSequence() {
            return type.equalsIgnoreCase("SEQUENCE");
        }

        boolean isSystemVersioned() {
            return type.equalsIgnoreCase("SYSTEM VERSIONED");
        }

        List<Column> insertedColumns() {
            return columns.stream().filter(Column::inserted).toList();
        }
    }

    /**
     * A trigger, routine, event or view as SHOW CREATE gives it, with the settings it was created under.
     *
     * @param statement raw CREATE statement
     */
    record Definition(String kind, String name, String table, String sqlMode, String timeZone, String statement,
                      String charsetClient, String collationConnection, String databaseCollation) { }

    private static final Pattern GENERATED = Pattern.compile("\\b(VIRTUAL|STORED|PERSISTENT)\\b");
    private static final int BATCH = 100;

    final String database;
    final String charset;
    final String collation;
    final List<Table> tables = new ArrayList<>();
    final Map<String, String> tableDdl = new HashMap<>();
    final Map<String, List<Definition>> triggers = new LinkedHashMap<>();
    final List<Definition> views = new ArrayList<>();
    final List<Definition> routines = new ArrayList<>();
    final List<Definition> events = new ArrayList<>();
    final Map<String, String> sequenceNext = new HashMap<>();
    final List<String> warnings = new ArrayList<>();

    private MysqlCatalog(String database, String charset, String collation) {
        this.database = database;
        this.charset = charset;
        this.collation = collation;
    }

    /**
     * Reads the catalog.
     *
     * @param include     which tables and views to include (by name)
     * @param definitions whether DDL, triggers, routines and events are needed (false for data only)
     */
    static MysqlCatalog read(Connection c, String database, Predicate<String> include, boolean definitions)
            throws SQLException {
        MysqlCatalog catalog = database(c, database);
        catalog.readTables(c, include);
        if (definitions) {
            catalog.readTableDefinitions(c, include);
            catalog.readRoutinesAndEvents(c);
        } else {
            catalog.readSequenceValues(c);
        }
        return catalog;
    }

    /**
     * The tables, views and sequences {@code include} names, with their DDL and triggers: what a
     * dump writes for them, without the database's routines and events.
     */
    static MysqlCatalog readForTables(Connection c, String database, Predicate<String> include) throws SQLException {
        MysqlCatalog catalog = database(c, database);
        catalog.readTables(c, include);
        catalog.readTableDefinitions(c, include);
        return catalog;
    }

    private static MysqlCatalog database(Connection c, String database) throws SQLException {
        MysqlCatalog catalog;
        try (PreparedStatement ps = c.prepareStatement(MysqlQueries.load("backup-database"))) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("Database " + database + " does not exist or is not visible to this user",
                            "42000", 1049);
                }
                catalog = new MysqlCatalog(database, rs.getString(1), rs.getString(2));
            }
        }
        return catalog;
    }

    private void readTables(Connection c, Predicate<String> include) throws SQLException {
        Map<String, List<Column>> columns = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(MysqlQueries.load("backup-columns"))) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String extra = String.valueOf(rs.getString("EXTRA")).toUpperCase(Locale.ROOT);
                    String dataType = rs.getString("DATA_TYPE").toLowerCase(Locale.ROOT);
                    String charsetName = rs.getString("CHARACTER_SET_NAME");
                    boolean generated = GENERATED.matcher(extra).find() && !extra.contains("DEFAULT_GENERATED");
                    boolean rowPeriod = extra.contains("ROW START") || extra.contains("ROW END");
                    columns.computeIfAbsent(rs.getString("TABLE_NAME"), k -> new ArrayList<>())
                            .add(new Column(rs.getString("COLUMN_NAME"), dataType, rs.getString("COLUMN_TYPE"),
                                    kindOf(dataType, charsetName), generated, rowPeriod));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(MysqlQueries.load("backup-tables"))) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME");
                    if (!include.test(name)) {
                        continue;
                    }
                    tables.add(new Table(name, rs.getString("TABLE_TYPE"), String.valueOf(rs.getString("ENGINE")),
                            rs.getLong("TABLE_ROWS"), rs.getLong("DATA_LENGTH"), rs.getLong("AVG_ROW_LENGTH"),
                            List.copyOf(columns.getOrDefault(name, List.of()))));
                }
            }
        }
    }

    /**
     * How values of a column type are written: every binary-like type (binary strings, BLOBs, VECTOR,
     * spatial types, any column in the binary character set) as a hex literal, BIT as {@code b'...'},
     * numbers as the server wrote them (FLOAT through a DOUBLE), text-like types as quoted strings.
     * A type not listed here is UNKNOWN: never silently a quoted string.
     */
    static ValueKind kindOf(String dataType, String charsetName) {
        if ("binary".equalsIgnoreCase(charsetName)) {
            return ValueKind.BINARY;
        }
        return switch (dataType) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "double",
                 "real", "double precision", "year" -> ValueKind.NUMBER;
            case "float" -> ValueKind.FLOAT;
            case "bit" -> ValueKind.BIT;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "vector" -> ValueKind.BINARY;
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection", "geomcollection" -> ValueKind.SPATIAL;
            // Text, and types whose text form the server reads back exactly (MariaDB's JSON is LONGTEXT).
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "json", "date",
                 "datetime", "timestamp", "time", "uuid", "inet4", "inet6" -> ValueKind.STRING;
            default -> ValueKind.UNKNOWN;
        };
    }

    private void readTableDefinitions(Connection c, Predicate<String> include) throws SQLException {
        // Tables, sequences and views.
        List<String> shows = new ArrayList<>();
        List<Table> order = new ArrayList<>();
        for (Table t : tables) {
            String show = t.isView() ? "SHOW CREATE VIEW " : t.isSequence() ? "SHOW CREATE SEQUENCE " : "SHOW CREATE TABLE ";
            shows.add(show + MysqlNames.quote(t.name()));
            order.add(t);
        }
        List<Map<String, String>> rows = showBatch(c, shows);
        List<Definition> unsortedViews = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Table t = order.get(i);
            Map<String, String> row = rows.get(i);
            if (row == null) {
                continue;
            }
            if (t.isView()) {
                String ddl = row.get("Create View");
                if (ddl == null) {
                    warnings.add("View " + t.name() + " skipped: SHOW CREATE VIEW gave no definition (missing privilege?)");
                    continue;
                }
                unsortedViews.add(new Definition("VIEW", t.name(), null, null, null, ddl,
                        row.get("character_set_client"), row.get("collation_connection"), null));
            } else {
                String ddl = row.get("Create Table");
                if (ddl == null) {
                    warnings.add("Table " + t.name() + " skipped: SHOW CREATE TABLE gave no definition");
                    continue;
                }
                tableDdl.put(t.name(), ddl);
            }
        }
        views.addAll(sortViews(unsortedViews));
        readSequenceValues(c);

        // Triggers, in firing order per table.
        List<String[]> triggerNames = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(MysqlQueries.load("backup-triggers"))) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (include.test(rs.getString(2))) {
                        triggerNames.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
        }
        shows.clear();
        triggerNames.forEach(n -> shows.add("SHOW CREATE TRIGGER " + MysqlNames.quote(n[0])));
        rows = showBatch(c, shows);
        for (int i = 0; i < triggerNames.size(); i++) {
            Map<String, String> row = rows.get(i);
            String[] n = triggerNames.get(i);
            if (row == null || row.get("SQL Original Statement") == null) {
                warnings.add("Trigger " + n[0] + " on " + n[1] + " skipped: SHOW CREATE TRIGGER gave no definition");
                continue;
            }
            triggers.computeIfAbsent(n[1], k -> new ArrayList<>()).add(new Definition("TRIGGER", n[0], n[1],
                    row.get("sql_mode"), null, row.get("SQL Original Statement"), row.get("character_set_client"),
                    row.get("collation_connection"), row.get("Database Collation")));
        }
    }

    private void readRoutinesAndEvents(Connection c) throws SQLException {
        List<String> shows = new ArrayList<>();
        List<Map<String, String>> rows;
        // Procedures and functions.
        List<String[]> routineNames = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(MysqlQueries.load("backup-routines"))) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2).toUpperCase(Locale.ROOT);
                    if (type.equals("PROCEDURE") || type.equals("FUNCTION")) {
                        routineNames.add(new String[] {rs.getString(1), type});
                    } else {
                        warnings.add(type + " " + rs.getString(1) + " skipped: the built-in engine dumps procedures and functions only");
                    }
                }
            }
        }
        shows.clear();
        routineNames.forEach(n -> shows.add("SHOW CREATE " + n[1] + " " + MysqlNames.quote(n[0])));
        rows = showBatch(c, shows);
        for (int i = 0; i < routineNames.size(); i++) {
            Map<String, String> row = rows.get(i);
            String[] n = routineNames.get(i);
            String label = n[1].equals("PROCEDURE") ? "Create Procedure" : "Create Function";
            if (row == null || row.get(label) == null) {
                warnings.add(n[1].toLowerCase(Locale.ROOT) + " " + n[0] + " skipped: SHOW CREATE " + n[1]
                        + " gave no definition (the user needs SHOW_ROUTINE or SELECT on mysql.proc / ownership)");
                continue;
            }
            routines.add(new Definition(n[1], n[0], null, row.get("sql_mode"), null, row.get(label),
                    row.get("character_set_client"), row.get("collation_connection"), row.get("Database Collation")));
        }

        // Events.
        List<String> eventNames = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(MysqlQueries.load("backup-events"))) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    eventNames.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            warnings.add("Events skipped: " + e.getMessage());
        }
        shows.clear();
        eventNames.forEach(n -> shows.add("SHOW CREATE EVENT " + MysqlNames.quote(n)));
        rows = showBatch(c, shows);
        for (int i = 0; i < eventNames.size(); i++) {
            Map<String, String> row = rows.get(i);
            if (row == null || row.get("Create Event") == null) {
                warnings.add("Event " + eventNames.get(i) + " skipped: SHOW CREATE EVENT gave no definition (EVENT privilege?)");
                continue;
            }
            events.add(new Definition("EVENT", eventNames.get(i), null, row.get("sql_mode"), row.get("time_zone"),
                    row.get("Create Event"), row.get("character_set_client"), row.get("collation_connection"),
                    row.get("Database Collation")));
        }
    }

    private void readSequenceValues(Connection c) throws SQLException {
        List<String> selects = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Table t : tables) {
            if (t.isSequence()) {
                names.add(t.name());
                selects.add("SELECT next_not_cached_value FROM " + MysqlNames.quote(t.name()));
            }
        }
        List<Map<String, String>> rows = showBatch(c, selects);
        for (int i = 0; i < names.size(); i++) {
            Map<String, String> row = rows.get(i);
            if (row != null && row.get("next_not_cached_value") != null) {
                sequenceNext.put(names.get(i), row.get("next_not_cached_value"));
            }
        }
    }

    /**
     * Runs single-row statements in batches and returns each one's row (column label -> raw text),
     * or null for a statement that failed; a failure is retried alone so one bad object does not
     * hide the others, and becomes a warning.
     */
    private List<Map<String, String>> showBatch(Connection c, List<String> statements) throws SQLException {
        List<Map<String, String>> out = new ArrayList<>();
        int i = 0;
        while (i < statements.size()) {
            int end = Math.min(statements.size(), i + BATCH);
            int done;
            try {
                done = runBatch(c, statements.subList(i, end), out);
            } catch (SQLException e) {
                if (lost(e)) {
                    throw e;
                }
                done = 0;
            }
            i += done;
            if (i < end) {
                // statements.get(i) failed: run it alone to report it, then go on after it.
                try {
                    runBatch(c, List.of(statements.get(i)), out);
                } catch (SQLException e) {
                    if (lost(e)) {
                        throw e;
                    }
                    warnings.add(readable(statements.get(i)) + " failed: " + e.getMessage());
                    out.add(null);
                }
                i++;
            }
        }
        return out;
    }

    /** Returns how many statements produced their row; stops at the first failure. */
    private static int runBatch(Connection c, List<String> batch, List<Map<String, String>> out) throws SQLException {
        if (batch.isEmpty()) {
            return 0;
        }
        int done = 0;
        try (Statement s = c.createStatement()) {
            boolean isResult = s.execute(String.join(";\n", batch));
            while (true) {
                if (isResult) {
                    try (ResultSet rs = s.getResultSet()) {
                        out.add(rs.next() ? rawRow(rs) : null);
                    }
                    done++;
                } else if (s.getUpdateCount() == -1) {
                    break;
                }
                isResult = s.getMoreResults();
            }
        } catch (SQLException e) {
            if (batch.size() == 1 || done >= batch.size() || lost(e)) {
                throw e;
            }
            return done;
        }
        return done;
    }

    static boolean lost(SQLException e) {
        String state = e.getSQLState();
        return (state != null && state.startsWith("08")) || e instanceof java.sql.SQLNonTransientConnectionException;
    }

    private static Map<String, String> rawRow(ResultSet rs) throws SQLException {
        Map<String, String> row = new HashMap<>();
        int n = rs.getMetaData().getColumnCount();
        for (int i = 1; i <= n; i++) {
            byte[] value = rs.getBytes(i);
            row.put(rs.getMetaData().getColumnLabel(i), value == null ? null : new String(value, StandardCharsets.ISO_8859_1));
        }
        return row;
    }

    private static String readable(String raw) {
        return new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /**
     * Views in an order where each comes after the views it reads. Dependencies are found by the
     * quoted names in SHOW CREATE VIEW (which quotes every identifier); a false match only costs order.
     */
    static List<Definition> sortViews(List<Definition> views) {
        Map<String, Definition> byName = new LinkedHashMap<>();
        views.forEach(v -> byName.put(v.name(), v));
        Map<String, Set<String>> dependsOn = new HashMap<>();
        for (Definition v : views) {
            Set<String> deps = new LinkedHashSet<>();
            String body = asDefinedText(v.statement());
            for (Definition other : views) {
                if (other != v && body.contains(MysqlNames.quote(rawName(other.name())))) {
                    deps.add(other.name());
                }
            }
            dependsOn.put(v.name(), deps);
        }
        List<Definition> sorted = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        TreeSet<String> remaining = new TreeSet<>(byName.keySet());
        while (!remaining.isEmpty()) {
            String next = null;
            for (String name : remaining) {
                if (placed.containsAll(dependsOn.get(name))) {
                    next = name;
                    break;
                }
            }
            if (next == null) {
                next = remaining.first(); // only a false match can make a cycle: fall back to name order
            }
            remaining.remove(next);
            placed.add(next);
            sorted.add(byName.get(next));
        }
        return sorted;
    }

    /** The part after " AS ": a view does not depend on itself through its own name. */
    private static String asDefinedText(String statement) {
        int as = statement.indexOf(" AS ");
        return as < 0 ? statement : statement.substring(as);
    }

    /** A name as it appears in raw DDL (UTF-8 bytes one char each). */
    static String rawName(String name) {
        return new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
