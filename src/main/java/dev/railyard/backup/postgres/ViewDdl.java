package dev.railyard.backup.postgres;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Views and materialized views: created in the pre-data section (materialized ones WITH NO
 * DATA), refreshed at the end of the post-data section.
 */
final class ViewDdl {

    private final PlanContext plan;
    /** Writes a materialized view's column settings, which are a table's. */
    private final TableDdl tables;

    ViewDdl(PlanContext plan) {
        this.plan = plan;
        this.tables = new TableDdl(plan);
    }

    String viewSql(PgCatalog.Relation r) {
        String name = plan.q(r.schema(), r.name());
        boolean materialized = r.kind() == 'm';
        String keyword = materialized ? "MATERIALIZED VIEW " : "VIEW ";
        StringBuilder sql = new StringBuilder("CREATE ").append(keyword).append(name);
        if (materialized && r.accessMethod() != null && !r.accessMethod().equals("heap")) {
            sql.append(" USING ").append(plan.quote(r.accessMethod()));
        }
        sql.append(withOptions(r)).append(" AS\n").append(definition(r));
        sql.append(materialized ? "\n  WITH NO DATA;\n" : ";\n");
        return properties(sql, r, name, keyword);
    }

    /**
     * A view written before the keys it needs exist (see {@link DeferredDefinitions}): a placeholder
     * with the view's columns, names, types and collations, so what reads the view can be created;
     * its real definition, with its options, replaces it later ({@link #replacementSql}).
     */
    String placeholderSql(PgCatalog.Relation r) {
        String name = plan.q(r.schema(), r.name());
        StringBuilder sql = new StringBuilder("CREATE VIEW ").append(name).append(" AS\nSELECT");
        List<PgCatalog.Column> columns = plan.catalog.columns(r.oid());
        for (int i = 0; i < columns.size(); i++) {
            PgCatalog.Column c = columns.get(i);
            sql.append(i == 0 ? "\n    " : ",\n    ").append("NULL::").append(c.type());
            if (c.collation() != null) {
                sql.append(" COLLATE ").append(c.collation());
            }
            sql.append(" AS ").append(plan.quote(c.name()));
        }
        sql.append(";\n");
        return properties(sql, r, name, "VIEW ");
    }

    /** The real definition of a view written as a placeholder, once the keys exist. */
    String replacementSql(PgCatalog.Relation r) {
        return "CREATE OR REPLACE VIEW " + plan.q(r.schema(), r.name()) + withOptions(r) + " AS\n" + definition(r) + ";\n";
    }

    private static String withOptions(PgCatalog.Relation r) {
        return r.options().isEmpty() ? "" : " WITH (" + String.join(", ", r.options()) + ")";
    }

    private static String definition(PgCatalog.Relation r) {
        String definition = r.viewDefinition().strip();
        return definition.endsWith(";") ? definition.substring(0, definition.length() - 1) : definition;
    }

    /** What follows a view's CREATE statement: column defaults, comments, owner, grants. */
    private String properties(StringBuilder sql, PgCatalog.Relation r, String name, String keyword) {
        boolean materialized = r.kind() == 'm';
        List<PgCatalog.Column> columns = plan.catalog.columns(r.oid());
        for (PgCatalog.Column c : columns) {
            if (!materialized && c.defaultExpression() != null) {
                sql.append("ALTER VIEW ").append(name).append(" ALTER COLUMN ").append(plan.quote(c.name()))
                        .append(" SET DEFAULT ").append(c.defaultExpression()).append(";\n");
            }
            if (materialized) {
                tables.columnSettings(sql, name, c);
            }
        }
        if (r.tablespace() != null) {
            plan.warn("Materialized view " + name + " is in tablespace " + r.tablespace() + "; it is restored into the default tablespace");
        }
        plan.comment(sql, keyword + name, r.comment());
        for (PgCatalog.Column c : columns) {
            plan.comment(sql, "COLUMN " + name + "." + plan.quote(c.name()), c.comment());
        }
        plan.owner(sql, keyword + name, r.owner());
        if (plan.options.privileges()) {
            plan.tableGrants(sql, r, "TABLE " + name);
        }
        return sql.toString();
    }

    /** REFRESH of the populated materialized views, in the order pre-data creates them (one may read another). */
    List<DumpPlan.Entry> refreshes(List<PgCatalog.Relation> inScope, List<DumpPlan.Entry> preData) {
        List<DumpPlan.Entry> entries = new ArrayList<>();
        List<PgCatalog.Relation> populated = inScope.stream().filter(r -> r.kind() == 'm' && r.populated()).toList();
        for (PgCatalog.Relation m : preDataOrder(populated, preData)) {
            entries.add(new DumpPlan.Entry(PlanContext.label(m.name(), "MATERIALIZED VIEW DATA", m.schema()),
                    "REFRESH MATERIALIZED VIEW " + plan.q(m.schema(), m.name()) + ";\n"));
        }
        return entries;
    }

    /** Relations in the order pre-data creates them (by their labels). */
    private static List<PgCatalog.Relation> preDataOrder(List<PgCatalog.Relation> relations, List<DumpPlan.Entry> preData) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < preData.size(); i++) {
            position.put(preData.get(i).label(), i);
        }
        List<PgCatalog.Relation> ordered = new ArrayList<>(relations);
        ordered.sort(Comparator.comparingInt(r -> position.getOrDefault(
                PlanContext.label(r.name(), r.kind() == 'm' ? "MATERIALIZED VIEW" : r.kind() == 'v' ? "VIEW" : "TABLE", r.schema()),
                Integer.MAX_VALUE)));
        return ordered;
    }
}
