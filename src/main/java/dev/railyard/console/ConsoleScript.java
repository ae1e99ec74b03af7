package dev.railyard.console;

import dev.railyard.backup.script.MysqlStatement;
import dev.railyard.backup.script.MysqlStatementReader;
import dev.railyard.backup.script.MysqlVersion;
import dev.railyard.backup.script.PsqlScriptReader;
import dev.railyard.backup.script.ScriptItem;
import dev.railyard.db.Dialect;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A console script split into statements by the same readers the restores use, so quoting,
 * dollar quotes, comments and MySQL's DELIMITER are understood exactly as psql and mysql do.
 */
public final class ConsoleScript {

    /** One statement and the script line it starts on. */
    public record Statement(String text, int line) {
    }

    /**
     * A statement and where it stands in the script: {@code start} at its first character,
     * {@code end} after its last (its terminator not included).
     */
    public record Located(Statement statement, int start, int end) {
    }

    /** Statements larger than this are refused by the MySQL reader (a console script, not a dump). */
    private static final long MAX_STATEMENT_BYTES = 64L << 20;

    private ConsoleScript() {
    }

    /**
     * The statements of {@code script}, in order.
     *
     * @param mysql the server's version (executable comments depend on it); ignored for PostgreSQL
     * @throws IllegalArgumentException for what the console cannot run: psql meta-commands, COPY FROM stdin
     */
    public static List<Statement> split(String script, Dialect dialect, MysqlVersion mysql) {
        byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
        List<Statement> statements = new ArrayList<>();
        try {
            if (dialect == Dialect.POSTGRESQL) {
                PsqlScriptReader reader = new PsqlScriptReader(new ByteArrayInputStream(bytes));
                for (ScriptItem item = reader.next(); item != null; item = reader.next()) {
                    if (item instanceof ScriptItem.Meta meta) {
                        throw new IllegalArgumentException("psql meta-commands are not run by the console: \\"
                                + meta.command() + " at line " + meta.line());
                    }
                    ScriptItem.Sql sql = (ScriptItem.Sql) item;
                    if (sql.copyFromStdin()) {
                        throw new IllegalArgumentException("COPY ... FROM stdin at line " + sql.line()
                                + " needs data the console does not read; use railyard backup restore or psql");
                    }
                    if (!sql.text().isBlank()) {
                        statements.add(new Statement(sql.text(), sql.line()));
                    }
                }
            } else {
                try (MysqlStatementReader reader = new MysqlStatementReader(new ByteArrayInputStream(bytes),
                        mysql == null ? MysqlVersion.parse("8.0.0") : mysql, MAX_STATEMENT_BYTES)) {
                    for (MysqlStatement s = reader.next(); s != null; s = reader.next()) {
                        // The reader keeps one char per byte; the console speaks UTF-8.
                        String text = new String(s.text().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                        if (!text.isBlank()) {
                            statements.add(new Statement(text.strip(), s.line()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            // Only syntax errors come from an in-memory stream: an unterminated quote or comment.
            throw new IllegalArgumentException("The script cannot be split into statements: " + e.getMessage(), e);
        }
        return statements;
    }

    /**
     * The statements of {@code script} with their places in it, for an editor that runs the
     * statement under the caret and marks where one failed.
     */
    public static List<Located> locate(String script, Dialect dialect, MysqlVersion mysql) {
        List<Located> located = new ArrayList<>();
        int from = 0;
        for (Statement statement : split(script, dialect, mysql)) {
            String text = statement.text().strip();
            int lineStart = Math.max(from, offsetOfLine(script, statement.line()));
            int start = script.indexOf(text, lineStart);
            if (start < 0) {
                // The reader changed the text (a DELIMITER, an executable comment): the line is the best place.
                start = lineStart;
            }
            int end = Math.min(script.length(), start + text.length());
            located.add(new Located(new Statement(text, statement.line()), start, end));
            from = end;
        }
        return located;
    }

    /** The offset of the first character of the 1-based {@code line}; the script's length past its end. */
    public static int offsetOfLine(String script, int line) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int newline = script.indexOf('\n', offset);
            if (newline < 0) {
                return script.length();
            }
            offset = newline + 1;
        }
        return offset;
    }
}
