package dev.railyard.backup.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * Enums (labels in their order), domains with their constraints, composite and range types, base
 * types whose support functions can be recreated (a shell type first, see {@link #shellSql}) and
 * shell types.
 * A domain constraint that was added NOT VALID is added again after the data, as it was:
 * those statements are collected in {@link #afterData()}.
 */
final class TypeDdl {

    private final PlanContext plan;
    private final List<DumpPlan.Entry> afterData = new ArrayList<>();

    TypeDdl(PlanContext plan) {
        this.plan = plan;
    }

    static String typeLabel(PgCatalog.Type type) {
        return type.kind() == 'd' ? "DOMAIN" : "TYPE";
    }

    /** Domain constraints to add unvalidated after the data, for the types written so far. */
    List<DumpPlan.Entry> afterData() {
        return afterData;
    }

    /** The type's statements; empty (with a warning) for a kind the engine does not reproduce. */
    String typeSql(PgCatalog.Type type) {
        String name = plan.q(type.schema(), type.name());
        StringBuilder sql = new StringBuilder();
        switch (type.kind()) {
            case 'e' -> enumSql(sql, name, type);
            case 'd' -> domainSql(sql, name, type);
            case 'c' -> compositeSql(sql, name, type);
            case 'r' -> rangeSql(sql, name, type);
            case 'b' -> {
                if (type.base() == null || type.base().notReproducible() != null) {
                    return ""; // named by LeftOutObjects, with what depends on it
                }
                baseSql(sql, name, type.base());
            }
            case 'p' -> sql.append(shellSql(type));
            default -> {
                plan.warn("Not reproduced: type " + name + " of kind " + type.kind());
                return "";
            }
        }
        String keyword = type.kind() == 'd' ? "DOMAIN " : "TYPE ";
        plan.comment(sql, keyword + name, type.comment());
        plan.owner(sql, keyword + name, type.owner());
        if (plan.options.privileges() && type.hasAcl()) {
            plan.grants(sql, "TYPE " + name, type.owner(), type.acl());
        }
        return sql.toString();
    }

    /**
     * "CREATE TYPE name;": the shell a base type's support functions are created with, before the
     * type itself (they take or return it).
     */
    String shellSql(PgCatalog.Type type) {
        return "CREATE TYPE " + plan.q(type.schema(), type.name()) + ";\n";
    }

    /** Oids are not needed: CREATE TYPE finds each support function by its name and the arguments it must take. */
    private void baseSql(StringBuilder sql, String name, PgCatalog.BaseDefinition b) {
        List<String> parts = new ArrayList<>();
        parts.add("INTERNALLENGTH = " + (b.length() < 0 ? "variable" : Integer.toString(b.length())));
        parts.add("INPUT = " + b.input());
        parts.add("OUTPUT = " + b.output());
        addIf(parts, "RECEIVE", b.receive());
        addIf(parts, "SEND", b.send());
        addIf(parts, "TYPMOD_IN", b.typmodIn());
        addIf(parts, "TYPMOD_OUT", b.typmodOut());
        addIf(parts, "ANALYZE", b.analyze());
        addIf(parts, "SUBSCRIPT", b.subscript());
        if (b.defaultValue() != null) {
            parts.add("DEFAULT = " + PgNames.literal(b.defaultValue()));
        }
        if (b.element() != null) {
            parts.add("ELEMENT = " + b.element());
        }
        if (b.delimiter() != null && !b.delimiter().equals(",")) {
            parts.add("DELIMITER = " + PgNames.literal(b.delimiter()));
        }
        if (b.category() != 0 && b.category() != 'U') {
            parts.add("CATEGORY = " + PgNames.literal(String.valueOf(b.category())));
        }
        if (b.preferred()) {
            parts.add("PREFERRED = true");
        }
        if (b.collatable()) {
            parts.add("COLLATABLE = true");
        }
        parts.add("ALIGNMENT = " + switch (b.alignment()) {
            case 'c' -> "char";
            case 's' -> "int2";
            case 'd' -> "double";
            default -> "int4";
        });
        parts.add("STORAGE = " + switch (b.storage()) {
            case 'e' -> "external";
            case 'x' -> "extended";
            case 'm' -> "main";
            default -> "plain";
        });
        if (b.byValue()) {
            parts.add("PASSEDBYVALUE");
        }
        sql.append("CREATE TYPE ").append(name).append(" (\n    ").append(String.join(",\n    ", parts)).append("\n);\n");
    }

    private static void addIf(List<String> parts, String option, String function) {
        if (function != null) {
            parts.add(option + " = " + function);
        }
    }

    private void enumSql(StringBuilder sql, String name, PgCatalog.Type type) {
        sql.append("CREATE TYPE ").append(name).append(" AS ENUM (");
        List<String> labels = type.enumLabels();
        for (int i = 0; i < labels.size(); i++) {
            sql.append(i == 0 ? "\n    " : ",\n    ").append(PgNames.literal(labels.get(i)));
        }
        sql.append(labels.isEmpty() ? ");\n" : "\n);\n");
    }

    private void domainSql(StringBuilder sql, String name, PgCatalog.Type type) {
        sql.append("CREATE DOMAIN ").append(name).append(" AS ").append(type.domainBase());
        if (type.domainCollation() != null) {
            sql.append(" COLLATE ").append(type.domainCollation());
        }
        if (type.domainDefault() != null) {
            sql.append(" DEFAULT ").append(type.domainDefault());
        }
        List<PgCatalog.Constraint> checks = plan.catalog.constraintsOfType(type.oid()).stream().filter(c -> c.type() == 'c').toList();
        for (PgCatalog.Constraint c : checks) {
            if (c.validated()) {
                sql.append("\n    CONSTRAINT ").append(plan.quote(c.name())).append(' ').append(c.definition());
            }
        }
        // PostgreSQL 17+ names a domain's NOT NULL in pg_constraint: keep the name (and its comment).
        PgCatalog.Constraint notNull = plan.catalog.constraintsOfType(type.oid()).stream()
                .filter(c -> c.type() == 'n').findFirst().orElse(null);
        if (notNull != null && notNull.validated()) {
            sql.append("\n    CONSTRAINT ").append(plan.quote(notNull.name())).append(' ').append(notNull.definition());
        } else if (notNull == null && type.domainNotNull()) {
            sql.append(" NOT NULL");
        }
        sql.append(";\n");
        List<PgCatalog.Constraint> named = new ArrayList<>(checks);
        if (notNull != null) {
            named.add(notNull);
        }
        for (PgCatalog.Constraint c : named) {
            String target = "CONSTRAINT " + plan.quote(c.name()) + " ON DOMAIN " + name;
            if (!c.validated()) {
                // Rows stored before the constraint may break it: add it unvalidated, as it was.
                afterData.add(new DumpPlan.Entry(PlanContext.label(c.name(), "CONSTRAINT", type.schema()), "ALTER DOMAIN " + name
                        + " ADD CONSTRAINT " + plan.quote(c.name()) + " " + c.definition() + ";\n"
                        + PlanContext.commentText(target, c.comment())));
            } else {
                plan.comment(sql, target, c.comment());
            }
        }
    }

    private void compositeSql(StringBuilder sql, String name, PgCatalog.Type type) {
        sql.append("CREATE TYPE ").append(name).append(" AS (");
        List<PgCatalog.CompositeAttribute> attributes = type.attributes();
        for (int i = 0; i < attributes.size(); i++) {
            PgCatalog.CompositeAttribute a = attributes.get(i);
            sql.append(i == 0 ? "\n    " : ",\n    ").append(plan.quote(a.name())).append(' ').append(a.type());
            if (a.collation() != null) {
                sql.append(" COLLATE ").append(a.collation());
            }
        }
        sql.append(attributes.isEmpty() ? ");\n" : "\n);\n");
        for (PgCatalog.CompositeAttribute a : attributes) {
            plan.comment(sql, "COLUMN " + name + "." + plan.quote(a.name()), a.comment());
        }
    }

    private void rangeSql(StringBuilder sql, String name, PgCatalog.Type type) {
        PgCatalog.RangeDefinition r = type.range();
        sql.append("CREATE TYPE ").append(name).append(" AS RANGE (\n    subtype = ").append(r.subtype());
        if (r.opclass() != null) {
            sql.append(",\n    subtype_opclass = ").append(r.opclass());
        }
        if (r.collation() != null) {
            sql.append(",\n    collation = ").append(r.collation());
        }
        if (r.canonical() != null) {
            plan.warn("Range type " + name + ": its canonical function " + r.canonical()
                    + " is not reproduced (it needs a shell type and a C function)");
        }
        if (r.subtypeDiff() != null) {
            sql.append(",\n    subtype_diff = ").append(r.subtypeDiff());
        }
        if (r.multirange() != null && !r.multirange().equals(defaultMultirangeName(type))) {
            sql.append(",\n    multirange_type_name = ").append(r.multirange());
        }
        sql.append("\n);\n");
    }

    /** PostgreSQL's default multirange name: "range" in the name becomes "multirange", else "_multirange" is appended. */
    private String defaultMultirangeName(PgCatalog.Type type) {
        String n = type.name();
        int at = n.indexOf("range");
        String multi = at >= 0 ? n.substring(0, at) + "multirange" + n.substring(at + 5) : n + "_multirange";
        return plan.q(type.schema(), multi);
    }
}
