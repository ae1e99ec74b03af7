package dev.railyard.cli.sql;

import dev.railyard.console.Csv;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;

/** Rows as CSV ({@link Csv}: RFC 4180); each result set starts with its header. */
final class CsvPrinter extends ResultPrinter {

    private final PrintStream status;

    CsvPrinter(Writer out, PrintStream status) {
        super(out);
        this.status = status;
    }

    @Override
    public void columns(List<String> names) throws IOException {
        Csv.record(out, names);
    }

    @Override
    public void row(Object[] values) throws IOException {
        Csv.record(out, Arrays.asList(values));
        maybeFlush();
    }

    @Override
    public void endOfRows(long rows) throws IOException {
        out.flush();
        status.println("(" + rows + (rows == 1 ? " row)" : " rows)"));
    }

    @Override
    public void updated(String statement, long count) throws IOException {
        out.flush();
        status.println(summary(statement, count));
    }
}
