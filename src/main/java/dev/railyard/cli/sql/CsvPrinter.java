package dev.railyard.cli.sql;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.util.List;

/**
 * RFC 4180: fields separated by commas, records by CRLF, a field quoted when it holds a comma, a
 * quote, CR or LF (quotes doubled); NULL is an empty field. Each result set starts with its header.
 */
final class CsvPrinter extends ResultPrinter {

    private final PrintStream status;

    CsvPrinter(Writer out, PrintStream status) {
        super(out);
        this.status = status;
    }

    @Override
    public void columns(List<String> names) throws IOException {
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            field(names.get(i));
        }
        out.write("\r\n");
    }

    @Override
    public void row(Object[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            field(text(values[i]));
        }
        out.write("\r\n");
        maybeFlush();
    }

    private void field(String value) throws IOException {
        if (value == null) {
            return;
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\r') >= 0
                || value.indexOf('\n') >= 0;
        if (!quote) {
            out.write(value);
            return;
        }
        out.write('"');
        out.write(value.replace("\"", "\"\""));
        out.write('"');
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
