package dev.railyard.inspect.table;

import dev.railyard.db.Dialect;
import dev.railyard.db.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Reads the first rows of a table, filtered and sorted on the server. Names in the statement are
 * quoted identifiers; every value a user typed goes as a bind parameter, so a value is only ever
 * compared, never run. Read-only is the caller's session's business (an inspection session: the
 * server refuses writes), as is the statement timeout.
 */
public final class TableRowReader {

    /** A cell longer than this is cut: the grid shows values, it does not hold documents. */
    static final int MAX_CELL = 4_000;

    private final Dialect dialect;

    public TableRowReader(Dialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    public TableRows read(Connection connection, String schema, String table, RowRequest request) throws SQLException {
        String sql = statement(schema, table, request);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int parameter = 1;
            for (RowFilter filter : request.filters()) {
                if (!filter.operator().takesValue()) {
                    continue;
                }
                if (dialect == Dialect.POSTGRESQL && filter.operator() != FilterOperator.LIKE) {
                    // Sent untyped: the server reads the text as the column's type ('42' for an integer).
                    ps.setObject(parameter++, filter.value(), Types.OTHER);
                } else {
                    ps.setString(parameter++, filter.value());
                }
            }
            ps.setFetchSize(request.limit() + 1);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                int count = meta.getColumnCount();
                List<String> columns = new ArrayList<>(count);
                List<Boolean> numeric = new ArrayList<>(count);
                boolean[] binary = new boolean[count + 1];
                for (int i = 1; i <= count; i++) {
                    columns.add(meta.getColumnLabel(i));
                    numeric.add(isNumber(meta.getColumnType(i)));
                    binary[i] = dialect == Dialect.MYSQL && isBinary(meta.getColumnType(i));
                }
                List<List<String>> rows = new ArrayList<>();
                boolean more = false;
                while (rs.next()) {
                    if (rows.size() == request.limit()) {
                        more = true;
                        break;
                    }
                    List<String> row = new ArrayList<>(count);
                    for (int i = 1; i <= count; i++) {
                        row.add(binary[i] ? hex(rs.getBytes(i)) : cut(rs.getString(i)));
                    }
                    rows.add(row);
                }
                return new TableRows(columns, numeric, rows, more, sql);
            }
        }
    }

    /** The statement for a request: quoted names, ? for each value, one more row than asked to tell whether there are more. */
    String statement(String schema, String table, RowRequest request) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(Identifiers.qualified(dialect, schema, table));
        String joiner = " WHERE ";
        for (RowFilter filter : request.filters()) {
            String column = Identifiers.quote(dialect, filter.column());
            sql.append(joiner);
            joiner = " AND ";
            if (filter.operator() == FilterOperator.LIKE && dialect == Dialect.POSTGRESQL) {
                // LIKE is a text operator: a number or a date is matched by its text.
                sql.append("CAST(").append(column).append(" AS text) LIKE ?");
            } else if (filter.operator().takesValue()) {
                sql.append(column).append(' ').append(filter.operator().sql()).append(" ?");
            } else {
                sql.append(column).append(' ').append(filter.operator().sql());
            }
        }
        if (request.sortColumn() != null) {
            sql.append(" ORDER BY ").append(Identifiers.quote(dialect, request.sortColumn()))
                    .append(request.descending() ? " DESC" : " ASC");
        }
        return sql.append(" LIMIT ").append(request.limit() + 1).toString();
    }

    private static boolean isNumber(int type) {
        return switch (type) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT, Types.DOUBLE,
                 Types.NUMERIC, Types.DECIMAL -> true;
            default -> false;
        };
    }

    private static boolean isBinary(int type) {
        return type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY || type == Types.BLOB;
    }

    private static String hex(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        return cut("0x" + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, MAX_CELL / 2)));
    }

    private static String cut(String value) {
        return value == null || value.length() <= MAX_CELL ? value : value.substring(0, MAX_CELL) + "…";
    }
}
