package dev.railyard.backup.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the data of a database looks like: per table the row count and md5 of its ordered rows; per
 * sequence its state; the large objects by oid and md5.
 */
final class Fingerprints {

    private Fingerprints() {
    }

    static Map<String, String> of(Connection connection) throws SQLException {
        Map<String, String> result = new TreeMap<>();
        List<String> tables = new ArrayList<>();
        List<String> sequences = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT c.oid::regclass::text, c.relkind FROM pg_class c "
                     + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'm', 'S') "
                     + "AND (c.relkind <> 'm' OR c.relispopulated) AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                     + "AND n.nspname NOT LIKE 'pg\\_toast%' ORDER BY 1")) {
            while (rs.next()) {
                (rs.getString(2).equals("S") ? sequences : tables).add(rs.getString(1));
            }
        }
        try (Statement s = connection.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) FROM ONLY "
                        + table + " x")) {
                    rs.next();
                    result.put(table, rs.getLong(1) + " rows, md5 " + rs.getString(2));
                }
            }
            // Large objects by oid (columns point at them by oid), with the md5 of their bytes.
            try (ResultSet rs = s.executeQuery("SELECT count(*), md5(coalesce(string_agg(oid::text || ':' "
                    + "|| md5(lo_get(oid)), ',' ORDER BY oid), '')) FROM pg_largeobject_metadata")) {
                rs.next();
                result.put("large objects", rs.getLong(1) + " objects, md5 " + rs.getString(2));
            }
            for (String sequence : sequences) {
                try (ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM " + sequence)) {
                    rs.next();
                    result.put(sequence, "sequence at " + rs.getLong(1) + (rs.getBoolean(2) ? ", called" : ", not called"));
                }
            }
        }
        return result;
    }

    /** Rows of the table itself (not of its children). */
    static long rows(Connection connection, String schema, String table) throws SQLException {
        String name = "\"" + schema.replace("\"", "\"\"") + "\".\"" + table.replace("\"", "\"\"") + "\"";
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM ONLY " + name)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
