package dev.railyard.migrate.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How MySQL 8/9 (and MariaDB 10.4+) would run an ALTER TABLE or OPTIMIZE TABLE, by the online-DDL
 * rules of their manuals: INSTANT (metadata only), INPLACE (with or without rebuilding the table;
 * writes go on) or COPY (the table is copied row by row and writes wait for the whole copy). A
 * statement takes the algorithm of its slowest clause. Every DDL also needs an exclusive metadata
 * lock for a moment at its start and end, which is why a long transaction on the table matters
 * whatever the algorithm. Pure: the caller gives the current column types.
 */
public final class MysqlOnlineDdl {

    /** Slowest last, so {@link #slowest} can compare. */
    public enum Algorithm { INSTANT, INPLACE, COPY }

    /**
     * @param algorithm   the algorithm the server picks when the statement names none
     * @param rebuilds    true when the table is written anew (INPLACE with rebuild, COPY)
     * @param blocksWrites true when writes to the table wait for the whole statement (COPY, or a lock it needs)
     * @param reasons     per clause, why
     * @param foreignKey  true when it adds a foreign key (COPY unless foreign_key_checks is off)
     */
    public record Judgement(Algorithm algorithm, boolean rebuilds, boolean blocksWrites, List<String> reasons,
                            boolean foreignKey) {
        public Judgement {
            reasons = List.copyOf(reasons);
        }
    }

    private static final Pattern ALTER = Pattern.compile("(?is)^\\s*ALTER\\s+(?:ONLINE\\s+|IGNORE\\s+)*TABLE\\s+(\\S+)\\s+(.*?);?\\s*$");
    private static final Pattern OPTIMIZE = Pattern.compile("(?is)^\\s*OPTIMIZE\\s+(?:NO_WRITE_TO_BINLOG\\s+|LOCAL\\s+)?TABLE\\s+(\\S+).*");
    private static final Pattern MODIFY = Pattern.compile("(?is)^MODIFY\\s+(?:COLUMN\\s+)?(\\S+)\\s+(.*)$");
    private static final Pattern CHANGE = Pattern.compile("(?is)^CHANGE\\s+(?:COLUMN\\s+)?(\\S+)\\s+(\\S+)\\s+(.*)$");
    private static final Pattern TYPE = Pattern.compile("(?is)^((?:[a-z]+)(?:\\s*\\([^)]*\\))?(?:\\s+unsigned)?)(.*)$");

    private MysqlOnlineDdl() {
    }

