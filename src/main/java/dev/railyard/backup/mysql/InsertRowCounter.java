package dev.railyard.backup.mysql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the rows of each table in a MySQL dump as it streams by, so a backup made by
 * mysqldump / mariadb-dump reports the rows it wrote (not information_schema's TABLE_ROWS
 * estimate, which MySQL 8+ caches and shows as 0 for freshly loaded tables).
 *
 * <p>A row is a top-level parenthesis after {@code VALUES} in an {@code INSERT INTO `name`} statement
 * that starts a line; quoted strings (with backslash escapes) and quoted names are skipped. Lines
 * between {@code DELIMITER} changes (trigger, routine and event bodies) are never data. Memory is
 * bounded: only the start of a line is kept while deciding what it is.
 */
final class InsertRowCounter {

    /** Rows and bytes of INSERT text counted for one table. */
    record Count(long rows, long bytes) { }

    private static final byte[] INSERT = "INSERT INTO `".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DELIMITER = "DELIMITER ".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_PREFIX = 4096;

    private enum Mode { LINE_START, SKIP_LINE, INSERT }

    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private final ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    private Mode mode = Mode.LINE_START;
    private boolean inDelimiterBlock;

    // State of the INSERT being read.
    private long[] current;
    private char quote; // 0, '\'', '"' or '`'
    private boolean escaped;
    private int depth;
    private boolean afterValues;
    private int keyword; // how many letters of "VALUES" were just seen at depth 0

    void feed(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            switch (mode) {
                case LINE_START -> lineStart(c);
                case SKIP_LINE -> {
                    if (c == '\n') {
                        mode = Mode.LINE_START;
                    }
                }
                case INSERT -> insert(c);
            }
        }
    }

    /** Rows and bytes per table, in the order the tables first appeared. */
    Map<String, Count> counts() {
        Map<String, Count> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k, new Count(v[0], v[1])));
        return out;
    }

    private void lineStart(byte c) {
        if (c == '\n') {
            endOfShortLine();
            return;
        }
        prefix.write(c);
        byte[] p = prefix.toByteArray();
        if (inDelimiterBlock) {
            if (!startsLike(p, DELIMITER) || p.length > MAX_PREFIX) {
                skipLine();
            }
            return;
        }
        if (startsLike(p, DELIMITER) && p.length <= DELIMITER.length + 8) {
            return; // may be a DELIMITER line: decided at its end
        }
        if (!startsLike(p, INSERT) || p.length > MAX_PREFIX) {
            skipLine();
            return;
        }
        if (p.length > INSERT.length + 1 && c != '`' && nameClosedBefore(p)) {
            String name = new String(p, INSERT.length, p.length - INSERT.length - 2, StandardCharsets.UTF_8).replace("``", "`");
            current = counts.computeIfAbsent(name, k -> new long[2]);
            current[1] += p.length - 1;
            quote = 0;
            escaped = false;
            depth = 0;
            afterValues = false;
            keyword = 0;
            mode = Mode.INSERT;
            prefix.reset();
            insert(c);
        }
    }

    private void endOfShortLine() {
        String line = prefix.toString(StandardCharsets.UTF_8).strip();
        prefix.reset();
        if (line.startsWith("DELIMITER ")) {
            inDelimiterBlock = !line.substring("DELIMITER ".length()).strip().equals(";");
        }
        mode = Mode.LINE_START;
    }

    private void skipLine() {
        prefix.reset();
        mode = Mode.SKIP_LINE;
    }

    private void insert(byte c) {
        current[1]++;
        if (quote != 0) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\' && quote != '`') {
                escaped = true;
            } else if (c == quote) {
                quote = 0; // a doubled quote closes and opens again: same outcome
            }
            return;
        }
        switch (c) {
            case '\'', '"', '`' -> quote = (char) c;
            case '(' -> {
                if (depth++ == 0 && afterValues) {
                    current[0]++;
                }
            }
            case ')' -> depth = Math.max(0, depth - 1);
            case ';' -> {
                if (depth == 0) {
                    mode = Mode.SKIP_LINE; // the statement's end; the rest of the line is not data
                }
            }
            default -> {
                if (depth == 0 && !afterValues) {
                    char upper = (char) Character.toUpperCase(c);
                    keyword = upper == "VALUES".charAt(keyword) ? keyword + 1 : upper == 'V' ? 1 : 0;
                    if (keyword == 6) {
                        afterValues = true;
                    }
                }
            }
        }
    }

    private static boolean startsLike(byte[] p, byte[] what) {
        int n = Math.min(p.length, what.length);
        for (int i = 0; i < n; i++) {
            if (p[i] != what[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the quoted name ended right before the last byte (not a backtick): the run of backticks
     * before it is odd, since inside the name a backtick is written twice.
     */
    private static boolean nameClosedBefore(byte[] p) {
        int run = 0;
        for (int i = p.length - 2; i >= INSERT.length && p[i] == '`'; i--) {
            run++;
        }
        return run % 2 == 1;
    }
}
