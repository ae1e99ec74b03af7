package dev.railyard.backup.postgres;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The post-data statements about keys and indexes: key constraints (which build their indexes)
 * and other indexes, parents before partitions; partition indexes attached to their parents;
 * constraints added unvalidated; comments on constraints written inline; foreign keys, once all
 * keys exist; extended statistics; replica identity and clustering, which name an index.
 */
final class ConstraintAndIndexDdl {

    private final PlanContext plan;
    private final PgCatalog catalog;
    /** Tables, partitioned tables and materialized views in scope: what has keys and indexes. */
    private final Set<Long> tables = new HashSet<>();
    /** How many partition levels below its root each relation in scope is. */
    private final Map<Long, Integer> depth = new HashMap<>();

    ConstraintAndIndexDdl(PlanContext plan, List<PgCatalog.Relation> inScope) {
        this.plan = plan;
        this.catalog = plan.catalog;
        for (PgCatalog.Relation r : inScope) {
            if (r.kind() == 'r' || r.kind() == 'p' || r.kind() == 'm') {
                tables.add(r.oid());
            }
            depth.put(r.oid(), partitionDepth(r));
        }
    }

    /** PRIMARY KEY, UNIQUE and EXCLUDE constraints, parents before partitions. */
    List<DumpPlan.Entry> keys() {
        List<DumpPlan.Entry> entries = new ArrayList<>();
        List<PgCatalog.Constraint> keys = catalog.constraints().stream()
                .filter(c -> tables.contains(c.relid()) && (c.type() == 'p' || c.type() == 'u' || c.type() == 'x')
                        && !plan.leftOut.contains('K', c.oid()))
                .sorted(Comparator.comparingInt((PgCatalog.Constraint c) -> depth.getOrDefault(c.relid(), 0)))
                .toList();
        for (PgCatalog.Constraint c : keys) {
            PgCatalog.Relation r = catalog.relation(c.relid());
            String table = plan.q(r.schema(), r.name());
            PgCatalog.Index index = catalog.index(c.indexId());
            String definition = c.definition();
            String indexSettings = "";
            if (index != null) {
                List<String> options = index.options();
                int end = definition.lastIndexOf(')');
                if (!options.isEmpty() && c.type() != 'x' && end > 0) {
                    // A key's storage parameters go after its column list, before DEFERRABLE and the like.
                    definition = definition.substring(0, end + 1) + " WITH (" + String.join(", ", options) + ")"
                            + definition.substring(end + 1);
                    options = List.of();
                }
                indexSettings = indexSettings(index, options);
                if (index.tablespace() != null) {
                    plan.warn("Index " + plan.q(index.schema(), index.name()) + " of constraint " + plan.quote(c.name()) + " on "
                            + table + " is in tablespace " + index.tablespace() + "; it is restored into the default tablespace");
                }
            }
            entries.add(new DumpPlan.Entry(PlanContext.label(r.name() + " " + c.name(), "CONSTRAINT", r.schema()),
                    "ALTER TABLE ONLY " + table + "\n    ADD CONSTRAINT " + plan.quote(c.name()) + " " + definition + ";\n"
                            + indexSettings + constraintComment(c, table)));
        }
        return entries;
    }

    /**
     * What an index's definition leaves out: storage parameters {@code options} (of an EXCLUDE
     * constraint's index, whose WITH would have to go before its WHERE), and the statistics
     * targets of its expression columns.
     */
    private String indexSettings(PgCatalog.Index index, List<String> options) {
        String name = plan.q(index.schema(), index.name());
        StringBuilder sql = new StringBuilder();
        if (!options.isEmpty()) {
            sql.append("ALTER INDEX ").append(name).append(" SET (").append(String.join(", ", options)).append(");\n");
        }
        index.columnStatistics().forEach((column, target) -> sql.append("ALTER INDEX ").append(name).append(" ALTER COLUMN ")
                .append(column).append(" SET STATISTICS ").append(target).append(";\n"));
        return sql.toString();
    }

