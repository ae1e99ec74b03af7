package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.EngineChoice;
import dev.railyard.backup.Manifest;
import dev.railyard.backup.ManifestIO;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.backup.RestoreResult;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.PgClientTools;
import dev.railyard.support.PgServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A compact "regression-like" database (every file of fixtures/pg-regression-like in name order;
 * {@code NN-topic-pgMM.sql} only on major MM and newer) goes through the built-in engine on every
 * major from 13 to 18. Nothing may change silently: every object of pg_dump's schema dump (of the
 * server's major or newer) and every table's rows come back the same, or the manifest's warnings
 * name them.
 */
class PgRegressionLikeRoundTripTest {

    private static final String FOLDER = "/fixtures/pg-regression-like";
    private static final Pattern FOR_MAJOR = Pattern.compile("-pg(\\d+)\\.sql$");

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(strings = {"13", "14", "15", "16", "17", "18"})
    void regressionLikeDatabaseComesBackOrIsNamed(String major, @TempDir Path dir) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared(major);
        String source = pg.createDatabase("regress_like");
        List<Path> loaded = load(pg, source);
        assertFalse(loaded.isEmpty(), "fixtures in " + FOLDER);

        RoundTrip trip = roundTrip(pg, source, dir);
        assertNothingSilentlyLost(pg, source, trip);
    }

    /** Loads the fixture files meant for the server's major into the database, in name order; returns them. */
    static List<Path> load(PgServer pg, String database) throws Exception {
        Path folder = Path.of(PgRegressionLikeRoundTripTest.class.getResource(FOLDER).toURI());
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
        List<Path> loaded = new ArrayList<>();
        for (Path file : files) {
            Matcher m = FOR_MAJOR.matcher(file.getFileName().toString());
            if (m.find() && Integer.parseInt(m.group(1)) > Integer.parseInt(pg.major())) {
                continue;
            }
            PgClientTools.psql(pg, database, "-f", file.toString());
            loaded.add(file);
        }
        return loaded;
    }

    record RoundTrip(String copy, List<String> warnings, RestoreResult restore) {
    }

    /** Backs the database up with the built-in engine (owners and privileges) and restores it into a new one. */
    static RoundTrip roundTrip(PgServer pg, String source, Path dir) throws Exception {
        PgBackupService service = new PgBackupService(NativePgTools.fromEnvironment(null));
        Path file = dir.resolve(source + ".sql.gz");
        BackupResult backup = service.create(PgFidelityRoundTripTest.endpoint(pg, source),
                BackupOptions.defaults().withOwners(true).withPrivileges(true), EngineChoice.BUILTIN, false, file, null)
                .run(new RecordingContext());
        Manifest manifest = new ManifestIO().readBeside(file).orElseThrow();
        assertEquals(backup.warnings(), manifest.warnings(), "what the backup names as not reproduced is in the manifest");

        String copy = source + "_copy";
        RestoreResult restore = service.restore(file, PgFidelityRoundTripTest.endpoint(pg, "postgres"),
                RestoreOptions.defaults().withCreateDatabase(copy).withStopOnError(false)).run(new RecordingContext());
        assertEquals(List.of(), restore.script().errors(), "the restore runs without errors");
        return new RoundTrip(copy, manifest.warnings(), restore);
    }

    /**
     * Every pg_dump object entry and every table's fingerprint of the source is in the copy
     * unchanged, unless a warning names it; the copy has nothing the source lacks.
     */
    static void assertNothingSilentlyLost(PgServer pg, String source, RoundTrip trip) throws Exception {
        Map<String, String> before = objects(PgClientTools.schemaDump(pg, source));
        Map<String, String> after = objects(PgClientTools.schemaDump(pg, trip.copy()));
        List<String> silent = new ArrayList<>();
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            String was = before.get(key);
            String is = after.get(key);
            if (was != null && was.equals(is)) {
                continue;
            }
            if (was != null && !reproducedKind(key) && named(key, trip.warnings())) {
                continue;
            }
            silent.add(was == null ? "only in the copy: " + key + "\n" + is
                    : is == null ? "lost: " + key + "\n" + was
                    : "changed: " + key + "\n  source: " + was + "\n  copy:   " + is);
        }
        Map<String, String> rowsBefore;
        Map<String, String> rowsAfter;
        try (Connection a = pg.connect(source); Connection b = pg.connect(trip.copy())) {
            rowsBefore = Fingerprints.of(a);
            rowsAfter = Fingerprints.of(b);
        }
        for (Map.Entry<String, String> table : rowsBefore.entrySet()) {
            if (!table.getValue().equals(rowsAfter.get(table.getKey())) && !named(table.getKey(), trip.warnings())) {
                silent.add("data of " + table.getKey() + ": " + table.getValue() + " -> " + rowsAfter.get(table.getKey()));
            }
        }
        assertEquals(List.of(), silent, "differences no warning names (warnings: " + trip.warnings() + ")");
        assertTrue(before.size() > 100, "the schema dump has the fixture's objects: " + before.size());
    }

    /**
     * A schema dump split into its entries, keyed by pg_dump's "Name: ...; Type: ...; Schema: ..."
     * header (owner left out: the body says who owns it), each body without comments and blank lines.
     */
    static Map<String, String> objects(String dump) {
        Map<String, String> entries = new TreeMap<>();
        String key = "(settings)";
        StringBuilder body = new StringBuilder();
        Pattern header = Pattern.compile("^-- (?:Data for )?Name: (.*?); Type: (.*?); Schema: (.*?);");
        for (String line : dump.split("\n")) {
            Matcher m = header.matcher(line);
            if (m.find()) {
                put(entries, key, body);
                key = m.group(2) + " | " + m.group(3) + " | " + m.group(1);
                body = new StringBuilder();
            } else if (!line.isBlank() && !line.startsWith("--") && !line.startsWith("\\restrict") && !line.startsWith("\\unrestrict")) {
                body.append(line).append('\n');
            }
        }
        put(entries, key, body);
        return entries;
    }

    private static void put(Map<String, String> entries, String key, StringBuilder body) {
        String unique = key;
        for (int n = 2; entries.containsKey(unique); n++) {
            unique = key + " #" + n;
        }
        entries.put(unique, body.toString().strip());
    }

    /** pg_dump entry types that a warning calls by another name. */
    private static final Map<String, String> KIND_WORDS = new LinkedHashMap<>(Map.of(
            "DEFAULT ACL", "default privileges",
            "SECURITY LABEL", "security labels"));

    /**
     * pg_dump entry types the built-in engine reproduces: they must come back identical, and no
     * warning excuses a difference (nor one in their comments).
     */
    private static final Set<String> REPRODUCED_KINDS = Set.of("OPERATOR", "OPERATOR CLASS", "OPERATOR FAMILY", "CAST",
            "ACCESS METHOD", "FOREIGN DATA WRAPPER", "SERVER", "USER MAPPING", "FOREIGN TABLE", "TRANSFORM");

    static boolean reproducedKind(String key) {
        String[] parts = key.split(" \\| ", 3);
        if (REPRODUCED_KINDS.contains(parts[0])) {
            return true;
        }
        return parts[0].equals("COMMENT") && parts.length == 3
                && REPRODUCED_KINDS.stream().anyMatch(k -> parts[2].startsWith(k + " "));
    }

    /**
     * Whether a warning names the object of this entry key (or of a table fingerprint key): one of
     * the identifiers of its name (not its schema) is a word of a warning, alone or as the last part
     * of a qualified name; for kinds without names, the warning names the kind.
     */
    static boolean named(String key, List<String> warnings) {
        String text = String.join("\n", warnings);
        for (Map.Entry<String, String> kind : KIND_WORDS.entrySet()) {
            if (key.startsWith(kind.getKey() + " ") && text.toLowerCase(Locale.ROOT).contains(kind.getValue())) {
                return true;
            }
        }
        Set<String> words = new HashSet<>();
        for (String token : text.split("[\\s,()]+")) {
            String word = token.replaceAll("[:;]+$", "").replace("\"", "");
            words.add(word);
            words.add(word.substring(word.lastIndexOf('.') + 1));
        }
        String name = key.contains(" | ") ? key.substring(key.lastIndexOf(" | ") + 3) : key.substring(key.lastIndexOf('.') + 1);
        for (String word : name.replaceAll("\\(.*", "").split("[ .]")) {
            String bare = word.replace("\"", "");
            if (!bare.isEmpty() && !word.matches("[A-Z]+") && words.contains(bare)) {
                return true;
            }
        }
        return false;
    }
}
