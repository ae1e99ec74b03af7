package dev.railyard.backup.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tables with their columns (defaults, identity, generated, NOT NULL, collations, storage and
 * statistics settings), inheritance and partitions, and sequences: the CREATE statements of the
 * pre-data section.
 */
final class TableDdl {

    private final PlanContext plan;
    private final PgCatalog catalog;

    TableDdl(PlanContext plan) {
        this.plan = plan;
        this.catalog = plan.catalog;
    }

    String sequenceSql(PgCatalog.Relation r, PgCatalog.Sequence s) {
        String name = plan.q(r.schema(), r.name());
        StringBuilder sql = new StringBuilder("CREATE ");
        if (r.persistence() == 'u') {
            sql.append("UNLOGGED ");
        }
        sql.append("SEQUENCE ").append(name).append('\n');
        sequenceOptions(sql, s, "    ", "\n", true);
        sql.append(";\n");
        plan.comment(sql, "SEQUENCE " + name, r.comment());
        plan.owner(sql, "SEQUENCE " + name, r.owner());
        if (plan.options.privileges() && r.hasAcl()) {
            plan.grants(sql, "SEQUENCE " + name, r.owner(), r.acl());
        }
        return sql.toString();
    }

    /** "ALTER SEQUENCE ... OWNED BY ...", or an empty string when the owner is not in the backup. */
    String ownedBySql(PgCatalog.Relation r, PgCatalog.Sequence s) {
        PgCatalog.Relation owner = catalog.relation(s.ownedByRelid());
        if (owner == null || !plan.relationsInScope.contains(owner.oid())) {
            return "";
        }
        return "ALTER SEQUENCE " + plan.q(r.schema(), r.name()) + " OWNED BY " + plan.q(owner.schema(), owner.name()) + '.'
                + plan.quote(s.ownedByColumn()) + ";\n";
    }

    private void sequenceOptions(StringBuilder sql, PgCatalog.Sequence s, String indent, String separator, boolean withType) {
        List<String> parts = new ArrayList<>();
        if (withType) {
            parts.add("AS " + s.dataType());
        }
        parts.add("START WITH " + s.start());
        parts.add("INCREMENT BY " + s.increment());
        parts.add("MINVALUE " + s.min());
        parts.add("MAXVALUE " + s.max());
        parts.add("CACHE " + s.cache());
        if (s.cycle()) {
            parts.add("CYCLE");
        }
        sql.append(indent).append(String.join(separator + indent, parts));
    }

    String tableSql(PgCatalog.Relation r) {
        return tableSql(r, Set.of());
    }

