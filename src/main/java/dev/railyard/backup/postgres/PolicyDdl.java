package dev.railyard.backup.postgres;

import java.util.ArrayList;
import java.util.List;

/** Row-level security: whether a table enables (and forces) it, and its policies. */
final class PolicyDdl {

    private final PlanContext plan;

    PolicyDdl(PlanContext plan) {
        this.plan = plan;
    }

    List<DumpPlan.Entry> rowSecurity(List<PgCatalog.Relation> inScope) {
        List<DumpPlan.Entry> entries = new ArrayList<>();
        for (PgCatalog.Relation r : inScope) {
            String table = plan.q(r.schema(), r.name());
            if (r.rowSecurity()) {
                entries.add(new DumpPlan.Entry(PlanContext.label(r.name(), "ROW SECURITY", r.schema()),
                        "ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY;\n"));
            }
            if (r.forceRowSecurity()) {
                entries.add(new DumpPlan.Entry(PlanContext.label(r.name(), "ROW SECURITY", r.schema()),
                        "ALTER TABLE " + table + " FORCE ROW LEVEL SECURITY;\n"));
            }
        }
        return entries;
    }

    List<DumpPlan.Entry> policies() {
        List<DumpPlan.Entry> entries = new ArrayList<>();
        for (PgCatalog.Policy p : plan.catalog.policies()) {
            if (!plan.relationsInScope.contains(p.relid()) || plan.leftOut.contains('O', p.oid())) {
                continue;
            }
            PgCatalog.Relation r = plan.catalog.relation(p.relid());
            String table = plan.q(r.schema(), r.name());
            StringBuilder sql = new StringBuilder("CREATE POLICY ").append(plan.quote(p.name())).append(" ON ").append(table);
            sql.append(p.permissive() ? "" : " AS RESTRICTIVE");
            String command = switch (p.command()) {
                case 'r' -> "SELECT";
                case 'a' -> "INSERT";
                case 'w' -> "UPDATE";
                case 'd' -> "DELETE";
                default -> null;
            };
            if (command != null) {
                sql.append(" FOR ").append(command);
            }
            if (!p.roles().isEmpty() && !p.roles().equals(List.of("PUBLIC"))) {
                sql.append(" TO ").append(String.join(", ", p.roles()));
            }
            if (p.usingExpression() != null) {
                sql.append(" USING (").append(p.usingExpression()).append(')');
            }
            if (p.checkExpression() != null) {
                sql.append(" WITH CHECK (").append(p.checkExpression()).append(')');
            }
            sql.append(";\n").append(PlanContext.commentText("POLICY " + plan.quote(p.name()) + " ON " + table, p.comment()));
            entries.add(new DumpPlan.Entry(PlanContext.label(r.name() + " " + p.name(), "POLICY", r.schema()), sql.toString()));
        }
        return entries;
    }
}
