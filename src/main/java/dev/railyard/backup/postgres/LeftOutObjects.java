package dev.railyard.backup.postgres;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a backup leaves out because it could not be restored: everything that depends, directly
 * or through other objects, on something the engine does not reproduce (a conversion, a text
 * search parser or template, a procedural language outside an extension, or a base type whose
 * support functions are written in C). Writing such a dependent would stop the restore at its statement;
 * leaving it out lets the rest restore, and each one is named in a warning with what it needs.
 *
 * <p>Objects are keyed as in the dependency rows ("kind:oid", see {@link PgCatalog.Dependency}).
 * A table left out takes its rows, indexes, constraints, triggers, rules and policies with it.
 */
final class LeftOutObjects {

    /** Left-out object key to a description of the object it could not do without. */
    private final Map<String, String> cause = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final PgNames names;

    LeftOutObjects(PgCatalog catalog, PgNames names, DumpScope scope, Set<Long> relationsInScope) {
        this.names = names;
        Map<String, String> roots = new LinkedHashMap<>();
        for (PgCatalog.Type t : catalog.types()) {
            if (t.kind() == 'b' && t.base() != null && t.base().notReproducible() != null) {
                String name = names.qualified(t.schema(), t.name());
                roots.put("t:" + t.oid(), "type " + name);
                if (scope.schemaIncluded(t.schema())) {
                    warnings.add("Not reproduced: base type " + name + " (its support functions " + t.base().notReproducible()
                            + " cannot be recreated from the catalog)");
                }
            }
        }
        Map<String, List<String>> dependents = new HashMap<>();
        for (PgCatalog.Dependency d : catalog.dependencies()) {
            if (d.kind() == 'r') {
                PgCatalog.Relation r = catalog.relation(d.oid());
                if (r != null && r.kind() == 'S') {
                    continue; // a sequence's OWNED BY: the sequence restores without its table
                }
            }
            String ref = d.refKind() + ":" + d.refOid();
            if (d.refKind() == 'U') {
                roots.putIfAbsent(ref, d.refDescription());
            }
            dependents.computeIfAbsent(ref, k -> new ArrayList<>()).add(d.kind() + ":" + d.oid());
        }
        Deque<String> queue = new ArrayDeque<>(roots.keySet());
        Set<String> seen = new HashSet<>(roots.keySet());
        while (!queue.isEmpty()) {
            String key = queue.poll();
            String why = roots.containsKey(key) ? roots.get(key) : cause.get(key);
            for (String dependent : dependents.getOrDefault(key, List.of())) {
                if (seen.add(dependent)) {
                    cause.put(dependent, why);
                    queue.add(dependent);
                }
            }
        }
        roots.keySet().stream().filter(k -> k.startsWith("t:")).forEach(k -> cause.putIfAbsent(k, roots.get(k)));
        for (PgCatalog.Sequence s : sequencesOfLeftOutIdentities(catalog)) {
            cause.putIfAbsent("r:" + s.oid(), cause.get("r:" + s.ownedByRelid()));
        }
        nameEach(catalog, scope, relationsInScope);
    }

    boolean contains(char kind, long oid) {
        return cause.containsKey(kind + ":" + oid);
    }

    /** What the object keyed "kind:oid" could not do without, when it is left out; null when it is not. */
    String cause(String key) {
        return cause.get(key);
    }

    /** The relations of {@code relations} that are not left out. */
    Set<Long> without(Set<Long> relations) {
        if (cause.isEmpty()) {
            return relations;
        }
        Set<Long> kept = new HashSet<>(relations);
        kept.removeIf(oid -> contains('r', oid));
        return kept;
    }

    /** One warning per base type not reproduced and per object the backup would have held but leaves out. */
    List<String> warnings() {
        return warnings;
    }

