package dev.railyard.console;

import dev.railyard.home.JsonLinesFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statements run in one profile's SQL console, in RAILYARD_HOME/console/PROFILE.jsonl (0600):
 * text, when, how long, how many rows. A password written into a statement ({@code PASSWORD
 * 'x'}, {@code IDENTIFIED BY 'x'}) is replaced by {@value #HIDDEN} before it is kept.
 */
public final class ConsoleHistory {

    /** What the console remembers of one run. */
    public record Entry(String statement, Instant at, long durationMillis, long rows, Outcome outcome) {
    }

    public enum Outcome { OK, FAILED, CANCELLED }

    public static final String HIDDEN = "'********'";
    /** Entries kept when the file is compacted. */
    static final int KEEP = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHistory.class);
    /** A quoted literal after PASSWORD, PASSWORD =, PASSWORD(, IDENTIFIED [WITH plugin] BY / AS. */
    private static final Pattern SECRET = Pattern.compile(
            "(\\bPASSWORD\\s*(?:=\\s*|\\(\\s*)?|\\bIDENTIFIED\\s+(?:WITH\\s+\\S+\\s+)?(?:BY|AS)\\s+(?:PASSWORD\\s+)?)"
                    + "(?:E?'(?:[^'\\\\]|''|\\\\.)*'|\"(?:[^\"\\\\]|\"\"|\\\\.)*\"|\\$([A-Za-z_]*)\\$.*?\\$\\2\\$)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final JsonLinesFile<Entry> file;
    private final List<Entry> entries = new ArrayList<>();

    /** Reads nothing yet: {@link #load()} does, off the UI thread. */
    public ConsoleHistory(Path file) {
        this.file = new JsonLinesFile<>(file, Entry.class);
    }

    /** Reads the file (entries added meanwhile are in it too); until then the history looks empty. */
    public synchronized ConsoleHistory load() {
        entries.clear();
        entries.addAll(file.read());
        return this;
    }

    /** Oldest first. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Entries whose statement contains {@code text} (any case), newest first; all when blank. */
    public synchronized List<Entry> search(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        List<Entry> found = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry entry = entries.get(i);
            if (wanted.isEmpty() || entry.statement().toLowerCase(Locale.ROOT).contains(wanted)) {
                found.add(entry);
            }
        }
        return found;
    }

    /** Keeps a run, its passwords hidden; a file that cannot be written is logged, the entry kept in memory. */
    public synchronized Entry add(String statement, Instant at, long durationMillis, long rows, Outcome outcome) {
        Entry entry = new Entry(hideSecrets(statement.strip()), at, durationMillis, rows, outcome);
        entries.add(entry);
        try {
            file.append(entry);
            if (entries.size() > KEEP * 2) {
                List<Entry> kept = new ArrayList<>(entries.subList(entries.size() - KEEP, entries.size()));
                entries.clear();
                entries.addAll(kept);
                file.rewrite(kept);
            }
        } catch (IOException e) {
            LOG.warn("Could not write the console history to {}", file.file(), e);
        }
        return entry;
    }

    /** {@code statement} with every password literal replaced by {@value #HIDDEN}. */
    public static String hideSecrets(String statement) {
        Matcher m = SECRET.matcher(statement);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + HIDDEN));
        }
        m.appendTail(out);
        return out.toString();
    }
}
