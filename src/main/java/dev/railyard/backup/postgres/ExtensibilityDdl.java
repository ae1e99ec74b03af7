package dev.railyard.backup.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Operators, operator families and classes, casts, access methods, transforms, foreign data
 * wrappers, servers, user mappings and foreign tables: pre-data objects ordered with the others
 * by their pg_depend dependencies (keys: o operator, y family, k class, a cast, m access method,
 * n transform, w wrapper, v server, u user mapping; a foreign table is a relation, r).
 *
 * <p>User mappings keep their options, as pg_dump writes them: a mapping without its password
 * restores but fails at first use. The options are written into the backup file only (which holds
 * the data anyway); labels, warnings and a failed statement's preview never show them.
 */
final class ExtensibilityDdl {

    /** One object for the dependency sort. */
    record Node(String key, String label, String sql) { }

    private final PlanContext plan;
    private final ExtensibilityCatalog objects;

    ExtensibilityDdl(PlanContext plan) {
        this.plan = plan;
        this.objects = plan.catalog.extensibility();
    }

    /**
     * The objects of the schemas in the backup (operators, families, classes), and the ones of no
     * schema (casts, access methods, transforms, wrappers, servers, mappings) in a backup of the
     * whole database only, as pg_dump leaves them out with -n or -t.
     */
    List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        DumpScope scope = plan.scope;
        if (scope.wholeDatabase()) {
            for (ExtensibilityCatalog.AccessMethod a : objects.accessMethods()) {
                nodes.add(new Node("m:" + a.oid(), PlanContext.label(a.name(), "ACCESS METHOD", null), accessMethodSql(a)));
            }
            for (ExtensibilityCatalog.ForeignData w : objects.wrappers()) {
                nodes.add(new Node("w:" + w.oid(), PlanContext.label(w.name(), "FOREIGN DATA WRAPPER", null), wrapperSql(w)));
            }
            for (ExtensibilityCatalog.ForeignData s : objects.servers()) {
                nodes.add(new Node("v:" + s.oid(), PlanContext.label(s.name(), "SERVER", null), serverSql(s)));
            }
            for (ExtensibilityCatalog.ForeignData u : objects.userMappings()) {
                if (u.optionsHidden()) {
                    plan.warn("User mapping for " + u.name() + " on server " + u.server() + ": its options (user, password) "
                            + "are readable only by a superuser or the server's owner; it is restored without them");
                }
                nodes.add(new Node("u:" + u.oid(), PlanContext.label("USER MAPPING " + u.name() + " SERVER " + u.server(),
                        "USER MAPPING", null), userMappingSql(u)));
            }
        }
        for (ExtensibilityCatalog.Operator o : objects.operators()) {
            if (scope.schemaIncluded(o.schema())) {
                nodes.add(new Node("o:" + o.oid(), PlanContext.label(o.name() + "(" + side(o.left()) + ", " + side(o.right()) + ")",
                        "OPERATOR", o.schema()), operatorSql(o)));
            }
        }
        for (ExtensibilityCatalog.OperatorFamily f : objects.families()) {
            if (scope.schemaIncluded(f.schema())) {
                nodes.add(new Node("y:" + f.oid(), PlanContext.label(f.name() + " USING " + f.method(), "OPERATOR FAMILY", f.schema()),
                        familySql(f)));
            }
        }
        for (ExtensibilityCatalog.OperatorFamily c : objects.classes()) {
            if (scope.schemaIncluded(c.schema())) {
                nodes.add(new Node("k:" + c.oid(), PlanContext.label(c.name() + " USING " + c.method(), "OPERATOR CLASS", c.schema()),
                        classSql(c)));
            }
        }
        if (scope.wholeDatabase()) {
            for (ExtensibilityCatalog.Cast c : objects.casts()) {
                nodes.add(new Node("a:" + c.oid(), PlanContext.label("CAST (" + c.source() + " AS " + c.target() + ")", "CAST", null),
                        castSql(c)));
            }
            for (ExtensibilityCatalog.Transform t : objects.transforms()) {
                nodes.add(new Node("n:" + t.oid(), PlanContext.label("TRANSFORM FOR " + t.type() + " LANGUAGE " + t.language(),
                        "TRANSFORM", null), transformSql(t)));
            }
        } else if (!objects.casts().isEmpty() || !objects.transforms().isEmpty() || !objects.wrappers().isEmpty()
                || !objects.accessMethods().isEmpty()) {
            plan.warn("Not reproduced in a backup of some schemas or tables: casts, transforms, access methods, foreign data "
                    + "wrappers, servers and user mappings (objects of the whole database, as pg_dump -n leaves them out)");
        }
        return nodes;
    }

    private static String side(String type) {
        return type == null ? "NONE" : type;
    }

    String operatorSql(ExtensibilityCatalog.Operator o) {
        String name = plan.quote(o.schema()) + "." + o.name();
        List<String> parts = new ArrayList<>();
        parts.add("FUNCTION = " + o.function());
        if (o.left() != null) {
            parts.add("LEFTARG = " + o.left());
        }
        if (o.right() != null) {
            parts.add("RIGHTARG = " + o.right());
        }
        if (o.commutator() != null) {
            parts.add("COMMUTATOR = " + o.commutator());
        }
        if (o.negator() != null) {
            parts.add("NEGATOR = " + o.negator());
        }
        if (o.restrict() != null) {
            parts.add("RESTRICT = " + o.restrict());
        }
        if (o.join() != null) {
            parts.add("JOIN = " + o.join());
        }
        if (o.hashes()) {
            parts.add("HASHES");
        }
        if (o.merges()) {
            parts.add("MERGES");
        }
        StringBuilder sql = new StringBuilder("CREATE OPERATOR ").append(name).append(" (\n    ")
                .append(String.join(",\n    ", parts)).append("\n);\n");
        String target = "OPERATOR " + name + " (" + side(o.left()) + ", " + side(o.right()) + ")";
        plan.comment(sql, target, o.comment());
        plan.owner(sql, target, o.owner());
        return sql.toString();
    }

    String familySql(ExtensibilityCatalog.OperatorFamily f) {
        String target = "OPERATOR FAMILY " + plan.q(f.schema(), f.name()) + " USING " + plan.quote(f.method());
        StringBuilder sql = new StringBuilder("CREATE ").append(target).append(";\n");
        List<String> members = members(f, true);
        if (!members.isEmpty()) {
            sql.append("ALTER ").append(target).append(" ADD\n    ").append(String.join(",\n    ", members)).append(";\n");
        }
        plan.comment(sql, target, f.comment());
        plan.owner(sql, target, f.owner());
        return sql.toString();
    }

    String classSql(ExtensibilityCatalog.OperatorFamily c) {
        String name = plan.q(c.schema(), c.name());
        StringBuilder sql = new StringBuilder("CREATE OPERATOR CLASS ").append(name).append(c.isDefault() ? " DEFAULT" : "")
                .append(" FOR TYPE ").append(c.type()).append(" USING ").append(plan.quote(c.method()));
        if (!c.familyIsNamesake() && c.family() != null) {
            sql.append(" FAMILY ").append(c.family());
        }
        List<String> members = members(c, false);
        if (c.storage() != null) {
            members.add("STORAGE " + c.storage());
        }
        if (members.isEmpty()) {
            members.add("STORAGE " + c.type()); // AS needs one item; the input type is what no STORAGE means
        }
        sql.append(" AS\n    ").append(String.join(",\n    ", members)).append(";\n");
        String target = "OPERATOR CLASS " + name + " USING " + plan.quote(c.method());
        plan.comment(sql, target, c.comment());
        plan.owner(sql, target, c.owner());
        return sql.toString();
    }

    /** OPERATOR and FUNCTION items; a family's (loose members) always name their types, as ALTER ... ADD needs. */
    private List<String> members(ExtensibilityCatalog.OperatorFamily f, boolean family) {
        List<String> items = new ArrayList<>();
        for (ExtensibilityCatalog.MemberOperator o : f.operators()) {
            items.add("OPERATOR " + o.strategy() + " " + o.operator() + (o.orderBy() == null ? "" : " FOR ORDER BY " + o.orderBy()));
        }
        for (ExtensibilityCatalog.MemberFunction fn : f.functions()) {
            items.add("FUNCTION " + fn.number() + " (" + fn.left() + ", " + fn.right() + ") " + fn.function());
        }
        return items;
    }

    String castSql(ExtensibilityCatalog.Cast c) {
        String target = "CAST (" + c.source() + " AS " + c.target() + ")";
        StringBuilder sql = new StringBuilder("CREATE ").append(target);
        switch (c.method()) {
            case 'b' -> sql.append(" WITHOUT FUNCTION");
            case 'i' -> sql.append(" WITH INOUT");
            default -> sql.append(" WITH FUNCTION ").append(c.function());
        }
        switch (c.context()) {
            case 'a' -> sql.append(" AS ASSIGNMENT");
            case 'i' -> sql.append(" AS IMPLICIT");
            default -> { }
        }
        sql.append(";\n");
        plan.comment(sql, target, c.comment());
        return sql.toString();
    }

    String accessMethodSql(ExtensibilityCatalog.AccessMethod a) {
        String name = plan.quote(a.name());
        StringBuilder sql = new StringBuilder("CREATE ACCESS METHOD ").append(name).append(" TYPE ")
                .append(a.type() == 't' ? "TABLE" : "INDEX").append(" HANDLER ").append(a.handler()).append(";\n");
        plan.comment(sql, "ACCESS METHOD " + name, a.comment());
        return sql.toString();
    }

    String transformSql(ExtensibilityCatalog.Transform t) {
        String target = "TRANSFORM FOR " + t.type() + " LANGUAGE " + plan.quote(t.language());
        List<String> parts = new ArrayList<>();
        if (t.fromSql() != null) {
            parts.add("FROM SQL WITH FUNCTION " + t.fromSql());
        }
        if (t.toSql() != null) {
            parts.add("TO SQL WITH FUNCTION " + t.toSql());
        }
        StringBuilder sql = new StringBuilder("CREATE ").append(target).append(" (").append(String.join(", ", parts)).append(");\n");
        plan.comment(sql, target, t.comment());
        return sql.toString();
    }

    String wrapperSql(ExtensibilityCatalog.ForeignData w) {
        String name = plan.quote(w.name());
        StringBuilder sql = new StringBuilder("CREATE FOREIGN DATA WRAPPER ").append(name);
        if (w.handler() != null) {
            sql.append(" HANDLER ").append(w.handler());
        }
        if (w.validator() != null) {
            sql.append(" VALIDATOR ").append(w.validator());
        }
        sql.append(options(w.options())).append(";\n");
        finish(sql, "FOREIGN DATA WRAPPER " + name, w);
        return sql.toString();
    }

    String serverSql(ExtensibilityCatalog.ForeignData s) {
        String name = plan.quote(s.name());
        StringBuilder sql = new StringBuilder("CREATE SERVER ").append(name);
        if (s.type() != null) {
            sql.append(" TYPE ").append(PgNames.literal(s.type()));
        }
        if (s.version() != null) {
            sql.append(" VERSION ").append(PgNames.literal(s.version()));
        }
        sql.append(" FOREIGN DATA WRAPPER ").append(plan.quote(s.wrapper())).append(options(s.options())).append(";\n");
        finish(sql, "SERVER " + name, s);
        return sql.toString();
    }

    private void finish(StringBuilder sql, String target, ExtensibilityCatalog.ForeignData f) {
        plan.comment(sql, target, f.comment());
        plan.owner(sql, target, f.owner());
        if (plan.options.privileges() && f.hasAcl()) {
            plan.grants(sql, target.startsWith("SERVER ") ? "FOREIGN " + target : target, f.owner(), f.acl());
        }
    }

    String userMappingSql(ExtensibilityCatalog.ForeignData u) {
        String role = u.name().equals("PUBLIC") ? "PUBLIC" : plan.quote(u.name());
        return "CREATE USER MAPPING FOR " + role + " SERVER " + plan.quote(u.server()) + options(u.options()) + ";\n";
    }

    /** A foreign table: columns (with their options), CHECK constraints, parents, server and options. */
    String foreignTableSql(PgCatalog.Relation r) {
        String name = plan.q(r.schema(), r.name());
        ExtensibilityCatalog.ForeignTable ft = objects.foreignTables().get(r.oid());
        boolean inheritanceChild = !r.parents().isEmpty() && !r.isPartition();
        List<String> lines = new ArrayList<>();
        for (PgCatalog.Column c : plan.catalog.columns(r.oid())) {
            if (inheritanceChild && !c.local()) {
                continue;
            }
            StringBuilder line = new StringBuilder(plan.quote(c.name())).append(' ').append(c.type());
            if (ft != null && ft.columnOptions() != null && ft.columnOptions().containsKey(c.name())) {
                line.append(options(ft.columnOptions().get(c.name())));
            }
            if (c.collation() != null) {
                line.append(" COLLATE ").append(c.collation());
            }
            if (c.defaultExpression() != null && !c.isGenerated()) {
                line.append(" DEFAULT ").append(c.defaultExpression());
            } else if (c.isGenerated() && c.defaultExpression() != null) {
                line.append(" GENERATED ALWAYS AS (").append(c.defaultExpression()).append(") STORED");
            }
            if (c.notNull()) {
                line.append(" NOT NULL");
            }
            lines.add(line.toString());
        }
        for (PgCatalog.Constraint c : plan.catalog.constraintsOf(r.oid())) {
            if (c.type() == 'c' && c.validated() && (c.local() || r.isPartition())) {
                lines.add("CONSTRAINT " + plan.quote(c.name()) + " " + c.definition());
            }
        }
        StringBuilder sql = new StringBuilder("CREATE FOREIGN TABLE ").append(name).append(" (");
        for (int i = 0; i < lines.size(); i++) {
            sql.append(i == 0 ? "\n    " : ",\n    ").append(lines.get(i));
        }
        sql.append(lines.isEmpty() ? ")" : "\n)");
        if (inheritanceChild) {
            sql.append("\nINHERITS (").append(r.parents().stream().map(plan::relationName).collect(Collectors.joining(", "))).append(')');
        }
        if (ft != null) {
            sql.append("\nSERVER ").append(plan.quote(ft.server())).append(options(ft.options()));
        }
        sql.append(";\n");
        if (r.isPartition() && !r.parents().isEmpty()) {
            sql.append("ALTER TABLE ONLY ").append(plan.relationName(r.parents().get(0))).append(" ATTACH PARTITION ").append(name)
                    .append(' ').append(r.partitionBound()).append(";\n");
        }
        TableDdl tables = new TableDdl(plan);
        for (PgCatalog.Column c : plan.catalog.columns(r.oid())) {
            tables.columnSettings(sql, "FOREIGN TABLE", name, c);
        }
        plan.comment(sql, "FOREIGN TABLE " + name, r.comment());
        for (PgCatalog.Column c : plan.catalog.columns(r.oid())) {
            plan.comment(sql, "COLUMN " + name + "." + plan.quote(c.name()), c.comment());
        }
        plan.owner(sql, "FOREIGN TABLE " + name, r.owner());
        if (plan.options.privileges()) {
            plan.tableGrants(sql, r, "TABLE " + name);
        }
        return sql.toString();
    }

    private String options(List<ExtensibilityCatalog.Option> options) {
        if (options == null || options.isEmpty()) {
            return "";
        }
        return " OPTIONS (" + options.stream()
                .map(o -> plan.quote(o.name()) + " " + PgNames.literal(o.value() == null ? "" : o.value()))
                .collect(Collectors.joining(", ")) + ")";
    }
}