    /** The current columns of {@code table} in the connection's database, as {@link #judge} takes them. */
    public static Map<String, String> columnTypes(java.sql.Connection connection, String table) throws java.sql.SQLException {
        Map<String, String> types = new java.util.LinkedHashMap<>();
        try (java.sql.PreparedStatement st = connection.prepareStatement(
                dev.railyard.db.SqlResources.load(dev.railyard.db.Dialect.MYSQL, "online-ddl-columns"))) {
            st.setString(1, table);
            try (java.sql.ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }

    /** The table an ALTER TABLE or OPTIMIZE TABLE works on (unquoted), or null for other statements. */
    public static String table(String sql) {
        Matcher m = ALTER.matcher(sql);
        if (m.matches()) {
            return unquote(m.group(1));
        }
        m = OPTIMIZE.matcher(sql);
        return m.matches() ? unquote(m.group(1)) : null;
    }

    /**
     * @param columnTypes the table's columns now: lower-case name to {@code COLUMN_TYPE} ("varchar(20)",
     *                    "enum('a','b')") with " not null" appended when the column is NOT NULL
     * @param mariaDb     true for MariaDB, whose instant rules differ a little
     * @return null when the statement is neither ALTER TABLE nor OPTIMIZE TABLE
     */
    public static Judgement judge(String sql, Map<String, String> columnTypes, boolean mariaDb) {
        if (OPTIMIZE.matcher(sql).matches()) {
            return new Judgement(Algorithm.INPLACE, true, false,
                    List.of("OPTIMIZE TABLE on InnoDB rebuilds the whole table (ALTER TABLE ... FORCE) and analyzes it"), false);
        }
        Matcher m = ALTER.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        Algorithm worst = Algorithm.INSTANT;
        boolean rebuilds = false;
        boolean blocksWrites = false;
        boolean foreignKey = false;
        List<String> reasons = new ArrayList<>();
        for (String clause : clauses(m.group(2))) {
            String c = clause.strip();
            String u = c.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            Algorithm a;
            boolean rebuild = false;
            boolean block = false;
            String why;
            if (u.startsWith("ALGORITHM") || u.startsWith("LOCK")) {
                continue;
            } else if (u.matches("ADD (CONSTRAINT \\S+ )?FOREIGN KEY.*") || u.matches("ADD CONSTRAINT \\S+ FOREIGN KEY.*")) {
                a = Algorithm.COPY;
                rebuild = true;
                block = true;
                foreignKey = true;
                why = "adding a foreign key copies the table unless foreign_key_checks is off (then INPLACE)";
            } else if (u.matches("ADD (CONSTRAINT \\S+ )?PRIMARY KEY.*")) {
                a = Algorithm.INPLACE;
                rebuild = true;
                why = "adding a primary key rebuilds the table (INPLACE)";
            } else if (u.matches("ADD (UNIQUE |FULLTEXT |SPATIAL )?(INDEX|KEY)\\b.*") || u.matches("ADD UNIQUE\\b.*")
                    || u.matches("ADD CONSTRAINT \\S+ UNIQUE\\b.*")) {
                a = Algorithm.INPLACE;
                boolean special = u.contains("FULLTEXT") || u.contains("SPATIAL");
                block = special;
                why = special ? "a FULLTEXT or SPATIAL index is built INPLACE but blocks writes while it builds"
                        : "an index is built INPLACE without rebuilding the table; writes go on";
            } else if (u.startsWith("DROP PRIMARY KEY")) {
                a = Algorithm.COPY;
                rebuild = true;
                block = true;
                why = "dropping the primary key without adding another copies the table";
            } else if (u.matches("DROP (INDEX|KEY|FOREIGN KEY|CONSTRAINT|CHECK)\\b.*") || u.startsWith("RENAME INDEX")
                    || u.startsWith("RENAME KEY")) {
                a = Algorithm.INPLACE;
                why = "dropping or renaming an index or constraint changes metadata only";
            } else if (u.startsWith("CONVERT TO") || u.matches("(DEFAULT )?(CHARACTER SET|CHARSET|COLLATE)\\b.*")) {
                a = u.startsWith("CONVERT") ? Algorithm.COPY : Algorithm.INSTANT;
                rebuild = a == Algorithm.COPY;
                block = rebuild;
                why = a == Algorithm.COPY ? "converting the table's character set copies it"
                        : "the table's default character set applies to new columns only";
            } else if (u.startsWith("ENGINE") || u.startsWith("FORCE") || u.startsWith("ROW_FORMAT")) {
                a = Algorithm.INPLACE;
                rebuild = true;
                why = "rebuilds the table (INPLACE)";
            } else if (u.matches("ALTER (COLUMN )?\\S+ (SET DEFAULT|DROP DEFAULT).*") || u.matches("RENAME (COLUMN )?\\S+ TO .*")
                    || u.matches("RENAME (TO|AS) .*")) {
                a = Algorithm.INSTANT;
                why = "changes metadata only";
            } else if (u.startsWith("ADD ")) {
                boolean stored = u.contains(" STORED") || u.contains(" AUTO_INCREMENT");
                a = stored ? Algorithm.COPY : Algorithm.INSTANT;
                rebuild = stored;
                block = stored;
                why = stored ? "a STORED generated or AUTO_INCREMENT column fills every row (copies the table)"
                        : "adding a column is INSTANT (MySQL 8.0.29+, MariaDB 10.4+)";
            } else if (u.startsWith("DROP ")) {
                a = Algorithm.INSTANT;
                why = "dropping a column is INSTANT (MySQL 8.0.29+, MariaDB 10.4+); the app must not use it any more";
            } else if (u.startsWith("MODIFY ") || u.startsWith("CHANGE ")) {
                ColumnChange change = columnChange(c, columnTypes, mariaDb);
                a = change.algorithm;
                rebuild = change.rebuild;
                block = a == Algorithm.COPY;
                why = change.why;
            } else {
                a = Algorithm.COPY;
                rebuild = true;
                block = true;
                why = "not recognised: assumed to copy the table";
            }
            worst = slowest(worst, a);
            rebuilds |= rebuild;
            blocksWrites |= block;
            reasons.add(oneLine(c) + ": " + a + (rebuild && a != Algorithm.COPY ? " with a rebuild" : "") + " — " + why);
        }
        return new Judgement(worst, rebuilds, blocksWrites, reasons, foreignKey);
    }

    private record ColumnChange(Algorithm algorithm, boolean rebuild, String why) {
    }

    private static ColumnChange columnChange(String clause, Map<String, String> columnTypes, boolean mariaDb) {
        String column;
        String definition;
        Matcher m = MODIFY.matcher(clause);
        if (m.matches()) {
            column = unquote(m.group(1));
            definition = m.group(2);
        } else {
            m = CHANGE.matcher(clause);
            if (!m.matches()) {
                return new ColumnChange(Algorithm.COPY, true, "not recognised: assumed to copy the table");
            }
            column = unquote(m.group(1));
            definition = m.group(3);
        }
        String current = columnTypes.get(column.toLowerCase(Locale.ROOT));
        if (current == null) {
            return new ColumnChange(Algorithm.COPY, true, "column " + column + " was not found: assumed to copy the table");
        }
        boolean wasNotNull = current.endsWith(" not null");
        String oldType = normalType(wasNotNull ? current.substring(0, current.length() - " not null".length()) : current);
        Matcher t = TYPE.matcher(definition.strip());
        if (!t.matches()) {
            return new ColumnChange(Algorithm.COPY, true, "the new definition was not understood: assumed to copy the table");
        }
        String newType = normalType(t.group(1));
        String rest = t.group(2).toUpperCase(Locale.ROOT);
        boolean notNull = rest.matches(".*\\bNOT NULL\\b.*");
        if (rest.matches(".*\\b(CHARACTER SET|CHARSET|COLLATE)\\b.*")) {
            return new ColumnChange(Algorithm.COPY, true, "changing a column's character set or collation copies the table");
        }
        if (newType.equals(oldType)) {
            if (notNull != wasNotNull) {
                return new ColumnChange(Algorithm.INPLACE, true, "making a column " + (notNull ? "NOT NULL" : "nullable")
                        + " rebuilds the table (INPLACE)");
            }
            return new ColumnChange(Algorithm.INSTANT, false, "same type: only the default or comment changes");
        }
        if (notNull != wasNotNull) {
            return new ColumnChange(Algorithm.COPY, true, "changing the type copies the table");
        }
        if ((oldType.startsWith("enum(") && newType.startsWith("enum(") || oldType.startsWith("set(") && newType.startsWith("set("))
                && newType.startsWith(oldType.substring(0, oldType.length() - 1) + ",")
                && members(newType) <= (oldType.startsWith("enum(") ? 255 : 8) == members(oldType) <= (oldType.startsWith("enum(") ? 255 : 8)) {
            return new ColumnChange(Algorithm.INSTANT, false, "members added at the end of an ENUM or SET change metadata only");
        }
        Matcher oldVarchar = Pattern.compile("varchar\\((\\d+)\\)").matcher(oldType);
        Matcher newVarchar = Pattern.compile("varchar\\((\\d+)\\)").matcher(newType);
        if (oldVarchar.matches() && newVarchar.matches()) {
            int from = Integer.parseInt(oldVarchar.group(1));
            int to = Integer.parseInt(newVarchar.group(1));
            // utf8mb4 needs up to 4 bytes a character; the length prefix grows from 1 to 2 bytes past 255 bytes.
            if (to >= from && (from * 4 <= 255) == (to * 4 <= 255)) {
                return mariaDb ? new ColumnChange(Algorithm.INSTANT, false, "widening a VARCHAR is INSTANT on MariaDB")
                        : new ColumnChange(Algorithm.INPLACE, false, "widening a VARCHAR within the same length prefix is INPLACE "
                        + "without a rebuild");
            }
            return new ColumnChange(Algorithm.COPY, true, to < from ? "shortening a VARCHAR copies the table"
                    : "widening a VARCHAR past 255 bytes (the length prefix grows) copies the table");
        }
        return new ColumnChange(Algorithm.COPY, true, "changing the type from " + oldType + " to " + newType + " copies the table");
    }

    private static int members(String type) {
        return type.split("','", -1).length;
    }

    private static String normalType(String type) {
        String t = type.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replace(" (", "(").replace(", ", ",").strip();
        // Display widths are gone in MySQL 8.0.19+: int(11) is int.
        return t.replaceAll("^(tinyint|smallint|mediumint|int|integer|bigint)\\(\\d+\\)", "$1").replace("integer", "int");
    }

    public static Algorithm slowest(Algorithm a, Algorithm b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The clauses of an ALTER TABLE, split at commas outside parentheses and quotes. */
    static List<String> clauses(String body) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '\'' || ch == '"' || ch == '`') {
                quote = ch;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                out.add(body.substring(start, i));
                start = i + 1;
            }
        }
        out.add(body.substring(start));
        return out.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String unquote(String name) {
        String last = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : name;
        return last.replace("`", "").replace("\"", "");
    }

    private static String oneLine(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= 60 ? flat : flat.substring(0, 57) + "...";
    }
}
