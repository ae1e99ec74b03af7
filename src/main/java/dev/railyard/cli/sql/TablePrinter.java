package dev.railyard.cli.sql;

import dev.railyard.cli.TerminalText;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table that streams: the first {@value #SAMPLE} rows set the column widths, then
 * every row is printed as it arrives (a longer value later widens its own line only).
 */
final class TablePrinter extends ResultPrinter {

    static final int SAMPLE = 200;
    private static final String NULL = "NULL";

    private List<String> header = List.of();
    private final List<String[]> sample = new ArrayList<>();
    private int[] widths;
    private boolean[] numeric;

    TablePrinter(Writer out) {
        super(out);
    }

    @Override
    public void columns(List<String> names) {
        header = names.stream().map(TerminalText::cell).toList();
        sample.clear();
        widths = null;
        numeric = new boolean[names.size()];
    }

    @Override
    public void row(Object[] values) throws IOException {
        String[] cells = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            cells[i] = values[i] == null ? NULL : TerminalText.cell(values[i].toString());
            numeric[i] |= values[i] instanceof Number;
        }
        if (widths == null) {
            sample.add(cells);
            if (sample.size() >= SAMPLE) {
                printSample();
            }
            return;
        }
        line(cells);
        maybeFlush();
    }

    private void printSample() throws IOException {
        widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
        }
        for (String[] row : sample) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        line(header.toArray(String[]::new));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.write(rule.toString());
        out.write('\n');
        for (String[] row : sample) {
            line(row);
        }
        sample.clear();
        out.flush();
    }

    private void line(String[] cells) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i];
            int pad = Math.max(0, widths[i] - cell.length());
            line.append(i == 0 ? "" : " | ");
            if (numeric[i]) {
                line.append(" ".repeat(pad)).append(cell);
            } else {
                line.append(cell);
                if (i < cells.length - 1) {
                    line.append(" ".repeat(pad));
                }
            }
        }
        out.write(line.toString().stripTrailing());
        out.write('\n');
    }

    @Override
    public void endOfRows(long rows) throws IOException {
        if (widths == null) {
            printSample();
        }
        out.write("(" + rows + (rows == 1 ? " row)" : " rows)") + "\n\n");
        out.flush();
    }

    @Override
    public void updated(String statement, long count) throws IOException {
        out.write(summary(statement, count) + "\n");
        out.flush();
    }
}
