package dev.railyard.backup.postgres;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Triggers and rules of the relations in scope, with their enabled state: post-data, so loading the rows fires none. */
final class TriggerAndRuleDdl {

    private final PlanContext plan;

    TriggerAndRuleDdl(PlanContext plan) {
        this.plan = plan;
    }

    List<DumpPlan.Entry> triggers() {
        List<DumpPlan.Entry> entries = new ArrayList<>();
        Map<Long, PgCatalog.Trigger> byOid = new HashMap<>();
        plan.catalog.triggers().forEach(t -> byOid.put(t.oid(), t));
        List<PgCatalog.Trigger> clones = new ArrayList<>();
        for (PgCatalog.Trigger t : plan.catalog.triggers()) {
            if (!plan.relationsInScope.contains(t.relid()) || plan.leftOut.contains('g', t.oid())) {
                continue;
            }
            if (t.parentId() != 0) {
                clones.add(t); // a clone of the partitioned table's trigger: made by the parent's CREATE TRIGGER
                continue;
            }
            PgCatalog.Relation r = plan.catalog.relation(t.relid());
            String table = plan.q(r.schema(), r.name());
            StringBuilder sql = new StringBuilder(t.definition()).append(";\n");
            String state = PlanContext.enabledState(t.enabled());
            if (state != null) {
                sql.append("ALTER TABLE ").append(table).append(' ').append(state).append(" TRIGGER ").append(plan.quote(t.name()))
                        .append(";\n");
            }
            sql.append(PlanContext.commentText("TRIGGER " + plan.quote(t.name()) + " ON " + table, t.comment()));
            entries.add(new DumpPlan.Entry(PlanContext.label(r.name() + " " + t.name(), "TRIGGER", r.schema()), sql.toString()));
        }
        entries.addAll(cloneStates(clones, byOid));
        return entries;
    }

    /**
     * A partition's clone that was enabled or disabled apart from its parent's trigger (ALTER
     * TABLE p_2024 DISABLE TRIGGER t): set so again once the parent's trigger (whose state
     * statement reaches every partition) exists, upper partition levels first; and a comment
     * on a clone (pg_dump 18 drops those).
     */
    private List<DumpPlan.Entry> cloneStates(List<PgCatalog.Trigger> clones, Map<Long, PgCatalog.Trigger> byOid) {
        List<PgCatalog.Trigger> own = new ArrayList<>();
        for (PgCatalog.Trigger t : clones) {
            PgCatalog.Trigger parent = byOid.get(t.parentId());
            if (parent != null && (parent.enabled() != t.enabled() || t.comment() != null)) {
                own.add(t);
            }
        }
        own.sort(Comparator.comparingInt(t -> cloneDepth(t, byOid)));
        List<DumpPlan.Entry> entries = new ArrayList<>();
        for (PgCatalog.Trigger t : own) {
            PgCatalog.Relation r = plan.catalog.relation(t.relid());
            String table = plan.q(r.schema(), r.name());
            StringBuilder sql = new StringBuilder();
            if (byOid.get(t.parentId()).enabled() != t.enabled()) {
                String state = PlanContext.enabledState(t.enabled());
                sql.append("ALTER TABLE ").append(table).append(' ').append(state == null ? "ENABLE" : state).append(" TRIGGER ")
                        .append(plan.quote(t.name())).append(";\n");
            }
            sql.append(PlanContext.commentText("TRIGGER " + plan.quote(t.name()) + " ON " + table, t.comment()));
            entries.add(new DumpPlan.Entry(PlanContext.label(r.name() + " " + t.name(), "TRIGGER", r.schema()), sql.toString()));
        }
        return entries;
    }

    private static int cloneDepth(PgCatalog.Trigger t, Map<Long, PgCatalog.Trigger> byOid) {
        int depth = 0;
        for (PgCatalog.Trigger current = t; current != null && current.parentId() != 0 && depth < 64; depth++) {
            current = byOid.get(current.parentId());
        }
        return depth;
    }

    List<DumpPlan.Entry> rules() {
        List<DumpPlan.Entry> entries = new ArrayList<>();
        for (PgCatalog.Rule rule : plan.catalog.rules()) {
            if (!plan.relationsInScope.contains(rule.relid()) || plan.leftOut.contains('W', rule.oid())) {
                continue;
            }
            PgCatalog.Relation r = plan.catalog.relation(rule.relid());
            String table = plan.q(r.schema(), r.name());
            StringBuilder sql = new StringBuilder(rule.definition().stripTrailing());
            if (!sql.toString().endsWith(";")) {
                sql.append(';');
            }
            sql.append('\n');
            String state = PlanContext.enabledState(rule.enabled());
            if (state != null) {
                sql.append("ALTER TABLE ").append(table).append(' ').append(state).append(" RULE ").append(plan.quote(rule.name()))
                        .append(";\n");
            }
            sql.append(PlanContext.commentText("RULE " + plan.quote(rule.name()) + " ON " + table, rule.comment()));
            entries.add(new DumpPlan.Entry(PlanContext.label(r.name() + " " + rule.name(), "RULE", r.schema()), sql.toString()));
        }
        return entries;
    }
}