    private List<PgCatalog.Sequence> sequencesOfLeftOutIdentities(PgCatalog catalog) {
        List<PgCatalog.Sequence> sequences = new ArrayList<>();
        for (PgCatalog.Relation r : catalog.relations()) {
            PgCatalog.Sequence s = r.kind() == 'S' ? catalog.sequence(r.oid()) : null;
            if (s != null && s.identity() && contains('r', s.ownedByRelid())) {
                sequences.add(s);
            }
        }
        return sequences;
    }

    /** Warnings for the left-out objects the backup covers; an object of a left-out table goes with it unnamed. */
    private void nameEach(PgCatalog catalog, DumpScope scope, Set<Long> relationsInScope) {
        if (cause.isEmpty()) {
            return;
        }
        for (PgCatalog.Type t : catalog.types()) {
            if (scope.schemaIncluded(t.schema()) && contains('t', t.oid()) && !(t.kind() == 'b' && t.base() != null
                    && t.base().notReproducible() != null)) {
                name("t:" + t.oid(), (t.kind() == 'd' ? "domain " : "type ") + names.qualified(t.schema(), t.name()));
            }
        }
        for (PgCatalog.Function f : catalog.functions()) {
            if (scope.schemaIncluded(f.schema()) && contains('p', f.oid())) {
                name("p:" + f.oid(), RoutineDdl.functionKind(f).toLowerCase(java.util.Locale.ROOT) + " "
                        + names.qualified(f.schema(), f.name()) + "(" + f.identityArguments() + ")");
            }
        }
        for (PgCatalog.TextSearch ts : catalog.textSearch()) {
            if (scope.schemaIncluded(ts.schema()) && contains('x', ts.oid())) {
                name("x:" + ts.oid(), SchemaDdl.textSearchKind(ts).toLowerCase(java.util.Locale.ROOT) + " "
                        + names.qualified(ts.schema(), ts.name()));
            }
        }
        for (PgCatalog.Relation r : catalog.relations()) {
            if (relationsInScope.contains(r.oid()) && contains('r', r.oid())) {
                PgCatalog.Sequence s = r.kind() == 'S' ? catalog.sequence(r.oid()) : null;
                if (s != null && s.identity()) {
                    continue; // goes with its table's identity column
                }
                String what = switch (r.kind()) {
                    case 'v' -> "view ";
                    case 'm' -> "materialized view ";
                    case 'S' -> "sequence ";
                    case 'f' -> "foreign table ";
                    default -> "table ";
                };
                name("r:" + r.oid(), what + names.qualified(r.schema(), r.name())
                        + (r.kind() == 'r' || r.kind() == 'p' ? " (with its rows)" : ""));
            }
        }
        for (PgCatalog.Constraint c : catalog.constraints()) {
            nameOnTable(catalog, relationsInScope, 'K', c.oid(), c.relid(), "constraint " + c.name());
        }
        for (PgCatalog.Index i : catalog.indexes()) {
            nameOnTable(catalog, relationsInScope, 'i', i.oid(), i.relid(), "index " + names.qualified(i.schema(), i.name()));
        }
        for (PgCatalog.Trigger t : catalog.triggers()) {
            nameOnTable(catalog, relationsInScope, 'g', t.oid(), t.relid(), "trigger " + t.name());
        }
        for (PgCatalog.Rule r : catalog.rules()) {
            nameOnTable(catalog, relationsInScope, 'W', r.oid(), r.relid(), "rule " + r.name());
        }
        for (PgCatalog.Policy p : catalog.policies()) {
            nameOnTable(catalog, relationsInScope, 'O', p.oid(), p.relid(), "policy " + p.name());
        }
    }

    private void nameOnTable(PgCatalog catalog, Set<Long> relationsInScope, char kind, long oid, long relid, String what) {
        if (relid == 0 || !relationsInScope.contains(relid) || contains('r', relid) || !contains(kind, oid)) {
            return;
        }
        PgCatalog.Relation r = catalog.relation(relid);
        name(kind + ":" + oid, what + " on " + names.qualified(r.schema(), r.name()));
    }

    private void name(String key, String what) {
        warnings.add("Left out: " + what + ", because it depends on " + cause.get(key) + ", which is not reproduced");
    }
}
