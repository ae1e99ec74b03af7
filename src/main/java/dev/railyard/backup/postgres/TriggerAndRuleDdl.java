package dev.railyard.backup.postgres;

import java.util.ArrayList;
import java.util.List;

/** Triggers and rules of the relations in scope, with their enabled state: post-data, so loading the rows fires none. */
final class TriggerAndRuleDdl {

    private final PlanContext plan;

    TriggerAndRuleDdl(PlanContext plan) {
        this.plan = plan;
    }

    List<DumpPlan.Entry> triggers() {
        List<DumpPlan.Entry> entries = new ArrayList<>();
        for (PgCatalog.Trigger t : plan.catalog.triggers()) {
            if (!plan.relationsInScope.contains(t.relid()) || plan.leftOut.contains('g', t.oid())) {
                continue;
            }
            if (t.parentId() != 0) {
                continue; // a clone of the partitioned table's trigger
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
        return entries;
    }

    List<DumpPlan.Entry> rules() {
        List<DumpPlan.Entry> entries = new ArrayList<>();
        for (PgCatalog.Rule rule : plan.catalog.rules()) {
            if (!plan.relationsInScope.contains(rule.relid()) || plan.leftOut.contains('w', rule.oid())) {
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
