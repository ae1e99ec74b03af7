package dev.railyard.cli;

import java.util.ArrayList;
import java.util.List;

/** Rows printed in aligned columns, the last column left ragged. */
public final class TextTable {

    private final List<String[]> rows = new ArrayList<>();

    public TextTable(String... header) {
        rows.add(header);
    }

    public TextTable add(String... row) {
        String[] safe = new String[row.length];
        for (int i = 0; i < row.length; i++) {
            safe[i] = TerminalText.cell(row[i]);
        }
        rows.add(safe);
        return this;
    }

    public void printTo(CliContext context) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i] == null ? 0 : row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = row[i] == null ? "" : row[i];
                line.append(i == columns - 1 ? cell : String.format("%-" + widths[i] + "s  ", cell));
            }
            context.println(line.toString().stripTrailing());
        }
    }
}