    /**
     * Indexes not made by a constraint (a constraint's index only gets its comment), parents
     * before partitions, then each partition's index attached to its parent's.
     */
    List<DumpPlan.Entry> indexes() {
        List<DumpPlan.Entry> entries = new ArrayList<>();
        List<PgCatalog.Index> indexes = catalog.indexes().stream()
                .filter(i -> tables.contains(i.relid()) && !plan.leftOut.contains('i', i.oid()))
                .sorted(Comparator.comparingInt((PgCatalog.Index i) -> depth.getOrDefault(i.relid(), 0)))
                .toList();
        for (PgCatalog.Index index : indexes) {
            String name = plan.q(index.schema(), index.name());
            String comment = PlanContext.commentText("INDEX " + name, index.comment());
            if (index.constraintIndex()) {
                if (index.comment() != null) {
                    entries.add(new DumpPlan.Entry(PlanContext.label(index.name(), "INDEX", index.schema()), comment));
                }
                continue;
            }
            if (index.tablespace() != null) {
                plan.warn("Index " + name + " is in tablespace " + index.tablespace()
                        + "; it is restored into the default tablespace");
            }
            entries.add(new DumpPlan.Entry(PlanContext.label(index.name(), "INDEX", index.schema()), index.definition() + ";\n"
                    + indexSettings(index, List.of()) + comment));
        }
        for (PgCatalog.Index index : indexes) {
            PgCatalog.Index parent = catalog.index(index.parentIndex());
            if (parent != null) {
                entries.add(new DumpPlan.Entry(PlanContext.label(index.name(), "INDEX ATTACH", index.schema()), "ALTER INDEX "
                        + plan.q(parent.schema(), parent.name()) + " ATTACH PARTITION " + plan.q(index.schema(), index.name())
                        + ";\n"));
            }
        }
        return entries;
    }

    /** CHECK and (PostgreSQL 18) NOT NULL constraints that were added NOT VALID: added so again, after the data. */
    List<DumpPlan.Entry> unvalidated() {
        List<DumpPlan.Entry> entries = new ArrayList<>();
        for (PgCatalog.Constraint c : catalog.constraints()) {
            if (tables.contains(c.relid()) && (c.type() == 'c' || c.type() == 'n') && !c.validated() && c.local()) {
                PgCatalog.Relation r = catalog.relation(c.relid());
                String table = plan.q(r.schema(), r.name());
                entries.add(new DumpPlan.Entry(PlanContext.label(r.name() + " " + c.name(),
                        c.type() == 'c' ? "CHECK CONSTRAINT" : "NOT NULL CONSTRAINT", r.schema()),
                        "ALTER TABLE " + table + "\n    ADD CONSTRAINT " + plan.quote(c.name()) + " " + c.definition() + ";\n"
                                + constraintComment(c, table)));
            }
        }
        return entries;
    }

    /**
     * Comments on the CHECK and NOT NULL constraints the CREATE TABLE statements declare or a
     * child inherits (under its parent's name), once the parents' unvalidated ones are added too.
     * The local unvalidated ones got theirs with them.
     */
    List<DumpPlan.Entry> inlineConstraintComments() {
        List<DumpPlan.Entry> entries = new ArrayList<>();
        for (PgCatalog.Constraint c : catalog.constraints()) {
            if (!tables.contains(c.relid()) || c.type() == 'p' || c.type() == 'u' || c.type() == 'x' || c.type() == 'f') {
                continue;
            }
            if ((c.type() == 'c' || c.type() == 'n') && c.comment() != null && (c.validated() || !c.local())) {
                PgCatalog.Relation r = catalog.relation(c.relid());
                entries.add(new DumpPlan.Entry(PlanContext.label(r.name() + " " + c.name(), "COMMENT", r.schema()),
                        constraintComment(c, plan.q(r.schema(), r.name()))));
            }
        }
        return entries;
    }

