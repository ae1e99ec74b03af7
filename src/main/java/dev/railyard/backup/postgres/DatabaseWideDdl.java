package dev.railyard.backup.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * Publications and event triggers: objects of the database rather than of a schema, written
 * only in a whole-database backup (as pg_dump leaves them out with -n or -t), at the very end.
 */
final class DatabaseWideDdl {

    private final PlanContext plan;

    DatabaseWideDdl(PlanContext plan) {
        this.plan = plan;
    }

    /** Publications, then event triggers: created earlier, those would fire on the restore's own statements. */
    List<DumpPlan.Entry> entries() {
        List<DumpPlan.Entry> entries = new ArrayList<>();
        for (PgCatalog.Publication p : plan.catalog.publications()) {
            entries.add(new DumpPlan.Entry(PlanContext.label(p.name(), "PUBLICATION", null), publicationSql(p)));
        }
        for (PgCatalog.EventTrigger t : plan.catalog.eventTriggers()) {
            entries.add(new DumpPlan.Entry(PlanContext.label(t.name(), "EVENT TRIGGER", null), eventTriggerSql(t)));
        }
        return entries;
    }

    /** The publication, then its schemas and tables (with column lists and row filters) one by one, as pg_dump writes them. */
    private String publicationSql(PgCatalog.Publication p) {
        String name = plan.quote(p.name());
        StringBuilder sql = new StringBuilder("CREATE PUBLICATION ").append(name);
        if (p.allTables()) {
            sql.append(" FOR ALL TABLES");
        }
        sql.append(" WITH (publish = ").append(PgNames.literal(p.publish()));
        if (p.viaRoot()) {
            sql.append(", publish_via_partition_root = true");
        }
        sql.append(");\n");
        plan.owner(sql, "PUBLICATION " + name, p.owner());
        plan.comment(sql, "PUBLICATION " + name, p.comment());
        for (String schema : p.schemas()) {
            sql.append("ALTER PUBLICATION ").append(name).append(" ADD TABLES IN SCHEMA ").append(plan.quote(schema))
                    .append(";\n");
        }
        for (PgCatalog.PublishedTable t : p.tables()) {
            PgCatalog.Relation r = plan.catalog.relation(t.relid());
            if (r == null || !plan.relationsInScope.contains(r.oid())) {
                continue;
            }
            sql.append("ALTER PUBLICATION ").append(name).append(" ADD TABLE ONLY ").append(plan.q(r.schema(), r.name()));
            if (!t.columns().isEmpty()) {
                sql.append(" (").append(String.join(", ", t.columns().stream().map(plan::quote).toList())).append(')');
            }
            if (t.filter() != null) {
                sql.append(" WHERE (").append(t.filter()).append(')');
            }
            sql.append(";\n");
        }
        return sql.toString();
    }

    private String eventTriggerSql(PgCatalog.EventTrigger t) {
        String name = plan.quote(t.name());
        StringBuilder sql = new StringBuilder("CREATE EVENT TRIGGER ").append(name).append(" ON ").append(t.event());
        if (!t.tags().isEmpty()) {
            sql.append("\n    WHEN TAG IN (").append(String.join(", ", t.tags().stream().map(PgNames::literal).toList()))
                    .append(')');
        }
        sql.append("\n    EXECUTE FUNCTION ").append(t.function()).append("();\n");
        switch (t.enabled()) {
            case 'D' -> sql.append("ALTER EVENT TRIGGER ").append(name).append(" DISABLE;\n");
            case 'R' -> sql.append("ALTER EVENT TRIGGER ").append(name).append(" ENABLE REPLICA;\n");
            case 'A' -> sql.append("ALTER EVENT TRIGGER ").append(name).append(" ENABLE ALWAYS;\n");
            default -> { }
        }
        plan.owner(sql, "EVENT TRIGGER " + name, t.owner());
        plan.comment(sql, "EVENT TRIGGER " + name, t.comment());
        return sql.toString();
    }
}
