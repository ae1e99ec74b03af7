package dev.railyard.ui.console;

import dev.railyard.backup.mysql.MysqlNames;
import dev.railyard.backup.postgres.PgNames;
import dev.railyard.console.Csv;
import dev.railyard.db.Dialect;
import dev.railyard.db.Identifiers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Selected cells of a result as text for the clipboard: TSV (Ctrl+C), CSV, or INSERT statements. */
public final class ResultCopy {

    public enum Format { TSV, CSV, INSERT }

    /** The table a single-table SELECT reads: what the INSERT statements name. */
    private static final Pattern FROM = Pattern.compile("\\bFROM\\s+((?:\"[^\"]+\"|`[^`]+`|[\\w$]+)(?:\\.(?:\"[^\"]+\"|`[^`]+`|[\\w$]+))?)",
            Pattern.CASE_INSENSITIVE);

    private ResultCopy() {
    }

    /**
     * @param columns the chosen columns' names, in order
     * @param rows    each chosen row's values for those columns
     */
    public static String format(Format format, List<String> columns, List<Object[]> rows, String statement, Dialect dialect) {
        StringBuilder out = new StringBuilder();
        switch (format) {
            case TSV -> {
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        out.append(i == 0 ? "" : "\t").append(tsvField(row[i]));
                    }
                    out.append('\n');
                }
            }
            case CSV -> {
                try {
                    Csv.record(out, columns);
                    for (Object[] row : rows) {
                        Csv.record(out, Arrays.asList(row));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e); // a StringBuilder does not fail
                }
            }
            case INSERT -> {
                String table = table(statement);
                StringBuilder names = new StringBuilder();
                for (int i = 0; i < columns.size(); i++) {
                    names.append(i == 0 ? "" : ", ").append(Identifiers.quote(dialect, columns.get(i)));
                }
                for (Object[] row : rows) {
                    out.append("INSERT INTO ").append(table).append(" (").append(names).append(") VALUES (");
                    for (int i = 0; i < row.length; i++) {
                        out.append(i == 0 ? "" : ", ").append(literal(row[i], dialect));
                    }
                    out.append(");\n");
                }
            }
        }
        return out.toString();
    }

    /** The table named after FROM in the statement, as written; "table_name" when there is none. */
    static String table(String statement) {
        Matcher m = FROM.matcher(statement == null ? "" : statement);
        return m.find() ? m.group(1) : "table_name";
    }

    static String literal(Object value, Dialect dialect) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String text = value.toString();
        return dialect == Dialect.MYSQL ? MysqlNames.literal(text) : PgNames.literal(text);
    }

    /** Tabs and line breaks inside a value would split it: they become spaces. NULL is empty. */
    private static String tsvField(Object value) {
        return value == null ? "" : value.toString().replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