    /** Foreign keys, but those a partition inherits from its parent's. */
    List<DumpPlan.Entry> foreignKeys() {
        List<DumpPlan.Entry> entries = new ArrayList<>();
        for (PgCatalog.Constraint c : catalog.constraints()) {
            if (tables.contains(c.relid()) && c.type() == 'f' && c.parentId() == 0 && !plan.leftOut.contains('K', c.oid())) {
                PgCatalog.Relation r = catalog.relation(c.relid());
                String table = plan.q(r.schema(), r.name());
                entries.add(new DumpPlan.Entry(PlanContext.label(r.name() + " " + c.name(), "FK CONSTRAINT", r.schema()),
                        "ALTER TABLE " + (r.kind() == 'p' ? "" : "ONLY ") + table + "\n    ADD CONSTRAINT " + plan.quote(c.name())
                                + " " + c.definition() + ";\n" + constraintComment(c, table)));
            }
        }
        return entries;
    }

    /** Extended statistics (CREATE STATISTICS) on relations in scope. */
    List<DumpPlan.Entry> statistics() {
        List<DumpPlan.Entry> entries = new ArrayList<>();
        for (PgCatalog.Statistics s : catalog.statistics()) {
            if (!plan.relationsInScope.contains(s.relid())) {
                continue;
            }
            String name = plan.q(s.schema(), s.name());
            StringBuilder sql = new StringBuilder(s.definition()).append(";\n");
            if (s.statisticsTarget() != null && s.statisticsTarget() >= 0) {
                sql.append("ALTER STATISTICS ").append(name).append(" SET STATISTICS ").append(s.statisticsTarget()).append(";\n");
            }
            sql.append(PlanContext.commentText("STATISTICS " + name, s.comment()));
            entries.add(new DumpPlan.Entry(PlanContext.label(s.name(), "STATISTICS", s.schema()), sql.toString()));
        }
        return entries;
    }

    /** Per relation: its replica identity when not the default, then the index it is clustered on. */
    List<DumpPlan.Entry> replicaIdentityAndClustering(List<PgCatalog.Relation> inScope) {
        List<DumpPlan.Entry> entries = new ArrayList<>();
        for (PgCatalog.Relation r : inScope) {
            String table = plan.q(r.schema(), r.name());
            List<PgCatalog.Index> indexes = catalog.indexesOf(r.oid());
            String identity = switch (r.replicaIdentity()) {
                case 'n' -> "NOTHING";
                case 'f' -> "FULL";
                case 'i' -> indexes.stream().filter(PgCatalog.Index::replicaIdentity)
                        .findFirst().map(i -> "USING INDEX " + plan.quote(i.name())).orElse(null);
                default -> null;
            };
            if (identity != null && (r.kind() == 'r' || r.kind() == 'p' || r.kind() == 'm')) {
                entries.add(new DumpPlan.Entry(PlanContext.label(r.name(), "REPLICA IDENTITY", r.schema()),
                        "ALTER TABLE ONLY " + table + " REPLICA IDENTITY " + identity + ";\n"));
            }
            for (PgCatalog.Index i : indexes) {
                if (i.clustered()) {
                    entries.add(new DumpPlan.Entry(PlanContext.label(r.name(), "CLUSTER", r.schema()),
                            "ALTER TABLE " + table + " CLUSTER ON " + plan.quote(i.name()) + ";\n"));
                }
            }
        }
        return entries;
    }

    private String constraintComment(PgCatalog.Constraint c, String table) {
        return PlanContext.commentText("CONSTRAINT " + plan.quote(c.name()) + " ON " + table, c.comment());
    }

    private int partitionDepth(PgCatalog.Relation r) {
        int levels = 0;
        PgCatalog.Relation current = r;
        while (current != null && current.isPartition() && !current.parents().isEmpty() && levels < 64) {
            current = catalog.relation(current.parents().get(0));
            levels++;
        }
        return levels;
    }
}
