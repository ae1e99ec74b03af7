package dev.railyard.console;

import java.sql.SQLException;

/**
 * A statement the server refused or stopped, worded for the user: the server's message, where in
 * the script it failed when the server says, and a hint when Railyard knows one (a write on a
 * read-only production session). The script stopped there; its transaction was rolled back.
 */
public final class ConsoleSqlException extends Exception {

    private final String sqlState;
    private final int line;
    private final int column;
    private final String hint;
    private final boolean cancelled;
    private final boolean readOnlyRefusal;
    private final String serverMessage;

    /**
     * @param serverMessage what failed, without the place and the hint that {@code message} adds
     */
    ConsoleSqlException(String message, String serverMessage, SQLException cause, int line, int column, String hint,
                        boolean cancelled, boolean readOnlyRefusal) {
        super(message, cause);
        this.serverMessage = serverMessage;
        this.sqlState = cause == null ? null : cause.getSQLState();
        this.line = line;
        this.column = column;
        this.hint = hint;
        this.cancelled = cancelled;
        this.readOnlyRefusal = readOnlyRefusal;
    }

    /** What failed (the server's words), without the line and the hint: for a face that shows those itself. */
    public String serverMessage() {
        return serverMessage;
    }

    /** True when a read-only session's server refused a write. */
    public boolean readOnlyRefusal() {
        return readOnlyRefusal;
    }

    public String sqlState() {
        return sqlState;
    }

    /** The script line where it failed (1-based), 0 when unknown. */
    public int line() {
        return line;
    }

    /** The column on that line (1-based), 0 when the server gave no position. */
    public int column() {
        return column;
    }

    /** What to do about it, or null. */
    public String hint() {
        return hint;
    }

    /** True when the statement was stopped by {@link ConsoleSession#cancel()}. */
    public boolean cancelled() {
        return cancelled;
    }
}
