package dev.railyard.backup.postgres;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pre-data section: every object's CREATE statements (schemas, extensions, collations, text
 * search, types, routines, sequences, tables, views), ordered by their pg_depend dependencies,
 * then the sequences' OWNED BY. A column default that calls a function reading its own table is
 * the usual dependency cycle: such defaults are then set apart, after both exist; so is a CHECK
 * constraint calling a function that takes its table's row type, after the data (see
 * {@link #checksApart()}). A base type comes after its support functions, which come after its
 * shell type. Objects left out ({@link LeftOutObjects}) are not written; views that need a key
 * are placeholders, and what needs a key otherwise is created later ({@link DeferredDefinitions}).
 */
final class PreDataOrder {

    private record Node(String key, String label, String sql) { }

    private final PlanContext plan;
    private final PgCatalog catalog;
    private final SchemaDdl schemas;
    private final TypeDdl types;
    private final RoutineDdl routines;
    private final TableDdl tables;
    private final ViewDdl views;
    private final DeferredDefinitions deferred;
    /** Support function oid to the key of its base type's shell ("ts:oid"): the function is created with the shell. */
    private final Map<Long, String> shellOf = new HashMap<>();
    /** CHECK constraints set apart to break a cycle, added after the data. */
    private final List<DumpPlan.Entry> checksApart = new ArrayList<>();

    PreDataOrder(PlanContext plan, TypeDdl types, TableDdl tables, ViewDdl views, DeferredDefinitions deferred) {
        this.plan = plan;
        this.catalog = plan.catalog;
        this.schemas = new SchemaDdl(plan);
        this.types = types;
        this.routines = new RoutineDdl(plan);
        this.tables = tables;
        this.views = views;
        this.deferred = deferred;
    }

    /**
     * CHECK constraints that call a function taking their own table's row type: the table cannot
     * be created with them (the function needs the table's type first). As pg_dump does, they are
     * added after the data (post-data), once table and function exist. Known after {@link #entries}.
     */
    List<DumpPlan.Entry> checksApart() {
        return checksApart;
    }

    List<DumpPlan.Entry> entries(List<PgCatalog.Relation> inScope) {
        List<Node> nodes = new ArrayList<>();
        DumpScope scope = plan.scope;
        for (PgCatalog.Schema schema : catalog.schemas()) {
            if (scope.schemaIncluded(schema.name()) && !schema.extensionMember()) {
                String sql = schemas.schemaSql(schema);
                if (!sql.isEmpty()) {
                    nodes.add(new Node("s:" + schema.oid(), PlanContext.label(schema.name(), "SCHEMA", null), sql));
                }
            }
        }
        for (PgCatalog.Extension extension : catalog.extensions()) {
            if (scope.schemaIncluded(extension.schema())) {
                nodes.add(new Node("e:" + extension.oid(), PlanContext.label(extension.name(), "EXTENSION", null),
                        schemas.extensionSql(extension)));
            }
        }
        for (PgCatalog.Collation collation : catalog.collations()) {
            if (scope.schemaIncluded(collation.schema())) {
                nodes.add(new Node("c:" + collation.oid(), PlanContext.label(collation.name(), "COLLATION", collation.schema()),
                        schemas.collationSql(collation)));
            }
        }
        for (PgCatalog.TextSearch ts : catalog.textSearch()) {
            if (scope.schemaIncluded(ts.schema()) && !plan.leftOut.contains('x', ts.oid())) {
                nodes.add(new Node("x:" + ts.oid(), PlanContext.label(ts.name(), SchemaDdl.textSearchKind(ts), ts.schema()),
                        schemas.textSearchSql(ts)));
            }
        }
        for (PgCatalog.Type type : catalog.types()) {
            if (scope.schemaIncluded(type.schema()) && !plan.leftOut.contains('t', type.oid())) {
                if (type.kind() == 'b' && type.base() != null) {
                    nodes.add(new Node("ts:" + type.oid(), PlanContext.label(type.name(), "SHELL TYPE", type.schema()),
                            types.shellSql(type)));
                    type.base().functions().forEach(f -> shellOf.put(f, "ts:" + type.oid()));
                }
                nodes.add(new Node("t:" + type.oid(), PlanContext.label(type.name(), TypeDdl.typeLabel(type), type.schema()),
                        types.typeSql(type)));
            }
        }
        for (PgCatalog.Function function : catalog.functions()) {
            if (scope.schemaIncluded(function.schema()) && !plan.leftOut.contains('p', function.oid())
                    && !deferred.postponed('p', function.oid())) {
                nodes.add(new Node("p:" + function.oid(), PlanContext.label(function.name() + "(" + function.identityArguments() + ")",
                        RoutineDdl.functionKind(function), function.schema()), routines.functionSql(function)));
            }
        }
        ExtensibilityDdl extensibility = new ExtensibilityDdl(plan);
        for (ExtensibilityDdl.Node node : extensibility.nodes()) {
            String cause = plan.leftOut.cause(node.key());
            if (cause != null) {
                plan.warn("Left out: " + described(node.label()) + ", because it depends on " + cause + ", which is not reproduced");
            } else {
                nodes.add(new Node(node.key(), node.label(), node.sql()));
            }
        }
        List<PgCatalog.Relation> ordered = new ArrayList<>(inScope);
        ordered.sort(Comparator.comparingInt(PreDataOrder::relationRank)
                .thenComparing(PgCatalog.Relation::schema).thenComparing(PgCatalog.Relation::name));
        StringBuilder ownedBy = new StringBuilder();
        for (PgCatalog.Relation r : ordered) {
            switch (r.kind()) {
                case 'S' -> {
                    PgCatalog.Sequence s = catalog.sequence(r.oid());
                    if (s == null || s.identity()) {
                        continue; // identity sequences come with their column
                    }
                    nodes.add(new Node("r:" + r.oid(), PlanContext.label(r.name(), "SEQUENCE", r.schema()), tables.sequenceSql(r, s)));
                    ownedBy.append(tables.ownedBySql(r, s));
                }
                case 'r', 'p' -> nodes.add(new Node("r:" + r.oid(), PlanContext.label(r.name(), "TABLE", r.schema()), tables.tableSql(r)));
                case 'v' -> nodes.add(new Node("r:" + r.oid(), PlanContext.label(r.name(), "VIEW", r.schema()),
                        deferred.placeholder(r.oid()) ? views.placeholderSql(r) : views.viewSql(r)));
                case 'm' -> {
                    if (!deferred.postponed('r', r.oid())) {
                        nodes.add(new Node("r:" + r.oid(), PlanContext.label(r.name(), "MATERIALIZED VIEW", r.schema()),
                                views.viewSql(r)));
                    }
                }
                case 'f' -> nodes.add(new Node("r:" + r.oid(), PlanContext.label(r.name(), "FOREIGN TABLE", r.schema()),
                        extensibility.foreignTableSql(r)));
                default -> plan.warn("Not reproduced: relation " + plan.q(r.schema(), r.name()) + " of kind " + r.kind());
            }
        }
        DependencySorter.Result<Node> sorted = DependencySorter.sort(nodes, Node::key, edges(Set.of()));
        if (!sorted.cycleBreakers().isEmpty()) {
            sorted = sortWithDefaultsApart(nodes, sorted);
        }
        for (Node n : sorted.cycleBreakers()) {
            plan.warn("Circular dependency around " + n.label() + ": it is created before something it depends on; "
                    + "the restore may fail at that statement");
        }
        List<DumpPlan.Entry> entries = new ArrayList<>();
        for (Node n : sorted.ordered()) {
            entries.add(new DumpPlan.Entry(n.label(), n.sql()));
        }
        if (!ownedBy.isEmpty()) {
            entries.add(new DumpPlan.Entry("Sequence ownership (OWNED BY)", ownedBy.toString()));
        }
        return entries;
    }

    /**
     * Dependency edges between pre-data objects. Defaults in {@code apart} ("relid:column") are
     * set by statements of their own, so the edge goes from that statement, not its table; CHECK
     * constraints in {@code apart} ("ck:oid") are added after the data and order nothing here.
     */
    private List<Map.Entry<String, String>> edges(Set<String> apart) {
        List<Map.Entry<String, String>> edges = new ArrayList<>();
        for (PgCatalog.Dependency d : catalog.dependencies()) {
            String from = d.kind() + ":" + d.oid();
            String to = d.refKind() + ":" + d.refOid();
            if (d.kind() == 'p' && d.refKind() == 't' && ("ts:" + d.refOid()).equals(shellOf.get(d.oid()))) {
                to = "ts:" + d.refOid(); // a support function of a base type is created with its shell
            }
            PgCatalog.Relation fromRelation = d.kind() == 'r' ? catalog.relation(d.oid()) : null;
            if (fromRelation != null && fromRelation.kind() == 'S') {
                continue; // a sequence's OWNED BY points at its table; written after the tables instead
            }
            if (d.checkConstraint() > 0 && apart.contains("ck:" + d.checkConstraint())) {
                continue;
            }
            String defaultKey = d.oid() + ":" + d.defaultColumn();
            if (d.defaultColumn() > 0 && apart.contains(defaultKey)) {
                edges.add(new AbstractMap.SimpleImmutableEntry<>("d:" + defaultKey, to));
                edges.add(new AbstractMap.SimpleImmutableEntry<>("d:" + defaultKey, from));
                continue;
            }
            edges.add(new AbstractMap.SimpleImmutableEntry<>(from, to));
        }
        return edges;
    }

    /**
     * The usual cycles. A column default calls a function whose SQL-standard body reads the
     * table: as pg_dump does, such defaults are then set after both exist, by ALTER TABLE ... SET
     * DEFAULT, and the table is created without them. A generation expression is no default and
     * stays in its column. A CHECK constraint calls a function that takes the table's row type (or
     * reads the table): it is added after the data, by ALTER TABLE ... ADD CONSTRAINT.
     */
    private DependencySorter.Result<Node> sortWithDefaultsApart(List<Node> nodes, DependencySorter.Result<Node> first) {
        Set<String> apart = new LinkedHashSet<>();
        Set<Long> tablesWithDefaultsApart = new HashSet<>();
        Map<String, List<String>> dependsOn = new HashMap<>();
        for (Map.Entry<String, String> e : edges(Set.of())) {
            dependsOn.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        for (PgCatalog.Dependency d : catalog.dependencies()) {
            if (d.refKind() != 'p' || !plan.relationsInScope.contains(d.oid())) {
                continue;
            }
            if (d.defaultColumn() > 0 && !generated(d.oid(), d.defaultColumn())) {
                apart.add(d.oid() + ":" + d.defaultColumn());
                tablesWithDefaultsApart.add(d.oid());
            } else if (d.checkConstraint() > 0 && reaches(dependsOn, "p:" + d.refOid(), "r:" + d.oid())) {
                apart.add("ck:" + d.checkConstraint());
                tablesWithDefaultsApart.add(d.oid());
            }
        }
        if (apart.isEmpty()) {
            return first;
        }
        List<Node> rebuilt = new ArrayList<>();
        for (Node n : nodes) {
            PgCatalog.Relation r = n.key().startsWith("r:") ? catalog.relation(Long.parseLong(n.key().substring(2))) : null;
            boolean affected = r != null && (r.kind() == 'r' || r.kind() == 'p') && tablesWithDefaultsApart.contains(r.oid());
            rebuilt.add(affected ? new Node(n.key(), n.label(), tables.tableSql(r, apart)) : n);
        }
        for (String key : apart) {
            if (key.startsWith("ck:")) {
                checkApart(Long.parseLong(key.substring(3)));
                continue;
            }
            long relid = Long.parseLong(key.substring(0, key.indexOf(':')));
            int column = Integer.parseInt(key.substring(key.indexOf(':') + 1));
            PgCatalog.Relation r = catalog.relation(relid);
            catalog.columns(relid).stream().filter(c -> c.num() == column && c.defaultExpression() != null).findFirst()
                    .ifPresent(c -> rebuilt.add(new Node("d:" + key, PlanContext.label(r.name() + " " + c.name(), "DEFAULT", r.schema()),
                            tables.defaultApartSql(r, c))));
        }
        return DependencySorter.sort(rebuilt, Node::key, edges(apart));
    }

    private boolean generated(long relid, int column) {
        return catalog.columns(relid).stream().anyMatch(c -> c.num() == column && c.isGenerated());
    }

    /** Whether {@code from} depends on {@code target}, directly or through other objects. */
    private static boolean reaches(Map<String, List<String>> dependsOn, String from, String target) {
        java.util.Deque<String> queue = new java.util.ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>(queue);
        while (!queue.isEmpty()) {
            for (String next : dependsOn.getOrDefault(queue.poll(), List.of())) {
                if (next.equals(target)) {
                    return true;
                }
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return false;
    }

    /** The statement adding a CHECK constraint set apart; without ONLY, so inheritance children get it as they had it. */
    private void checkApart(long oid) {
        for (PgCatalog.Constraint c : catalog.constraints()) {
            PgCatalog.Relation owner = catalog.relation(c.relid());
            // Only the ones CREATE TABLE would declare: the others are added after the data already.
            if (c.oid() == oid && c.validated() && owner != null && (c.local() || owner.isPartition())) {
                PgCatalog.Relation r = catalog.relation(c.relid());
                String table = plan.q(r.schema(), r.name());
                checksApart.add(new DumpPlan.Entry(PlanContext.label(r.name() + " " + c.name(), "CHECK CONSTRAINT", r.schema()),
                        "ALTER TABLE " + table + "\n    ADD CONSTRAINT " + plan.quote(c.name()) + " " + c.definition() + ";\n"));
            }
        }
    }

    /** "operator public.<%(point, public.widget)" for the label "Name: <%(point, public.widget); Type: OPERATOR; Schema: public". */
    static String described(String label) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^Name: (.*); Type: ([^;]*)(?:; Schema: (.*))?$").matcher(label);
        if (!m.matches()) {
            return label;
        }
        return m.group(2).toLowerCase(java.util.Locale.ROOT) + " " + (m.group(3) == null ? "" : m.group(3) + ".") + m.group(1);
    }

    private static int relationRank(PgCatalog.Relation r) {
        return switch (r.kind()) {
            case 'S' -> 0;
            case 'r', 'p', 'f' -> 1;
            case 'v' -> 2;
            case 'm' -> 3;
            default -> 4;
        };
    }
}
