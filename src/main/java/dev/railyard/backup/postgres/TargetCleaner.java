package dev.railyard.backup.postgres;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.postgres.BackupObjects.Kind;
import dev.railyard.backup.postgres.BackupObjects.PgObject;
import dev.railyard.task.JobContext;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Drops, before a restore ({@code --clean}), exactly the objects the backup will create, as
 * {@code pg_restore --clean --if-exists} does, and nothing else: the backup's triggers, policies,
 * constraints and indexes first, then its views, tables, routines and types in the reverse of the
 * order the backup creates them (what another still depends on, such as a key a view needs, is
 * dropped once that one is gone), then its sequences and large objects; an extension only when the
 * backup creates it and nothing outside the backup uses it; a schema only when the backup creates it
 * and it is empty after that. Objects, schemas, extensions and rows the backup does not hold stay as
 * they are. Runs on the caller's connection, so inside the restore's transaction when it has one.
 */
final class TargetCleaner {

    /** Where a statement of the first pass goes: the parts of tables before the tables themselves. */
    private static final Set<Kind> TABLE_PARTS = EnumSet.of(Kind.EVENT_TRIGGER, Kind.PUBLICATION, Kind.TRIGGER, Kind.POLICY,
            Kind.CONSTRAINT, Kind.INDEX, Kind.STATISTICS);
    // Collations and text search objects after what uses them (a column's collation, a generated tsvector).
    private static final Set<Kind> BODIES = EnumSet.of(Kind.VIEW, Kind.MATERIALIZED_VIEW, Kind.TABLE, Kind.FOREIGN_TABLE,
            Kind.FUNCTION, Kind.PROCEDURE, Kind.AGGREGATE, Kind.TYPE, Kind.DOMAIN, Kind.TEXT_SEARCH_CONFIGURATION,
            Kind.TEXT_SEARCH_DICTIONARY, Kind.COLLATION);

    /**
     * What a clean did (or, in a dry run, would do).
     *
     * @param dropped the objects dropped, in the order they were
     * @param kept    the backup's schemas and extensions left in place, and why
     * @param keptSchemas schemas the backup creates that stay (not empty): its CREATE SCHEMA is passed over
     */
    record Outcome(List<PgObject> dropped, List<String> kept, Set<String> keptSchemas) {

        /** "12 objects dropped: 4 tables, 1 view, 2 sequences, ..." */
        String summary(boolean dryRun) {
            if (dropped.isEmpty()) {
                return dryRun ? "Clean (dry run): nothing of the backup's exists in the target; nothing would be dropped"
                        : "Clean: nothing of the backup's existed in the target; nothing dropped";
            }
            Map<Kind, Long> counts = new LinkedHashMap<>();
            for (Kind kind : Kind.values()) {
                long n = dropped.stream().filter(o -> o.kind() == kind).count();
                if (n > 0) {
                    counts.put(kind, n);
                }
            }
            String perKind = counts.entrySet().stream()
                    .map(e -> e.getValue() + " " + (e.getValue() == 1 ? e.getKey().label() : plural(e.getKey().label())))
                    .collect(Collectors.joining(", "));
            return (dryRun ? "Clean (dry run): would drop " : "Clean: dropped ") + dropped.size() + " objects of the backup ("
                    + perKind + "); everything else in the target is left as it was";
        }

        /** "policies", "indexes", "text search dictionaries", "tables". */
        static String plural(String label) {
            if (label.endsWith("y")) {
                return label.substring(0, label.length() - 1) + "ies";
            }
            return label + (label.endsWith("x") ? "es" : "s");
        }
    }

    private TargetCleaner() {
    }

