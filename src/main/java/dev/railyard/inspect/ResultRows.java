package dev.railyard.inspect;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Null-aware column readers shared by the inspect services (JDBC's getLong turns NULL into 0). */
public final class ResultRows {

    private ResultRows() {
    }

    public static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Double doubleOrNull(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /** A PostgreSQL timestamptz column. */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Epoch seconds (MySQL's UNIX_TIMESTAMP(), which converts from the session time zone on the server). */
    static Instant epochSeconds(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        if (rs.wasNull() || value <= 0) {
            return null;
        }
        return Instant.ofEpochMilli(Math.round(value * 1000));
    }
}
