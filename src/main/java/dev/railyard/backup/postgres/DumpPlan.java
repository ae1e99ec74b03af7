package dev.railyard.backup.postgres;

import dev.railyard.backup.BackupOptions;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The script of a built-in backup, worked out from the catalog: the statements of the
 * pre-data section (schemas, extensions, types, functions, sequences, tables, views, in
 * dependency order), the tables whose rows the data section copies and the sequences it
 * sets, and the post-data section (constraints, indexes, foreign keys, triggers, rules,
 * policies, refreshes). Everything left out is named in {@link #warnings()}.
 *
 * <p>Each kind of object is written by a class of its own ({@link TableDdl}, {@link TypeDdl},
 * {@link ConstraintAndIndexDdl}, ...); this class puts their statements in script order. Every
 * lookup goes through the catalog's maps, so the plan is linear in the number of objects.
 */
final class DumpPlan {

    /** One object's statements, with the "Name: ...; Type: ..." line written above them. */
    record Entry(String label, String sql) {

        /** The entry as the script holds it: its label between comment lines, then its statements; "" when it has none. */
        String scriptText() {
            if (sql.isEmpty()) {
                return "";
            }
            return "--\n-- " + BuiltinPgDump.oneLine(label) + "\n--\n\n" + sql + "\n";
        }
    }

    /**
     * A table whose rows are copied; {@code condition} ("WHERE ...") keeps only some of them (the
     * user rows of an extension's configuration table), null for all.
     */
    record TableData(PgCatalog.Relation relation, String copyColumns, String qualifiedName, String condition) {

        TableData(PgCatalog.Relation relation, String copyColumns, String qualifiedName) {
            this(relation, copyColumns, qualifiedName, null);
        }

        /** What COPY ... TO STDOUT reads: the table and its columns, or a query for the rows kept. */
        String copySource() {
            String columns = copyColumns.isEmpty() ? "" : " " + copyColumns;
            if (condition == null) {
                return qualifiedName + columns;
            }
            String list = copyColumns.isEmpty() ? "*" : copyColumns.substring(1, copyColumns.length() - 1);
            return "(SELECT " + list + " FROM ONLY " + qualifiedName + (condition.isBlank() ? "" : " " + condition) + ")";
        }
    }

    /** A sequence whose value is restored with setval. */
    record SequenceValue(PgCatalog.Relation relation, String qualifiedName) { }

    private final PlanContext plan;
    private final List<Entry> preData = new ArrayList<>();
    private final List<Entry> postData = new ArrayList<>();
    private final List<TableData> tables = new ArrayList<>();
    private final List<SequenceValue> sequences = new ArrayList<>();

    DumpPlan(PgCatalog catalog, BackupOptions options) {
        this.plan = new PlanContext(catalog, options);
        build();
    }

    List<Entry> preData() { return preData; }

    List<Entry> postData() { return postData; }

    List<TableData> tables() { return tables; }

    List<SequenceValue> sequences() { return sequences; }

    /** Each warning once (a table's statement may be worked out twice when a cycle is broken). */
    List<String> warnings() { return plan.warnings.stream().distinct().toList(); }

    PgNames names() { return plan.names; }

    /** Sum of the on-disk size of the copied tables: the estimate progress is measured against. */
    long estimatedBytes() {
        return tables.stream().mapToLong(t -> t.relation().bytes()).sum();
    }

    private void build() {
        for (PgCatalog.Unsupported u : plan.catalog.unsupported()) {
            if (u.kind().startsWith("default privileges") && !plan.options.privileges()) {
                continue;
            }
            plan.warn("Not reproduced: " + u.count() + " " + u.kind() + (u.examples() == null ? "" : " (" + abbreviate(u.examples()) + ")"));
        }
        plan.leftOut.warnings().forEach(plan::warn);
        List<PgCatalog.Relation> inScope = plan.catalog.relations().stream().filter(r -> plan.relationsInScope.contains(r.oid())).toList();
        if (!plan.options.dataOnly()) {
            TypeDdl types = new TypeDdl(plan);
            ViewDdl views = new ViewDdl(plan);
            DeferredDefinitions deferred = new DeferredDefinitions(plan);
            PreDataOrder order = new PreDataOrder(plan, types, new TableDdl(plan), views, deferred);
            preData.addAll(order.entries(inScope));
            buildPostData(inScope, types, views, deferred, order.checksApart());
        }
        if (!plan.options.schemaOnly()) {
            buildData(inScope);
        }
    }

    /**
     * Post-data in the order a restore needs: CHECK constraints that could not be declared with
     * their table, what builds indexes, then the definitions that need those keys, other indexes,
     * foreign keys once all keys exist, triggers after the data so loading fires none, refreshes
     * once everything they read is there, and event triggers last so they never fire on the
     * restore's own statements.
     */
    private void buildPostData(List<PgCatalog.Relation> inScope, TypeDdl types, ViewDdl views, DeferredDefinitions deferred,
                               List<Entry> checksApart) {
        ConstraintAndIndexDdl keys = new ConstraintAndIndexDdl(plan, inScope);
        TriggerAndRuleDdl triggers = new TriggerAndRuleDdl(plan);
        PolicyDdl policies = new PolicyDdl(plan);
        postData.addAll(types.afterData());
        postData.addAll(checksApart);
        postData.addAll(keys.keys());
        List<Entry> deferredEntries = deferred.entries(views);
        postData.addAll(deferredEntries);
        postData.addAll(keys.indexes());
        postData.addAll(keys.unvalidated());
        postData.addAll(keys.inlineConstraintComments());
        postData.addAll(keys.foreignKeys());
        postData.addAll(triggers.triggers());
        postData.addAll(triggers.rules());
        postData.addAll(policies.rowSecurity(inScope));
        postData.addAll(policies.policies());
        postData.addAll(keys.statistics());
        postData.addAll(keys.replicaIdentityAndClustering(inScope));
        List<Entry> created = new ArrayList<>(preData);
        created.addAll(deferredEntries);
        postData.addAll(views.refreshes(inScope, created));
        if (plan.scope.wholeDatabase()) {
            postData.addAll(new DatabaseWideDdl(plan).entries());
        }
        postData.addAll(new DatabaseSettingsDdl(plan).entries());
    }

    private void buildData(List<PgCatalog.Relation> inScope) {
        List<PgCatalog.Relation> copied = new ArrayList<>();
        for (PgCatalog.Relation r : inScope) {
            if (r.kind() == 'r') {
                copied.add(r);
            }
        }
        // Referenced tables first, so a data-only restore into a schema with foreign keys can work.
        copied.sort(Comparator.comparing(PgCatalog.Relation::schema).thenComparing(PgCatalog.Relation::name));
        List<Map.Entry<String, String>> edges = new ArrayList<>();
        for (PgCatalog.Constraint c : plan.catalog.constraints()) {
            if (c.type() == 'f' && c.referencedRelid() != 0) {
                edges.add(new AbstractMap.SimpleImmutableEntry<>("r:" + c.relid(), "r:" + c.referencedRelid()));
            }
        }
        List<PgCatalog.Relation> ordered = DependencySorter.sort(copied, r -> "r:" + r.oid(), edges).ordered();
        for (PgCatalog.Relation r : ordered) {
            List<String> columns = plan.catalog.columns(r.oid()).stream()
                    .filter(c -> !c.isGenerated())
                    .map(c -> plan.quote(c.name()))
                    .toList();
            tables.add(new TableData(r, columns.isEmpty() ? "" : "(" + String.join(", ", columns) + ")", plan.q(r.schema(), r.name())));
        }
        extensionConfigRows();
        for (PgCatalog.Relation r : inScope) {
            if (r.kind() == 'S') {
                sequences.add(new SequenceValue(r, plan.q(r.schema(), r.name())));
            }
        }
    }

    /**
     * The user rows of the configuration tables of the extensions dumped (as pg_dump does): loaded
     * after CREATE EXTENSION has made the tables and their default rows.
     */
    private void extensionConfigRows() {
        for (PgCatalog.Extension extension : plan.catalog.extensions()) {
            if (!plan.scope.schemaIncluded(extension.schema())) {
                continue;
            }
            for (PgCatalog.ConfigTable t : extension.configTables()) {
                PgCatalog.Relation table = new PgCatalog.Relation(t.oid(), t.schema(), t.name(), 'r', 'p', List.of(), false, null,
                        null, List.of(), null, false, false, 'd', 0, 0, null, true, null, null, null, List.of(), false, null);
                String columns = t.columns().stream().map(plan::quote).collect(java.util.stream.Collectors.joining(", "));
                tables.add(new TableData(table, columns.isEmpty() ? "" : "(" + columns + ")", plan.q(t.schema(), t.name()),
                        t.condition()));
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
