package dev.railyard.cli.sql;

import dev.railyard.console.RowSink;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/** Writes rows as they arrive, flushing at least every quarter second so a pipe sees them early. */
abstract class ResultPrinter implements RowSink {

    private static final long FLUSH_NANOS = 250_000_000L;

    protected final Writer out;
    private long lastFlush = System.nanoTime();

    ResultPrinter(Writer out) {
        this.out = out;
    }

    void maybeFlush() throws IOException {
        long now = System.nanoTime();
        if (now - lastFlush > FLUSH_NANOS) {
            out.flush();
            lastFlush = now;
        }
    }

    /** "INSERT 3 rows", "CREATE TABLE": what a statement without rows did. */
    static String summary(String statement, long count) {
        String[] words = statement.strip().split("\\s+", 3);
        String verb = words[0].toUpperCase(Locale.ROOT);
        if (words.length > 1 && (verb.equals("CREATE") || verb.equals("DROP") || verb.equals("ALTER"))) {
            verb += " " + words[1].toUpperCase(Locale.ROOT);
        }
        return count < 0 ? verb : verb + " " + count + (count == 1 ? " row" : " rows");
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
