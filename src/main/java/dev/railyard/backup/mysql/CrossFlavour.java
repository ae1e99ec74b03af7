package dev.railyard.backup.mysql;

import dev.railyard.backup.Manifest;
import dev.railyard.backup.script.MysqlStatement;
import dev.railyard.backup.script.MysqlStatementReader;
import dev.railyard.backup.script.MysqlVersion;
import dev.railyard.backup.script.ScriptFile;
import dev.railyard.backup.script.StatementRewrite;
import dev.railyard.task.JobContext;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A MySQL backup restored into the other flavour (MySQL into MariaDB or back): what in the file the
 * target server does not have, found before anything runs, and the mapping that makes it restorable
 * where one exists. The source comes from the manifest (or the dump's header), the target from its
 * connection; the file's statements (not its rows) are read once and compared with the collations
 * and sql_mode flags the target accepts:
 * <ul>
 * <li>collations: MySQL's {@code utf8mb4_0900_*} map to MariaDB's {@code utf8mb4_uca1400_*} where the
 *     server has them, else {@code utf8mb4_unicode_520_ci}; MariaDB's {@code uca1400} ones map back to
 *     MySQL's {@code 0900} ones;</li>
 * <li>sql_mode flags the target refuses (MySQL 8 removed {@code NO_AUTO_CREATE_USER} and others) are
 *     dropped from the {@code SET sql_mode} before triggers and routines;</li>
 * <li>MariaDB sequences have no MySQL counterpart: with the mapping they are skipped, and named.</li>
 * </ul>
 * Only statements that are not row data are rewritten: a value that happens to spell a collation stays.
 */
public final class CrossFlavour {

    /** The name of the option in the CLI (and the dialog's checkbox says the same). */
    public static final String OPTION = "--map-flavour";

    private static final Pattern COLLATION = Pattern.compile(
            "\\b(?:COLLATE|collation_connection|collation_database|collation_server)(\\s*=?\\s*'?)([A-Za-z0-9_]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SQL_MODE = Pattern.compile("\\bsql_mode(\\s*=\\s*)'([^']*)'", Pattern.CASE_INSENSITIVE);
    private static final Pattern SERVER_LINE = Pattern.compile("^-- Server(?: version)?:?\\s+(.+)$", Pattern.MULTILINE);
    private static final Pattern SEQUENCE_TABLE = Pattern.compile("\\)\\s*ENGINE\\s*=\\s*\\w+.*\\bSEQUENCE\\s*=\\s*1\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern BACKTICKED = Pattern.compile("`((?:[^`]|``)+)`");

    private CrossFlavour() {
    }

    /**
     * What a restore of the file into the target would meet.
     *
     * @param source      the backup's server, null when neither manifest nor header names it
     * @param target      the server restored into
     * @param collations  collations the file uses that the target lacks, with their replacement (null: none)
     * @param uses        how many statements name each of those collations
     * @param modes       sql_mode flags the file sets that the target refuses
     * @param sequences   MariaDB sequences the file creates, when the target has none (MySQL)
     */
    public record Plan(MysqlVersion source, MysqlVersion target, Map<String, String> collations, Map<String, Integer> uses,
                       Set<String> modes, List<String> sequences) {

        public Plan {
            collations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(collations));
            uses = Map.copyOf(uses);
            modes = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(modes));
            sequences = List.copyOf(sequences);
        }

        /** "MySQL 9.7.4 → MariaDB 10.11.19" */
        public String pair() {
            return (source == null ? "an unknown server" : source.display()) + " → " + target.display();
        }

        public boolean crossFlavour() {
            return source != null && source.mariaDb() != target.mariaDb();
        }

        /** True when the target would refuse part of the file. */
        public boolean wouldFail() {
            return !collations.isEmpty() || !modes.isEmpty() || !sequences.isEmpty();
        }

        /** What does not carry over as it is, one line each, with the mapping when there is one. */
        public List<String> differences() {
            List<String> lines = new ArrayList<>();
            collations.forEach((name, replacement) -> lines.add("collation " + name + " (" + uses.getOrDefault(name, 0)
                    + (uses.getOrDefault(name, 0) == 1 ? " statement" : " statements") + ") does not exist on "
                    + target.display() + (replacement == null ? "; no similar collation there"
                    : "; mapped to " + replacement + language(name))));
            if (!modes.isEmpty()) {
                lines.add("sql_mode " + String.join(", ", modes) + " " + (modes.size() == 1 ? "is" : "are") + " unknown to "
                        + target.display() + " (set for triggers and routines); mapped by leaving "
                        + (modes.size() == 1 ? "it" : "them") + " out");
            }
            if (!sequences.isEmpty()) {
                lines.add((sequences.size() == 1 ? "sequence " : "sequences ") + String.join(", ", sequences) + ": "
                        + target.display() + " has no sequences; mapped by skipping them (columns that call NEXTVAL "
                        + "still fail)");
            }
            return lines;
        }

        /** True when every difference has a mapping. */
        public boolean mappable() {
            return !collations.containsValue(null);
        }

        /** The mapping, to run on every statement. */
        public StatementRewrite rewrite(AtomicInteger skipped) {
            return st -> {
                if (isRowData(st)) {
                    return st;
                }
                if (!sequences.isEmpty() && isSequence(st)) {
                    skipped.incrementAndGet();
                    return null;
                }
                String text = st.text();
                if (!collations.isEmpty()) {
                    text = replace(COLLATION, text, m -> {
                        String replacement = collations.get(m.group(2).toLowerCase(Locale.ROOT));
                        return replacement == null ? m.group() : m.group().substring(0, m.start(2) - m.start()) + replacement;
                    });
                }
                if (!modes.isEmpty()) {
                    text = replace(SQL_MODE, text, m -> "sql_mode" + m.group(1) + "'" + Arrays.stream(m.group(2).split(","))
                            .map(String::strip).filter(f -> !modes.contains(f.toUpperCase(Locale.ROOT)))
                            .collect(Collectors.joining(",")) + "'");
                }
                return text.equals(st.text()) ? st : new MysqlStatement(text, st.line());
            };
        }

        private static String language(String collation) {
            String lower = collation.toLowerCase(Locale.ROOT);
            int at = lower.indexOf("_0900_");
            boolean languageSpecific = at > 0 && lower.substring(0, at).contains("_");
            return languageSpecific ? " (its language-specific ordering is lost)" : "";
        }
    }

    /** The source server of the backup: the manifest's, else the dump header's; null when neither says. */
    static MysqlVersion source(Optional<Manifest> manifest, String head) {
        String version = manifest.map(Manifest::serverVersion).orElse(null);
        if (version == null || version.isBlank()) {
            Matcher m = SERVER_LINE.matcher(head);
            version = m.find() ? m.group(1).strip() : null;
        }
        try {
            return version == null ? null : MysqlVersion.parse(version);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Compares the file with the target. Reads every statement once (rows are skipped over); costs
     * one connection and a round trip per sql_mode flag found.
     */
    static Plan plan(ScriptFile script, MysqlVersion source, Connection target, MysqlVersion targetVersion,
                     JobContext context) throws IOException, SQLException {
        Map<String, Integer> collationUses = new LinkedHashMap<>();
        Set<String> modes = new LinkedHashSet<>();
        List<String> sequences = new ArrayList<>();
        context.message("Comparing " + script.path().getFileName() + " with " + targetVersion.display());
        try (InputStream in = script.open();
             MysqlStatementReader reader = new MysqlStatementReader(in, targetVersion, Long.MAX_VALUE)) {
            MysqlStatement st;
            while ((st = reader.next()) != null) {
                context.checkCancelled();
                if (isRowData(st)) {
                    continue;
                }
                Matcher c = COLLATION.matcher(st.text());
                Set<String> inThis = new HashSet<>();
                while (c.find()) {
                    inThis.add(c.group(2).toLowerCase(Locale.ROOT));
                }
                inThis.forEach(name -> collationUses.merge(name, 1, Integer::sum));
                Matcher m = SQL_MODE.matcher(st.text());
                while (m.find()) {
                    for (String flag : m.group(2).split(",")) {
                        if (!flag.isBlank()) {
                            modes.add(flag.strip().toUpperCase(Locale.ROOT));
                        }
                    }
                }
                if (!targetVersion.mariaDb() && (st.startsWithWords("CREATE SEQUENCE") || isSequenceTable(st))) {
                    Matcher name = BACKTICKED.matcher(st.text());
                    sequences.add(name.find() ? name.group(1).replace("``", "`") : st.preview());
                }
            }
        }
        Set<String> known = new HashSet<>();
        // MariaDB 10.10+ lists its uca1400 collations once per charset only here, as FULL_COLLATION_NAME
        // (utf8mb4_uca1400_ai_ci); COLLATIONS has them as "uca1400_ai_ci". MySQL has no such column.
        try (Statement s = target.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM information_schema.COLLATION_CHARACTER_SET_APPLICABILITY")) {
            java.sql.ResultSetMetaData meta = rs.getMetaData();
            List<Integer> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String label = meta.getColumnLabel(i).toUpperCase(Locale.ROOT);
                if (label.equals("COLLATION_NAME") || label.equals("FULL_COLLATION_NAME")) {
                    columns.add(i);
                }
            }
            while (rs.next()) {
                for (int i : columns) {
                    String name = rs.getString(i);
                    if (name != null) {
                        known.add(name.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        Map<String, String> missing = new LinkedHashMap<>();
        Map<String, Integer> uses = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : collationUses.entrySet()) {
            if (!known.contains(e.getKey())) {
                missing.put(e.getKey(), candidates(e.getKey()).stream().filter(known::contains).findFirst().orElse(null));
                uses.put(e.getKey(), e.getValue());
            }
        }
        return new Plan(source, targetVersion, missing, uses, refusedModes(target, modes), sequences);
    }

    /** The sql_mode flags the target refuses, each tried on its own in this session (then put back). */
    private static Set<String> refusedModes(Connection target, Set<String> modes) throws SQLException {
        Set<String> refused = new LinkedHashSet<>();
        if (modes.isEmpty()) {
            return refused;
        }
        try (Statement s = target.createStatement()) {
            s.execute("SET @railyard_saved_mode = @@SESSION.sql_mode");
            for (String flag : modes) {
                if (!flag.matches("[A-Z0-9_]+")) {
                    refused.add(flag);
                    continue;
                }
                try {
                    s.execute("SET SESSION sql_mode = '" + flag + "'");
                } catch (SQLException e) {
                    if (e.getErrorCode() != 1231) { // ER_WRONG_VALUE_FOR_VAR
                        throw e;
                    }
                    refused.add(flag);
                }
            }
            s.execute("SET SESSION sql_mode = @railyard_saved_mode");
        }
        return refused;
    }

    /** Collations to try in place of one the target lacks, nearest first. */
    static List<String> candidates(String collation) {
        String lower = collation.toLowerCase(Locale.ROOT);
        int underscore = lower.indexOf('_');
        if (underscore < 0) {
            return List.of();
        }
        String charset = lower.substring(0, underscore);
        List<String> out = new ArrayList<>();
        int mysql = lower.indexOf("_0900_");
        int maria = lower.indexOf("_uca1400_");
        String suffix;
        if (mysql >= 0) {
            suffix = lower.substring(mysql + "_0900_".length());
            if (suffix.equals("bin")) {
                return List.of(charset + "_bin");
            }
            out.add(charset + "_uca1400_" + suffix);
        } else if (maria >= 0) {
            suffix = lower.substring(maria + "_uca1400_".length());
            // MariaDB names the language after uca1400 (utf8mb4_uca1400_swedish_ai_ci): keep only the generic rules.
            Matcher m = Pattern.compile("(?:nopad_)?(ai_ci|ai_cs|as_ci|as_cs|bin)$").matcher(suffix);
            suffix = m.find() ? m.group(1) : suffix;
            out.add(charset + "_0900_" + suffix);
        } else {
            return List.of();
        }
        if (suffix.endsWith("_ci")) {
            out.add(charset + "_unicode_520_ci");
            out.add(charset + "_unicode_ci");
        } else {
            out.add(charset + "_bin");
        }
        return out;
    }

    private static boolean isRowData(MysqlStatement st) {
        return st.startsWithWords("INSERT") || st.startsWithWords("REPLACE");
    }

    private static boolean isSequence(MysqlStatement st) {
        return st.startsWithWords("CREATE SEQUENCE") || st.startsWithWords("DROP SEQUENCE")
                || st.startsWithWords("DO SETVAL") || st.startsWithWords("SELECT SETVAL") || isSequenceTable(st);
    }

    private static boolean isSequenceTable(MysqlStatement st) {
        return st.startsWithWords("CREATE TABLE") && SEQUENCE_TABLE.matcher(st.text()).find();
    }

    private interface Replacer {
        String replace(Matcher m);
    }

    private static String replace(Pattern pattern, String text, Replacer replacer) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replacer.replace(m)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
