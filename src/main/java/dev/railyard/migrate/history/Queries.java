package dev.railyard.migrate.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Builds and runs the one SELECT a reader needs, over the columns the table really has. */
final class Queries {

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Queries() {
    }

    /** SELECT the wanted columns that exist, ORDER BY the order columns that exist. */
    static String select(DetectedTable table, List<String> wanted, List<String> orderBy) {
        String columns = wanted.stream().filter(table::has).map(table::quoted).collect(Collectors.joining(", "));
        String order = orderBy.stream().filter(table::has).map(table::quoted).collect(Collectors.joining(", "));
        return "SELECT " + (columns.isEmpty() ? "*" : columns) + " FROM " + table.quotedName()
                + (order.isEmpty() ? "" : " ORDER BY " + order);
    }

    static <T> List<T> list(Connection connection, String sql, RowMapper<T> mapper) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
        }
        return rows;
    }
}
