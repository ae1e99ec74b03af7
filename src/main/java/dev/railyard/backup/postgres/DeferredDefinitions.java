package dev.railyard.backup.postgres;

import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Definitions that need a key constraint, which the post-data section creates: a view or
 * materialized view that selects columns its GROUP BY does not name, because the table's primary
 * key determines them; a function whose SQL-standard body does so. As pg_dump does, such a view
 * is created in the pre-data section as a placeholder with the same columns (so what reads it can
 * be created) and replaced by its real definition once the keys exist; a materialized view or
 * function is created only then, and so is every materialized view or function that depends on
 * one of them (a view that does gets a placeholder too).
 */
final class DeferredDefinitions {

    private record Node(String key, DumpPlan.Entry entry) { }

    private final PlanContext plan;
    /** Views written as placeholders, replaced after the keys. */
    private final Set<Long> placeholders = new LinkedHashSet<>();
    /** Materialized views ("r:oid") and functions ("p:oid") created after the keys. */
    private final Set<String> postponed = new LinkedHashSet<>();

    DeferredDefinitions(PlanContext plan) {
        this.plan = plan;
        PgCatalog catalog = plan.catalog;
        Set<Long> keys = new HashSet<>();
        for (PgCatalog.Constraint c : catalog.constraints()) {
            if (c.type() == 'p' || c.type() == 'u' || c.type() == 'x') {
                keys.add(c.oid());
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        Map<String, List<String>> dependents = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        for (PgCatalog.Dependency d : catalog.dependencies()) {
            String from = d.kind() + ":" + d.oid();
            if (d.refKind() == 'K' && keys.contains(d.refOid())) {
                defer(from, queue);
            } else {
                dependents.computeIfAbsent(d.refKind() + ":" + d.refOid(), k -> new ArrayList<>()).add(from);
            }
        }
        while (!queue.isEmpty()) {
            for (String dependent : dependents.getOrDefault(queue.poll(), List.of())) {
                defer(dependent, queue);
            }
        }
    }

    /** Whether the view is written as a placeholder in the pre-data section. */
    boolean placeholder(long relid) {
        return placeholders.contains(relid);
    }

    /** Whether the materialized view ('r') or function ('p') is created after the keys instead of in the pre-data section. */
    boolean postponed(char kind, long oid) {
        return postponed.contains(kind + ":" + oid);
    }

    /** The real definitions of the placeholders and the postponed objects, each after what it depends on. */
    List<DumpPlan.Entry> entries(ViewDdl views) {
        if (placeholders.isEmpty() && postponed.isEmpty()) {
            return List.of();
        }
        RoutineDdl routines = new RoutineDdl(plan);
        List<Node> nodes = new ArrayList<>();
        for (PgCatalog.Function f : plan.catalog.functions()) {
            if (postponed('p', f.oid()) && plan.scope.schemaIncluded(f.schema())) {
                nodes.add(new Node("p:" + f.oid(), new DumpPlan.Entry(PlanContext.label(f.name() + "(" + f.identityArguments() + ")",
                        RoutineDdl.functionKind(f), f.schema()), routines.functionSql(f))));
            }
        }
        for (PgCatalog.Relation r : plan.catalog.relations()) {
            if (placeholders.contains(r.oid())) {
                nodes.add(new Node("r:" + r.oid(), new DumpPlan.Entry(PlanContext.label(r.name(), "VIEW DEFINITION", r.schema()),
                        views.replacementSql(r))));
            } else if (postponed('r', r.oid())) {
                nodes.add(new Node("r:" + r.oid(), new DumpPlan.Entry(PlanContext.label(r.name(), "MATERIALIZED VIEW", r.schema()),
                        views.viewSql(r))));
            }
        }
        List<Map.Entry<String, String>> edges = new ArrayList<>();
        for (PgCatalog.Dependency d : plan.catalog.dependencies()) {
            edges.add(new AbstractMap.SimpleImmutableEntry<>(d.kind() + ":" + d.oid(), d.refKind() + ":" + d.refOid()));
        }
        return DependencySorter.sort(nodes, Node::key, edges).ordered().stream().map(Node::entry).toList();
    }

    /**
     * Defers one object that needs a key or a postponed object: a view gets a placeholder (what
     * depends on it can use that), a materialized view or function is postponed (so what depends on
     * it is deferred too). Other objects cannot wait for the keys; the restore reports them.
     */
    private void defer(String key, Deque<String> queue) {
        char kind = key.charAt(0);
        long oid = Long.parseLong(key.substring(2));
        if (kind == 'r') {
            PgCatalog.Relation r = plan.catalog.relation(oid);
            if (r == null || !plan.relationsInScope.contains(oid)) {
                return;
            }
            if (r.kind() == 'v') {
                placeholders.add(oid);
            } else if (r.kind() == 'm' && postponed.add(key)) {
                queue.add(key);
            } else if (r.kind() == 'r' || r.kind() == 'p') {
                plan.warn("Table " + plan.q(r.schema(), r.name()) + " uses (in a default or CHECK) a definition that needs a key "
                        + "constraint, which is created after the data; the restore may fail at that table");
            }
        } else if (kind == 'p' && !plan.leftOut.contains('p', oid) && postponed.add(key)) {
            queue.add(key);
        } else if (kind == 't') {
            plan.catalog.types().stream().filter(t -> t.oid() == oid && plan.scope.schemaIncluded(t.schema())).findFirst()
                    .ifPresent(t -> plan.warn("Type " + plan.q(t.schema(), t.name()) + " uses a definition that needs a key "
                            + "constraint, which is created after the data; the restore may fail at that type"));
        }
    }
}