    /** The objects of the backup that already exist in the target, with the kind they have there (pg_class relkind etc.). */
    static Map<PgObject, String> existing(Connection connection, List<PgObject> objects) throws SQLException {
        Map<PgObject, String> found = new LinkedHashMap<>();
        if (objects.isEmpty()) {
            return found;
        }
        String sql = """
                SELECT o.i, CASE
                  WHEN o.k = 'SCHEMA' THEN (SELECT 'n' FROM pg_namespace WHERE nspname = o.n)
                  WHEN o.k = 'EXTENSION' THEN (SELECT 'x' FROM pg_extension WHERE extname = o.n)
                  WHEN o.k = 'PUBLICATION' THEN (SELECT 'p' FROM pg_publication WHERE pubname = o.n)
                  WHEN o.k = 'EVENT_TRIGGER' THEN (SELECT 'e' FROM pg_event_trigger WHERE evtname = o.n)
                  WHEN o.k = 'LARGE_OBJECT' THEN (SELECT 'l' FROM pg_largeobject_metadata WHERE oid::text = o.n)
                  WHEN o.k = 'TRIGGER' THEN (SELECT 't' FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
                        JOIN pg_namespace s ON s.oid = c.relnamespace
                        WHERE s.nspname = o.s AND c.relname = o.t AND g.tgname = o.n AND NOT g.tgisinternal)
                  WHEN o.k = 'POLICY' THEN (SELECT 'y' FROM pg_policy g JOIN pg_class c ON c.oid = g.polrelid
                        JOIN pg_namespace s ON s.oid = c.relnamespace
                        WHERE s.nspname = o.s AND c.relname = o.t AND g.polname = o.n)
                  WHEN o.k = 'CONSTRAINT' THEN (SELECT 'c' FROM pg_constraint g JOIN pg_class c ON c.oid = g.conrelid
                        JOIN pg_namespace s ON s.oid = c.relnamespace
                        WHERE s.nspname = o.s AND c.relname = o.t AND g.conname = o.n)
                  WHEN o.k = 'COLLATION' THEN (SELECT 'C' FROM pg_collation g JOIN pg_namespace s ON s.oid = g.collnamespace
                        WHERE s.nspname = o.s AND g.collname = o.n LIMIT 1)
                  WHEN o.k = 'TEXT_SEARCH_DICTIONARY' THEN (SELECT 'D' FROM pg_ts_dict g JOIN pg_namespace s ON s.oid = g.dictnamespace
                        WHERE s.nspname = o.s AND g.dictname = o.n)
                  WHEN o.k = 'TEXT_SEARCH_CONFIGURATION' THEN (SELECT 'F' FROM pg_ts_config g
                        JOIN pg_namespace s ON s.oid = g.cfgnamespace WHERE s.nspname = o.s AND g.cfgname = o.n)
                  WHEN o.k = 'STATISTICS' THEN (SELECT 'X' FROM pg_statistic_ext g JOIN pg_namespace s ON s.oid = g.stxnamespace
                        WHERE s.nspname = o.s AND g.stxname = o.n)
                  WHEN o.k IN ('FUNCTION', 'PROCEDURE', 'AGGREGATE') THEN (SELECT 'f' FROM pg_proc p
                        JOIN pg_namespace s ON s.oid = p.pronamespace
                        WHERE s.nspname = o.s AND p.proname = o.n
                          AND regexp_replace(pg_get_function_identity_arguments(p.oid), '\\s+', ' ', 'g') IN (o.a, o.b)
                        LIMIT 1)
                  WHEN o.k IN ('TYPE', 'DOMAIN') THEN (SELECT t.typtype::text FROM pg_type t
                        JOIN pg_namespace s ON s.oid = t.typnamespace
                        WHERE s.nspname = o.s AND t.typname = o.n
                          AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
                  ELSE (SELECT c.relkind::text FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
                        WHERE s.nspname = o.s AND c.relname = o.n)
                END
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS o(k, s, n, t, a, b, i)
                """;
        int size = objects.size();
        String[] k = new String[size];
        String[] s = new String[size];
        String[] n = new String[size];
        String[] t = new String[size];
        String[] a = new String[size];
        String[] b = new String[size];
        for (int i = 0; i < size; i++) {
            PgObject o = objects.get(i);
            k[i] = o.kind().name();
            s[i] = o.schema();
            n[i] = o.name();
            t[i] = o.table();
            a[i] = o.arguments();
            b[i] = o.arguments() == null ? null : withoutOut(o.arguments());
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int p = 1;
            for (String[] values : List.of(k, s, n, t, a, b)) {
                Array array = connection.createArrayOf("text", values);
                ps.setArray(p++, array);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(2);
                    if (kind != null) {
                        found.put(objects.get(rs.getInt(1) - 1), kind);
                    }
                }
            }
        }
        return found;
    }

    /** The arguments without OUT ones: a function's identity leaves them out (a procedure's keeps them). */
    static String withoutOut(String arguments) {
        return java.util.Arrays.stream(arguments.split(", "))
                .filter(arg -> !arg.regionMatches(true, 0, "OUT ", 0, 4))
                .collect(Collectors.joining(", "));
    }

    /** True when what exists under the name is the kind of object the backup creates there. */
    private static boolean sameKind(PgObject object, String found) {
        return switch (object.kind()) {
            case TABLE -> found.equals("r") || found.equals("p");
            case VIEW -> found.equals("v");
            case MATERIALIZED_VIEW -> found.equals("m");
            case SEQUENCE -> found.equals("S");
            case FOREIGN_TABLE -> found.equals("f");
            case INDEX -> found.equals("i") || found.equals("I");
            case TYPE -> !found.equals("d");
            case DOMAIN -> found.equals("d");
            default -> true;
        };
    }

    /**
     * Drops the backup's objects that exist in the target. In a dry run the same drops run in a
     * transaction that is rolled back, so the list is exactly what a real run would drop.
     *
     * @throws BackupException when an object cannot be dropped (something outside the backup depends
     *                         on it): nothing is dropped then in one transaction
     */
    static Outcome clean(Connection connection, BackupObjects backup, boolean dryRun, JobContext context)
            throws BackupException {
        boolean autoCommit = true;
        try {
            autoCommit = connection.getAutoCommit();
            if (dryRun) {
                connection.setAutoCommit(false);
                // The dry run drops inside a transaction it rolls back: never queue behind a long query for its locks.
                try (Statement s = connection.createStatement()) {
                    s.execute("SET LOCAL lock_timeout = '2s'");
                }
            }
            Outcome outcome = dropAll(connection, backup.objects(), context);
            context.log(outcome.summary(dryRun));
            for (PgObject o : outcome.dropped()) {
                context.log((dryRun ? "  would drop " : "  dropped ") + o.display());
            }
            outcome.kept().forEach(context::log);
            return outcome;
        } catch (SQLException e) {
            throw new BackupException(PgErrors.describe("Cleaning the target (dropping the backup's objects)", e)
                    + " — objects outside the backup depend on it: drop them first, restore into a new database, "
                    + "or restore only some schemas (--schema).", e);
        } finally {
            if (dryRun) {
                try {
                    connection.rollback();
                    connection.setAutoCommit(autoCommit);
                } catch (SQLException ignored) {
                    // The connection is broken; the server rolls back on its own.
                }
            }
        }
    }

    private static Outcome dropAll(Connection connection, List<PgObject> objects, JobContext context) throws SQLException {
        Map<PgObject, String> present = existing(connection, objects);
        List<PgObject> dropped = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Set<String> keptSchemas = new java.util.HashSet<>();
        List<PgObject> reversed = new ArrayList<>(objects);
        java.util.Collections.reverse(reversed);
        try (Statement s = connection.createStatement()) {
            List<PgObject> partsThenBodies = new ArrayList<>();
            Set<List<String>> listed = new java.util.HashSet<>();
            for (PgObject o : reversed) {
                if (TABLE_PARTS.contains(o.kind()) && present.containsKey(o) && sameKind(o, present.get(o)) && listed.add(identity(o))) {
                    partsThenBodies.add(o);
                }
            }
            for (PgObject o : reversed) {
                if (BODIES.contains(o.kind()) && present.containsKey(o)) {
                    if (!sameKind(o, present.get(o))) {
                        kept.add("Kept " + o.schema() + "." + o.name() + ": it is not a " + o.kind().label()
                                + " in the target, where the backup creates one; the restore will fail on it");
                    } else if (listed.add(identity(o))) {
                        partsThenBodies.add(o);
                    }
                }
            }
            dropInDependencyOrder(connection, s, partsThenBodies, dropped, context);
            // Sequences owned by a column went with their table.
            List<PgObject> sequences = reversed.stream().filter(o -> o.kind() == Kind.SEQUENCE && present.containsKey(o)).toList();
            Map<PgObject, String> stillThere = existing(connection, sequences);
            for (PgObject o : sequences) {
                if (stillThere.containsKey(o) && sameKind(o, stillThere.get(o))) {
                    drop(s, o, dropped, context);
                } else if (!stillThere.containsKey(o)) {
                    dropped.add(o); // dropped with the table that owns it
                    context.log("  (sequence " + o.schema() + "." + o.name() + " went with its table)");
                }
            }
            for (PgObject o : reversed) {
                if (o.kind() == Kind.LARGE_OBJECT && present.containsKey(o)) {
                    s.execute("SELECT pg_catalog.lo_unlink(" + Long.parseLong(o.name()) + ")");
                    dropped.add(o);
                }
            }
            for (PgObject o : reversed) {
                if (o.kind() == Kind.EXTENSION && present.containsKey(o)) {
                    long users = count(connection, EXTENSION_USERS, o.name());
                    if (users == 0) {
                        drop(s, o, dropped, context);
                    } else {
                        kept.add("Kept extension " + o.name() + ": " + users + " objects outside the backup use it");
                    }
                }
            }
            for (PgObject o : reversed) {
                if (o.kind() == Kind.SCHEMA && present.containsKey(o)) {
                    long left = count(connection, SCHEMA_CONTENTS, o.name());
                    if (left == 0) {
                        drop(s, o, dropped, context);
                    } else {
                        keptSchemas.add(o.name());
                        kept.add("Kept schema " + o.name() + ": " + left + " objects the backup does not hold are in it");
                    }
                }
            }
        }
        return new Outcome(dropped, kept, keptSchemas);
    }

    private static final String EXTENSION_USERS = """
            WITH x AS (SELECT oid FROM pg_extension WHERE extname = ?),
                 members AS (SELECT m.classid, m.objid FROM pg_depend m, x
                             WHERE m.refclassid = 'pg_extension'::regclass AND m.refobjid = x.oid AND m.deptype = 'e')
            SELECT count(*) FROM pg_depend d, x
            WHERE d.deptype = 'n'
              AND ((d.refclassid = 'pg_extension'::regclass AND d.refobjid = x.oid)
                   OR (d.refclassid, d.refobjid) IN (SELECT classid, objid FROM members))
              AND (d.classid, d.objid) NOT IN (SELECT classid, objid FROM members)
              AND NOT (d.classid = 'pg_extension'::regclass AND d.objid = x.oid)
              -- parts of members (a view's rule, an operator family's operators, a table's checks,
              -- array types) go with them: not users
              AND NOT EXISTS (SELECT 1 FROM pg_depend p WHERE p.classid = d.classid AND p.objid = d.objid
                                AND p.deptype IN ('i', 'a')
                                AND (p.refclassid, p.refobjid) IN (SELECT classid, objid FROM members))
            """;

    private static final String SCHEMA_CONTENTS = """
            SELECT count(*) FROM pg_depend d JOIN pg_namespace n ON n.oid = d.refobjid
            WHERE d.refclassid = 'pg_namespace'::regclass AND n.nspname = ?
            """;

    private static long count(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** One object once, though the backup writes it twice (a view's placeholder, then its definition). */
    private static List<String> identity(PgObject o) {
        return java.util.Arrays.asList(o.kind().name(), o.schema(), o.name(), o.table(), o.arguments());
    }

    /**
     * Drops the objects in the order given; one that something still depends on (a key a view of
     * the backup needs, a view read by a view created before it) is tried again once the others
     * are gone. Only when a round drops nothing does the error stand: then what depends on it is
     * outside the backup. Outside the restore's transaction these drops get one of their own, so
     * such an error leaves them all undone.
     */
    private static void dropInDependencyOrder(Connection connection, Statement s, List<PgObject> objects, List<PgObject> dropped,
                                              JobContext context) throws SQLException {
        boolean own = connection.getAutoCommit();
        if (!own) {
            dropRounds(connection, s, objects, dropped, context);
            return;
        }
        int before = dropped.size();
        connection.setAutoCommit(false);
        try {
            dropRounds(connection, s, objects, dropped, context);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            dropped.subList(before, dropped.size()).clear();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void dropRounds(Connection connection, Statement s, List<PgObject> objects, List<PgObject> dropped,
                                   JobContext context) throws SQLException {
        List<PgObject> pending = objects;
        while (!pending.isEmpty()) {
            List<PgObject> blocked = new ArrayList<>();
            SQLException firstBlock = null;
            for (PgObject o : pending) {
                java.sql.Savepoint savepoint = connection.setSavepoint();
                try {
                    drop(s, o, dropped, context);
                    connection.releaseSavepoint(savepoint);
                } catch (SQLException e) {
                    if (!"2BP01".equals(e.getSQLState())) {
                        throw e;
                    }
                    connection.rollback(savepoint);
                    blocked.add(o);
                    firstBlock = firstBlock == null ? e : firstBlock;
                }
            }
            if (blocked.size() == pending.size() && !dropBaseTypesWithTheirFunctions(connection, s, blocked, dropped, context)) {
                throw firstBlock;
            }
            pending = blocked;
        }
    }

    /** What depends on a base type but its own support functions (which depend on it as it depends on them). */
    private static final String BASE_TYPE_USERS = """
            SELECT count(*) FROM pg_depend d, pg_type t
            WHERE t.oid = to_regtype(?) AND t.typtype = 'b' AND d.refclassid = 'pg_type'::regclass AND d.refobjid = t.oid
              AND d.deptype = 'n'
              AND NOT (d.classid = 'pg_proc'::regclass AND d.objid IN (t.typinput, t.typoutput, t.typreceive, t.typsend,
                       t.typmodin, t.typmodout, t.typanalyze, COALESCE(NULLIF(to_jsonb(t) ->> 'typsubscript', '-'), '-')::regproc))
            """;

    /**
     * A base type and its support functions depend on each other, so neither drops alone: as
     * pg_dump --clean does, the type is dropped with CASCADE, which takes its support functions,
     * but only when nothing else depends on it. Returns whether one was dropped; those are taken
     * off {@code blocked}.
     */
    private static boolean dropBaseTypesWithTheirFunctions(Connection connection, Statement s, List<PgObject> blocked,
                                                           List<PgObject> dropped, JobContext context) throws SQLException {
        boolean any = false;
        for (java.util.Iterator<PgObject> it = blocked.iterator(); it.hasNext(); ) {
            PgObject o = it.next();
            if (o.kind() != Kind.TYPE) {
                continue;
            }
            String name = PgNames.alwaysQuoted(o.schema(), o.name());
            try (PreparedStatement ps = connection.prepareStatement(BASE_TYPE_USERS)) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getLong(1) != 0 || !baseType(connection, name)) {
                        continue;
                    }
                }
            }
            context.checkCancelled();
            s.execute("DROP TYPE IF EXISTS " + name + " CASCADE");
            dropped.add(o);
            it.remove();
            any = true;
        }
        return any;
    }

    private static boolean baseType(Connection connection, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT typtype = 'b' FROM pg_type WHERE oid = to_regtype(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static void drop(Statement s, PgObject o, List<PgObject> dropped, JobContext context) throws SQLException {
        context.checkCancelled();
        s.execute(dropSql(o));
        dropped.add(o);
    }

    static String dropSql(PgObject o) {
        String name = o.kind().inSchema() ? PgNames.alwaysQuoted(o.schema(), o.name()) : quote(o.name());
        return switch (o.kind()) {
            case TRIGGER, POLICY -> "DROP " + o.kind().sql() + " IF EXISTS " + quote(o.name()) + " ON "
                    + PgNames.alwaysQuoted(o.schema(), o.table());
            case CONSTRAINT -> "ALTER TABLE IF EXISTS " + PgNames.alwaysQuoted(o.schema(), o.table())
                    + " DROP CONSTRAINT IF EXISTS " + quote(o.name());
            case FUNCTION, PROCEDURE, AGGREGATE -> "DROP " + o.kind().sql() + " IF EXISTS " + name + "(" + o.arguments() + ")";
            default -> "DROP " + o.kind().sql() + " IF EXISTS " + name;
        };
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** The backup's objects that exist in the target and that a restore without --clean would collide with. */
    static List<PgObject> clashes(Connection connection, BackupObjects backup) throws SQLException {
        List<PgObject> candidates = backup.objects().stream().filter(o -> !o.ifNotExists()).toList();
        Map<PgObject, String> found = existing(connection, candidates);
        return new ArrayList<>(found.keySet());
    }

}
