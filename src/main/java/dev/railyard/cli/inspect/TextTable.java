package dev.railyard.cli.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Columns padded to their widest cell; numbers right-aligned. For terminal output only. */
final class TextTable {

    private final String[] header;
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = header;
        this.rightAligned = new boolean[header.length];
    }

    TextTable right(int... columns) {
        for (int c : columns) {
            rightAligned[c] = true;
        }
        return this;
    }

    void add(String... cells) {
        String[] safe = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = dev.railyard.cli.TerminalText.cell(cells[i]);
        }
        rows.add(safe);
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(Consumer<String> out) {
        int[] widths = new int[header.length];
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (String[] r : all) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], cell(r, i).length());
            }
        }
        for (String[] r : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < header.length; i++) {
                String value = cell(r, i);
                boolean last = i == header.length - 1;
                if (rightAligned[i]) {
                    line.append(String.format(Locale.ROOT, "%" + widths[i] + "s", value));
                } else {
                    line.append(last ? value : String.format(Locale.ROOT, "%-" + widths[i] + "s", value));
                }
                if (!last) {
                    line.append("  ");
                }
            }
            out.accept(line.toString().stripTrailing());
        }
    }

    private static String cell(String[] row, int i) {
        return i < row.length && row[i] != null ? row[i] : "";
    }

    /** One line, at most {@code max} characters: for query texts. */
    static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    static String millis(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%,.0f", ms) : String.format(Locale.ROOT, "%.2f", ms);
    }
}