    /** The table's CREATE statement; defaults named in {@code defaultsApart} ("relid:column") are left out. */
    String tableSql(PgCatalog.Relation r, Set<String> defaultsApart) {
        String name = plan.q(r.schema(), r.name());
        StringBuilder sql = new StringBuilder("CREATE ");
        if (r.persistence() == 'u') {
            sql.append("UNLOGGED ");
        }
        sql.append("TABLE ").append(name).append(" (");
        boolean inheritanceChild = !r.parents().isEmpty() && !r.isPartition();
        List<PgCatalog.Column> columns = catalog.columns(r.oid());
        List<PgCatalog.Constraint> constraints = catalog.constraintsOf(r.oid());
        List<String> lines = new ArrayList<>();
        StringBuilder after = new StringBuilder();
        for (PgCatalog.Column c : columns) {
            if (inheritanceChild && !c.local()) {
                inheritedColumnChanges(after, r, c);
                continue;
            }
            lines.add(columnSql(r, c, constraints, defaultsApart.contains(r.oid() + ":" + c.num())));
        }
        for (PgCatalog.Constraint c : constraints) {
            if (c.type() == 'c' && c.validated() && (c.local() || r.isPartition())) {
                lines.add("CONSTRAINT " + plan.quote(c.name()) + " " + c.definition());
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            sql.append(i == 0 ? "\n    " : ",\n    ").append(lines.get(i));
        }
        sql.append(lines.isEmpty() ? ")" : "\n)");
        if (inheritanceChild) {
            sql.append("\nINHERITS (").append(r.parents().stream().map(plan::relationName).collect(Collectors.joining(", "))).append(")");
        }
        if (r.partitionKey() != null) {
            sql.append("\nPARTITION BY ").append(r.partitionKey());
        }
        if (r.accessMethod() != null && !r.accessMethod().equals("heap") && r.kind() != 'p') {
            sql.append("\nUSING ").append(plan.quote(r.accessMethod()));
        }
        if (!r.options().isEmpty()) {
            sql.append("\nWITH (").append(String.join(", ", r.options())).append(")");
        }
        sql.append(";\n");
        if (r.isPartition() && !r.parents().isEmpty()) {
            sql.append("ALTER TABLE ONLY ").append(plan.relationName(r.parents().get(0))).append(" ATTACH PARTITION ").append(name)
                    .append(' ').append(r.partitionBound()).append(";\n");
        }
        sql.append(after);
        for (PgCatalog.Column c : columns) {
            columnSettings(sql, name, c);
        }
        if (r.tablespace() != null) {
            plan.warn("Table " + name + " is in tablespace " + r.tablespace() + "; it is restored into the default tablespace");
        }
        if (r.ofType() != null) {
            // Made with the type's columns, in its order: the table becomes typed again.
            sql.append("ALTER TABLE ONLY ").append(name).append(" OF ").append(r.ofType()).append(";\n");
        }
        plan.comment(sql, "TABLE " + name, r.comment());
        for (PgCatalog.Column c : columns) {
            plan.comment(sql, "COLUMN " + name + "." + plan.quote(c.name()), c.comment());
        }
        plan.owner(sql, "TABLE " + name, r.owner());
        if (plan.options.privileges()) {
            plan.tableGrants(sql, r, "TABLE " + name);
        }
        return sql.toString();
    }

    private String columnSql(PgCatalog.Relation r, PgCatalog.Column c, List<PgCatalog.Constraint> constraints, boolean defaultApart) {
        StringBuilder sql = new StringBuilder(plan.quote(c.name())).append(' ').append(c.type());
        if (c.collation() != null) {
            sql.append(" COLLATE ").append(c.collation());
        }
        if (c.isGenerated() && c.defaultExpression() != null) {
            sql.append(" GENERATED ALWAYS AS (").append(c.defaultExpression()).append(c.generated() == 'v' ? ") VIRTUAL" : ") STORED");
        } else if (c.defaultExpression() != null && !defaultApart) {
            sql.append(" DEFAULT ").append(c.defaultExpression());
        }
        if (c.notNull()) {
            // PostgreSQL 18 names NOT NULL constraints (a partition's carries its parent's name), may add one
            // NOT VALID (rows with NULLs stay: it is added after the data, see ConstraintAndIndexDdl) or NO INHERIT.
            PgCatalog.Constraint constraint = constraints.stream()
                    .filter(k -> k.type() == 'n' && c.name().equals(k.column()))
                    .findFirst().orElse(null);
            if (constraint == null) {
                sql.append(" NOT NULL");
            } else if (constraint.validated()) {
                sql.append(" CONSTRAINT ").append(plan.quote(constraint.name())).append(" NOT NULL");
                if (constraint.definition() != null && constraint.definition().endsWith(" NO INHERIT")) {
                    sql.append(" NO INHERIT");
                }
            }
        }
        PgCatalog.Relation sequence = c.isIdentity() ? catalog.identitySequence(r.oid(), c.name()) : null;
        // A partition's identity column takes its parent's identity (PostgreSQL 17+): only the parent declares it.
        boolean inheritsIdentity = r.isPartition() && sequence == null;
        if (c.isIdentity() && !inheritsIdentity) {
            sql.append(c.identity() == 'a' ? " GENERATED ALWAYS AS IDENTITY" : " GENERATED BY DEFAULT AS IDENTITY");
            if (sequence != null) {
                sql.append(" (\n        SEQUENCE NAME ").append(plan.q(sequence.schema(), sequence.name())).append('\n');
                sequenceOptions(sql, catalog.sequence(sequence.oid()), "        ", "\n", false);
                sql.append("\n    )");
            }
        }
        return sql.toString();
    }

    /** An inherited column of an inheritance child: its own default or NOT NULL, when the parent's differ. */
    private void inheritedColumnChanges(StringBuilder sql, PgCatalog.Relation r, PgCatalog.Column c) {
        PgCatalog.Column parentColumn = null;
        for (long parent : r.parents()) {
            for (PgCatalog.Column pc : catalog.columns(parent)) {
                if (pc.name().equals(c.name())) {
                    parentColumn = pc;
                }
            }
        }
        String name = plan.q(r.schema(), r.name());
        if (c.defaultExpression() != null && !c.isGenerated()
                && (parentColumn == null || !c.defaultExpression().equals(parentColumn.defaultExpression()))) {
            sql.append("ALTER TABLE ONLY ").append(name).append(" ALTER COLUMN ").append(plan.quote(c.name()))
                    .append(" SET DEFAULT ").append(c.defaultExpression()).append(";\n");
        }
        if (c.notNull() && (parentColumn == null || !parentColumn.notNull())) {
            sql.append("ALTER TABLE ONLY ").append(name).append(" ALTER COLUMN ").append(plan.quote(c.name()))
                    .append(" SET NOT NULL;\n");
        }
    }

    private void columnSettings(StringBuilder sql, String table, PgCatalog.Column c) {
        String prefix = "ALTER TABLE ONLY " + table + " ALTER COLUMN " + plan.quote(c.name());
        if (c.statisticsTarget() != null && c.statisticsTarget() >= 0) {
            sql.append(prefix).append(" SET STATISTICS ").append(c.statisticsTarget()).append(";\n");
        }
        if (c.storage() != null) {
            String storage = switch (c.storage()) {
                case "p" -> "PLAIN";
                case "e" -> "EXTERNAL";
                case "m" -> "MAIN";
                default -> "EXTENDED";
            };
            sql.append(prefix).append(" SET STORAGE ").append(storage).append(";\n");
        }
        if (!c.options().isEmpty()) {
            sql.append(prefix).append(" SET (").append(String.join(", ", c.options())).append(");\n");
        }
        if (c.compression() != null) {
            String method = switch (c.compression()) {
                case "p" -> "pglz";
                case "l" -> "lz4";
                default -> null;
            };
            if (method != null) {
                sql.append(prefix).append(" SET COMPRESSION ").append(method).append(";\n");
            }
        }
    }

    /** "ALTER TABLE ONLY ... ALTER COLUMN ... SET DEFAULT ...", for a default set apart from its table (see PreDataOrder). */
    String defaultApartSql(PgCatalog.Relation r, PgCatalog.Column c) {
        return "ALTER TABLE ONLY " + plan.q(r.schema(), r.name()) + " ALTER COLUMN " + plan.quote(c.name())
                + " SET DEFAULT " + c.defaultExpression() + ";\n";
    }
}
