package dev.railyard.console;

import java.io.IOException;
import java.util.List;

/**
 * Where a console statement's results go, as they arrive: nothing is held in memory but the row
 * being passed on. Values are {@link String}, {@link Number}, {@link Boolean} or null (binary
 * values as hexadecimal text, "\x0a1b").
 */
public interface RowSink {

    /** A statement of the script starts (before its results, if any). */
    default void statementStarted(ConsoleScript.Statement statement) throws IOException {
    }

    /** A result set begins. */
    void columns(List<String> names) throws IOException;

    void row(Object[] values) throws IOException;

    /** The result set ended after {@code rows} rows. */
    void endOfRows(long rows) throws IOException;

    /** A statement without rows changed {@code count} rows (-1: unknown, such as DDL). */
    void updated(String statement, long count) throws IOException;
}
