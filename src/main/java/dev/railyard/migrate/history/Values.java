package dev.railyard.migrate.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reading history values whatever type the tool chose. Times without a zone are taken as UTC:
 * that is what the tools write when they write a time themselves (Django, Knex on MySQL).
 */
final class Values {

    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    private Values() {
    }

    static String text(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        return value == null ? null : value.toString();
    }

    static Long number(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.toString().strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Boolean bool(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.longValue() != 0;
        }
        String s = value.toString().strip().toLowerCase(java.util.Locale.ROOT);
        return s.equals("t") || s.equals("true") || s.equals("1") || s.equals("y") || s.equals("yes");
    }

    /** A time column of any type: timestamptz, timestamp, datetime, date, epoch numbers, ISO text. */
    static Instant time(ResultSet rs, String column, String dataType) throws SQLException {
        String type = dataType == null ? "" : dataType;
        if (type.equals("timestamp with time zone")) {
            OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }
        if (type.equals("timestamp without time zone") || type.equals("datetime")) {
            LocalDateTime t = rs.getObject(column, LocalDateTime.class);
            return t == null ? null : t.toInstant(ZoneOffset.UTC);
        }
        if (type.equals("timestamp")) { // MySQL TIMESTAMP: stored as an instant, the driver keeps it
            Timestamp t = rs.getTimestamp(column);
            return t == null ? null : t.toInstant();
        }
        if (type.equals("date")) {
            LocalDate d = rs.getObject(column, LocalDate.class);
            return d == null ? null : d.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        Object value = rs.getObject(column);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return epoch(n.longValue());
        }
        return parse(value.toString());
    }

    /** Epoch seconds or milliseconds, told apart by size. */
    static Instant epoch(long value) {
        return value > 100_000_000_000L ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
    }

    /** ISO-ish text ("2024-05-01 10:00:00", "2024-05-01T10:00:00Z"); null when it is not a time. */
    static Instant parse(String text) {
        String s = text.strip().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /**
     * The time a version or file name starts with: 14 digits (20240501123000, Rails, Prisma,
     * Sequelize, golang-migrate's default) or 10 digits of epoch seconds; null otherwise.
     */
    static Instant fromVersion(String version) {
        if (version == null) {
            return null;
        }
        String digits = version.strip().replaceFirst("^(\\d+).*$", "$1");
        if (!digits.chars().allMatch(Character::isDigit) || digits.isEmpty()) {
            return null;
        }
        try {
            if (digits.length() == 14) {
                return LocalDateTime.parse(digits, COMPACT).toInstant(ZoneOffset.UTC);
            }
            if (digits.length() == 10) {
                return Instant.ofEpochSecond(Long.parseLong(digits));
            }
            if (digits.length() == 13) {
                return Instant.ofEpochMilli(Long.parseLong(digits));
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** The first line, at most 200 characters: logs make poor table cells. */
    static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        int newline = s.indexOf('\n');
        s = newline < 0 ? s : s.substring(0, newline).strip();
        return s.length() > 200 ? s.substring(0, 197) + "..." : s;
    }
}
