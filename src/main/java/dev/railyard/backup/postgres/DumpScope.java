package dev.railyard.backup.postgres;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.NearestNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which objects a backup covers, from {@link BackupOptions}: the whole database, some
 * schemas, or some tables (as pg_dump -n / -t: with tables, nothing else is dumped but what
 * belongs to them). Patterns accept {@code *} and {@code ?}; an unqualified table pattern
 * matches in any schema. A partitioned table brings its partitions (the data lives there).
 */
final class DumpScope {

    private final List<Pattern> schemas;
    private final List<Pattern[]> tables;
    private final BackupOptions options;

    DumpScope(BackupOptions options) {
        this.options = options;
        this.schemas = options.schemas().stream().map(DumpScope::glob).toList();
        List<Pattern[]> parsed = new ArrayList<>();
        for (String table : options.tables()) {
            int dot = splitPoint(table);
            parsed.add(dot < 0
                    ? new Pattern[] {null, glob(table)}
                    : new Pattern[] {glob(table.substring(0, dot)), glob(table.substring(dot + 1))});
        }
        this.tables = parsed;
    }

    /** No --schema or --table: database-wide objects (publications, event triggers) are dumped too, as pg_dump does. */
    boolean wholeDatabase() {
        return schemas.isEmpty() && tables.isEmpty();
    }

    boolean tablesOnly() {
        return !tables.isEmpty();
    }

    /** Whether objects of this schema (types, functions, ...) are dumped. */
    boolean schemaIncluded(String schema) {
        if (tablesOnly()) {
            return false;
        }
        return schemas.isEmpty() || schemas.stream().anyMatch(p -> p.matcher(schema).matches());
    }

    /** The relations to dump, given all of them. */
    Set<Long> relations(PgCatalog catalog) {
        Set<Long> chosen = relations(catalog.relations());
        if (tablesOnly()) {
            // Sequences owned by chosen tables (serial columns, identity columns).
            for (PgCatalog.Relation r : catalog.relations()) {
                PgCatalog.Sequence s = r.kind() == 'S' ? catalog.sequence(r.oid()) : null;
                if (s != null && chosen.contains(s.ownedByRelid())) {
                    chosen.add(r.oid());
                }
            }
        }
        return chosen;
    }

    /** The relations chosen by name and schema, with the partitions of chosen partitioned tables (no sequences yet). */
    Set<Long> relations(List<PgCatalog.Relation> all) {
        Set<Long> chosen = new HashSet<>();
        for (PgCatalog.Relation r : all) {
            if (tablesOnly() ? tableMatches(r) : schemaIncluded(r.schema())) {
                chosen.add(r.oid());
            }
        }
        if (tablesOnly()) {
            boolean added = true;
            while (added) {
                added = false;
                for (PgCatalog.Relation r : all) {
                    if (r.isPartition() && !chosen.contains(r.oid()) && r.parents().stream().anyMatch(chosen::contains)) {
                        chosen.add(r.oid());
                        added = true;
                    }
                }
            }
        }
        return chosen;
    }

    /**
     * Refuses a --schema or --table that matches nothing: the backup would be empty, or lack
     * what was asked for, and still look successful. Names the nearest existing names.
     */
    void requireMatches(PgCatalog catalog) throws BackupException {
        List<String> schemaNames = catalog.schemas().stream().map(PgCatalog.Schema::name).toList();
        List<String> unmatchedSchemas = new ArrayList<>();
        for (int i = 0; i < schemas.size(); i++) {
            Pattern p = schemas.get(i);
            if (schemaNames.stream().noneMatch(n -> p.matcher(n).matches())) {
                unmatchedSchemas.add(options.schemas().get(i));
            }
        }
        List<String> unmatchedTables = new ArrayList<>();
        List<String> tableNames = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            Pattern[] p = tables.get(i);
            boolean found = false;
            for (PgCatalog.Relation r : catalog.relations()) {
                if ((p[0] == null || p[0].matcher(r.schema()).matches()) && p[1].matcher(r.name()).matches()) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                unmatchedTables.add(options.tables().get(i));
            }
        }
        if (unmatchedSchemas.isEmpty() && unmatchedTables.isEmpty()) {
            return;
        }
        for (PgCatalog.Relation r : catalog.relations()) {
            tableNames.add(r.name());
            tableNames.add(r.schema() + "." + r.name());
        }
        StringBuilder message = new StringBuilder();
        if (!unmatchedSchemas.isEmpty()) {
            message.append(NearestNames.refusal("--schema", "schema", unmatchedSchemas, schemaNames));
        }
        if (!unmatchedTables.isEmpty()) {
            message.append(message.length() == 0 ? "" : " ")
                    .append(NearestNames.refusal("--table", "table, view or sequence", unmatchedTables, tableNames));
        }
        throw new BackupException(message.toString());
    }

    private boolean tableMatches(PgCatalog.Relation r) {
        for (Pattern[] p : tables) {
            if ((p[0] == null || p[0].matcher(r.schema()).matches()) && p[1].matcher(r.name()).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The dot between schema and name, outside double quotes; -1 when unqualified. */
    private static int splitPoint(String text) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** A name pattern: "Quoted" is exact, otherwise case-folded to lower case as PostgreSQL does; * and ? are wildcards. */
    private static Pattern glob(String text) {
        String t = text.strip();
        boolean quoted = t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"");
        String name = quoted ? t.substring(1, t.length() - 1).replace("\"\"", "\"") : t.toLowerCase(Locale.ROOT);
        StringBuilder regex = new StringBuilder();
        for (char c : name.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(quoted ? "\\*" : ".*");
                case '?' -> regex.append(quoted ? "\\?" : ".");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
