package dev.railyard.backup.postgres;

import dev.railyard.backup.Manifest;
import dev.railyard.backup.script.PsqlScriptReader;
import dev.railyard.backup.script.ScriptFile;
import dev.railyard.backup.script.ScriptItem;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The indexes and key constraints of the post-data section that can be built as soon as
 * their table's rows are loaded, while other tables are still loading, as pg_restore -j
 * schedules them. Such a statement depends only on its table, its rows and objects of the
 * pre-data section; everything that depends on it (foreign keys, ATTACH PARTITION, comments,
 * replica identity) comes later in the post-data section, which runs after all loads and
 * skips the statements already run. CHECK constraints are left in place: one added NOT VALID to
 * an inheritance parent also applies to its children, whose rows may not be loaded yet. Targets are resolved by the server (to_regclass), so
 * quoting never decides which table a statement belongs to.
 */
final class EarlyIndexes {

    private static final String NAME = "(?:\"(?:[^\"]|\"\")*\"|[^\\s.(\"]+)";
    private static final Pattern CREATE_INDEX = Pattern.compile(
            "^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?!CONCURRENTLY)(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME + "\\s+ON\\s+(?:ONLY\\s+)?("
                    + NAME + "(?:\\." + NAME + ")?)\\s", Pattern.CASE_INSENSITIVE);
    private static final Pattern ADD_CONSTRAINT = Pattern.compile(
            "^ALTER\\s+TABLE\\s+(?:ONLY\\s+)?(" + NAME + "(?:\\." + NAME + ")?)\\s+ADD\\s+CONSTRAINT\\s+" + NAME
                    + "\\s+(?:PRIMARY\\s+KEY|UNIQUE|EXCLUDE)\\b", Pattern.CASE_INSENSITIVE);

    /** Statements by the index of their table in the manifest, in script order. */
    private final Map<Integer, List<String>> byTable;

    private EarlyIndexes(Map<Integer, List<String>> byTable) {
        this.byTable = byTable;
    }

    static EarlyIndexes none() {
        return new EarlyIndexes(Map.of());
    }

    /**
     * Reads the post-data section of {@code script} and matches its index statements to the
     * manifest's tables. Run after the definitions are restored (the tables must exist).
     */
    static EarlyIndexes plan(ScriptFile script, Manifest manifest, Connection connection) throws IOException, SQLException {
        long from = manifest.sections().postData();
        Map<String, List<String>> byTarget = new LinkedHashMap<>();
        try (InputStream in = script.openPart(from, script.size() - from, new AtomicLong())) {
            PsqlScriptReader reader = new PsqlScriptReader(in);
            ScriptItem item;
            while ((item = reader.next()) != null) {
                if (item instanceof ScriptItem.Sql sql && !sql.copyFromStdin() && !sql.copyToStdout()) {
                    String target = target(sql.text());
                    if (target != null) {
                        byTarget.computeIfAbsent(target, t -> new ArrayList<>()).add(sql.text());
                    }
                }
            }
        }
        if (byTarget.isEmpty()) {
            return none();
        }
        List<String> targets = new ArrayList<>(byTarget.keySet());
        Map<Long, Integer> tableByOid = new HashMap<>();
        List<Manifest.TableEntry> tables = manifest.tables();
        String[] schemas = tables.stream().map(Manifest.TableEntry::schema).toArray(String[]::new);
        String[] names = tables.stream().map(Manifest.TableEntry::name).toArray(String[]::new);
        Map<Integer, List<String>> byTable = new HashMap<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT 't', u.i, pg_catalog.to_regclass(u.t)::oid FROM unnest(?::text[]) WITH ORDINALITY AS u(t, i) "
                        + "UNION ALL SELECT 'm', m.i, pg_catalog.to_regclass(pg_catalog.format('%I.%I', m.s, m.n))::oid "
                        + "FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS m(s, n, i)")) {
            Array targetArray = connection.createArrayOf("text", targets.toArray());
            s.setArray(1, targetArray);
            s.setArray(2, connection.createArrayOf("text", schemas));
            s.setArray(3, connection.createArrayOf("text", names));
            Map<Integer, Long> targetOids = new HashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long oid = rs.getLong(3);
                    if (rs.wasNull()) {
                        continue;
                    }
                    int i = rs.getInt(2) - 1;
                    if ("m".equals(rs.getString(1))) {
                        tableByOid.put(oid, i);
                    } else {
                        targetOids.put(i, oid);
                    }
                }
            }
            targetOids.forEach((i, oid) -> {
                Integer table = tableByOid.get(oid);
                if (table != null) {
                    byTable.computeIfAbsent(table, t -> new ArrayList<>()).addAll(byTarget.get(targets.get(i)));
                }
            });
        }
        return new EarlyIndexes(byTable);
    }

    /** The table a CREATE INDEX or ALTER TABLE ... ADD CONSTRAINT (not a foreign key) is on, as written; else null. */
    static String target(String statement) {
        String text = statement.strip();
        Matcher index = CREATE_INDEX.matcher(text);
        if (index.find()) {
            return index.group(1);
        }
        Matcher constraint = ADD_CONSTRAINT.matcher(text);
        return constraint.find() ? constraint.group(1) : null;
    }

    /** The statements to run once the manifest's table {@code index} is loaded. */
    List<String> forTable(int index) {
        return byTable.getOrDefault(index, List.of());
    }

    boolean isEmpty() {
        return byTable.isEmpty();
    }

    int count() {
        return byTable.values().stream().mapToInt(List::size).sum();
    }
}
