package dev.railyard.backup.postgres;

import java.util.ArrayList;
import java.util.List;

/** Schemas, extensions, collations and text search dictionaries and configurations: the first statements of pre-data. */
final class SchemaDdl {

    private final PlanContext plan;

    SchemaDdl(PlanContext plan) {
        this.plan = plan;
    }

    /** The schema's statements; empty for the public schema as it comes with every database. */
    String schemaSql(PgCatalog.Schema schema) {
        StringBuilder sql = new StringBuilder();
        String name = plan.quote(schema.name());
        if (!schema.name().equals("public")) {
            sql.append("CREATE SCHEMA ").append(name).append(";\n");
            plan.owner(sql, "SCHEMA " + name, schema.owner());
        }
        if (schema.comment() != null && !(schema.name().equals("public") && schema.comment().equals("standard public schema"))) {
            plan.comment(sql, "SCHEMA " + name, schema.comment());
        }
        if (plan.options.privileges() && schema.hasAcl() && !schema.name().equals("public")) {
            plan.grants(sql, "SCHEMA " + name, schema.owner(), schema.acl());
        }
        return sql.toString();
    }

    String extensionSql(PgCatalog.Extension extension) {
        StringBuilder sql = new StringBuilder();
        String name = plan.quote(extension.name());
        sql.append("CREATE EXTENSION IF NOT EXISTS ").append(name).append(" WITH SCHEMA ")
                .append(plan.quote(extension.schema())).append(";\n");
        plan.comment(sql, "EXTENSION " + name, extension.comment());
        if (extension.configSequences() > 0) {
            // The user rows of its configuration tables are in the data section (see DumpPlan).
            plan.warn("Extension " + extension.name() + " has configuration sequences; their values are not in the backup "
                    + "(CREATE EXTENSION starts them again)");
        }
        return sql.toString();
    }

    static String textSearchKind(PgCatalog.TextSearch ts) {
        return ts.kind() == 'd' ? "TEXT SEARCH DICTIONARY" : "TEXT SEARCH CONFIGURATION";
    }

    /**
     * A dictionary from its template and init options; a configuration from its parser, then
     * one ADD MAPPING per token type (a configuration made with COPY = has the same mappings).
     */
    String textSearchSql(PgCatalog.TextSearch ts) {
        String target = textSearchKind(ts) + " " + plan.q(ts.schema(), ts.name());
        StringBuilder sql = new StringBuilder("CREATE ").append(target).append(" (\n");
        if (ts.kind() == 'd') {
            sql.append("    TEMPLATE = ").append(ts.template());
            if (ts.options() != null && !ts.options().isBlank()) {
                sql.append(",\n    ").append(ts.options());
            }
            sql.append(" );\n");
        } else {
            sql.append("    PARSER = ").append(ts.parser()).append(" );\n");
            for (PgCatalog.TextSearchMapping m : ts.mappings()) {
                sql.append("ALTER ").append(target).append("\n    ADD MAPPING FOR ").append(plan.quote(m.token()))
                        .append(" WITH ").append(String.join(", ", m.dictionaries())).append(";\n");
            }
        }
        plan.owner(sql, target, ts.owner());
        plan.comment(sql, target, ts.comment());
        return sql.toString();
    }

    String collationSql(PgCatalog.Collation c) {
        String name = plan.q(c.schema(), c.name());
        List<String> parts = new ArrayList<>();
        switch (c.provider()) {
            case 'i' -> {
                parts.add("provider = icu");
                parts.add("locale = " + PgNames.literal(c.locale() == null ? "" : c.locale()));
                if (c.rules() != null) {
                    parts.add("rules = " + PgNames.literal(c.rules()));
                }
            }
            case 'b' -> {
                parts.add("provider = builtin");
                parts.add("locale = " + PgNames.literal(c.locale() == null ? "" : c.locale()));
            }
            default -> {
                parts.add("provider = libc");
                parts.add("lc_collate = " + PgNames.literal(c.lcCollate() == null ? "" : c.lcCollate()));
                parts.add("lc_ctype = " + PgNames.literal(c.lcCtype() == null ? "" : c.lcCtype()));
            }
        }
        if (!c.deterministic()) {
            parts.add("deterministic = false");
        }
        StringBuilder sql = new StringBuilder("CREATE COLLATION ").append(name).append(" (").append(String.join(", ", parts)).append(");\n");
        plan.comment(sql, "COLLATION " + name, c.comment());
        plan.owner(sql, "COLLATION " + name, c.owner());
        return sql.toString();
    }
}
