package dev.railyard.backup.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Tables with their columns (defaults, identity, generated, NOT NULL, collations, storage and
 * statistics settings), inheritance and partitions, and sequences: the CREATE statements of the
 * pre-data section.
 */
final class TableDdl {

    /** The column options (pg_attribute.attoptions) of PostgreSQL 13 to 18. */
    private static final Set<String> COLUMN_OPTIONS = Set.of("n_distinct", "n_distinct_inherited");
    /**
     * Column options a server keeps for itself, which pg_dump does not copy either: Debian's
     * PostgreSQL 15 (PostGIS) records pg_attver=N. Skipped without a warning.
     */
    private static final Set<String> SERVER_BOOKKEEPING = Set.of("pg_attver");
    private static final Pattern NUMBER = Pattern.compile("-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");

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

    /**
     * The table's CREATE statement; defaults named in {@code defaultsApart} ("relid:column") and
     * CHECK constraints named there ("ck:oid") are left out (see PreDataOrder).
     */
    String tableSql(PgCatalog.Relation r, Set<String> defaultsApart) {
        String name = plan.q(r.schema(), r.name());
        StringBuilder sql = new StringBuilder("CREATE ");
        if (r.persistence() == 'u') {
            sql.append("UNLOGGED ");
        }
        sql.append("TABLE ").append(name);
        if (r.ofType() != null) {
            sql.append(" OF ").append(r.ofType()); // a typed table: its columns come from the type
        }
        sql.append(" (");
        boolean inheritanceChild = !r.parents().isEmpty() && !r.isPartition();
        List<PgCatalog.Column> columns = catalog.columns(r.oid());
        List<PgCatalog.Constraint> constraints = catalog.constraintsOf(r.oid());
        List<String> lines = new ArrayList<>();
        StringBuilder after = new StringBuilder();
        for (PgCatalog.Column c : columns) {
            if (inheritanceChild && !c.local()) {
                PgCatalog.Constraint notNull = notNullOf(constraints, c);
                if (notNull != null && notNull.validated() && declaresOwnNotNull(catalog, r, notNull)) {
                    // PostgreSQL 18: the child's own NOT NULL on an inherited column, with its name (and NO INHERIT).
                    lines.add("CONSTRAINT " + plan.quote(notNull.name()) + " " + notNull.definition());
                }
                inheritedColumnChanges(after, r, c, notNull != null);
                continue;
            }
            String column = columnSql(r, c, constraints, defaultsApart.contains(r.oid() + ":" + c.num()));
            if (r.ofType() != null) {
                // Only what the table adds to the type's column: "name WITH OPTIONS DEFAULT ... NOT NULL".
                String own = column.substring(plan.quote(c.name()).length() + 1 + c.type().length());
                if (!own.isBlank()) {
                    lines.add(plan.quote(c.name()) + " WITH OPTIONS" + own);
                }
                continue;
            }
            lines.add(column);
        }
        for (PgCatalog.Constraint c : constraints) {
            if (c.type() == 'c' && c.validated() && (c.local() || r.isPartition()) && !defaultsApart.contains("ck:" + c.oid())) {
                lines.add("CONSTRAINT " + plan.quote(c.name()) + " " + c.definition());
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            sql.append(i == 0 ? "\n    " : ",\n    ").append(lines.get(i));
        }
        if (lines.isEmpty() && r.ofType() != null) {
            sql.setLength(sql.length() - 2); // CREATE TABLE ... OF type takes no empty list
        } else {
            sql.append(lines.isEmpty() ? ")" : "\n)");
        }
        if (inheritanceChild) {
            sql.append("\nINHERITS (").append(r.parents().stream().map(plan::relationName).collect(Collectors.joining(", "))).append(")");
        }
        if (r.partitionKey() != null) {
            sql.append("\nPARTITION BY ").append(r.partitionKey());
        }
        // A partitioned table has an access method of its own only from PostgreSQL 17 (relam 0 before).
        if (r.accessMethod() != null && !r.accessMethod().equals("heap")) {
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
        identitySequencePersistence(sql, r, columns);
        for (PgCatalog.Column c : columns) {
            columnSettings(sql, name, c);
        }
        if (r.tablespace() != null) {
            plan.warn("Table " + name + " is in tablespace " + r.tablespace() + "; it is restored into the default tablespace");
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
        if (c.isGenerated()) {
            // A generation expression is never written as a default (PostgreSQL refuses one on a generated column).
            if (c.defaultExpression() != null && !inheritsGeneration(r, c)) {
                sql.append(" GENERATED ALWAYS AS (").append(c.defaultExpression()).append(c.generated() == 'v' ? ") VIRTUAL" : ") STORED");
            }
        } else if (c.defaultExpression() != null && !defaultApart) {
            sql.append(" DEFAULT ").append(c.defaultExpression());
        }
        if (c.notNull()) {
            // PostgreSQL 18 names NOT NULL constraints (a partition's carries its parent's name), may add one
            // NOT VALID (rows with NULLs stay: it is added after the data, see ConstraintAndIndexDdl) or NO INHERIT.
            PgCatalog.Constraint constraint = notNullOf(constraints, c);
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

    /** The NOT NULL constraint of a column (PostgreSQL 18 catalogs them); null before 18 or when there is none. */
    private static PgCatalog.Constraint notNullOf(List<PgCatalog.Constraint> constraints, PgCatalog.Column c) {
        return constraints.stream().filter(k -> k.type() == 'n' && c.name().equals(k.column())).findFirst().orElse(null);
    }

    /**
     * Whether an inheritance child declares a NOT NULL constraint of its own, which restoring only
     * its parent's would lose: a local one, or a validated one under parents whose are all NOT VALID
     * (the parents' are added after the data and would not validate the child's rows; one valid
     * parent's gives the child its valid one at creation). As pg_dump 18.
     */
    private static boolean declaresOwnNotNull(PgCatalog catalog, PgCatalog.Relation r, PgCatalog.Constraint notNull) {
        if (notNull.local()) {
            return true;
        }
        if (!notNull.validated()) {
            return false;
        }
        boolean invalidParent = false;
        for (long parent : r.parents()) {
            for (PgCatalog.Constraint k : catalog.constraintsOf(parent)) {
                if (k.type() == 'n' && notNull.column().equals(k.column())) {
                    if (k.validated()) {
                        return false; // a parent's valid one gives the child a valid one when it is created
                    }
                    invalidParent = true;
                }
            }
        }
        return invalidParent;
    }

    /**
     * Whether a column an inheritance child declares itself is generated as its parent's is: then
     * the child inherits the expression. PostgreSQL 13-15 refuse it written again ("child column
     * specifies generation expression"); pg_dump writes the column without it, which every major takes.
     */
    private boolean inheritsGeneration(PgCatalog.Relation r, PgCatalog.Column c) {
        if (r.isPartition() || c.inheritCount() == 0) {
            return false;
        }
        for (long parent : r.parents()) {
            for (PgCatalog.Column pc : catalog.columns(parent)) {
                if (pc.name().equals(c.name()) && pc.isGenerated() && c.defaultExpression().equals(pc.defaultExpression())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * An identity sequence takes its table's persistence (PostgreSQL 15+); one made LOGGED or
     * UNLOGGED apart from its table is set so again.
     */
    private void identitySequencePersistence(StringBuilder sql, PgCatalog.Relation r, List<PgCatalog.Column> columns) {
        if (catalog.server().major() < 15) {
            return;
        }
        for (PgCatalog.Column c : columns) {
            PgCatalog.Relation sequence = c.isIdentity() ? catalog.identitySequence(r.oid(), c.name()) : null;
            if (sequence != null && sequence.persistence() != r.persistence()
                    && (sequence.persistence() == 'u' || sequence.persistence() == 'p')) {
                sql.append("ALTER SEQUENCE ").append(plan.q(sequence.schema(), sequence.name()))
                        .append(sequence.persistence() == 'u' ? " SET UNLOGGED" : " SET LOGGED").append(";\n");
            }
        }
    }

    /**
     * An inherited column of an inheritance child: its own default, or (before PostgreSQL 18, where
     * NOT NULL has no constraint of its own) its NOT NULL, when the parent's differ.
     */
    private void inheritedColumnChanges(StringBuilder sql, PgCatalog.Relation r, PgCatalog.Column c, boolean notNullConstraint) {
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
        if (c.notNull() && !notNullConstraint && (parentColumn == null || !parentColumn.notNull())) {
            sql.append("ALTER TABLE ONLY ").append(name).append(" ALTER COLUMN ").append(plan.quote(c.name()))
                    .append(" SET NOT NULL;\n");
        }
    }

    /**
     * A column's statistics target, storage, options and compression, as ALTER TABLE statements
     * (for tables and materialized views alike).
     */
    void columnSettings(StringBuilder sql, String table, PgCatalog.Column c) {
        columnSettings(sql, "TABLE", table, c);
    }

    /** As {@link #columnSettings(StringBuilder, String, PgCatalog.Column)}, for a kind ("FOREIGN TABLE") of its own. */
    void columnSettings(StringBuilder sql, String kind, String table, PgCatalog.Column c) {
        String prefix = "ALTER " + kind + " ONLY " + table + " ALTER COLUMN " + plan.quote(c.name());
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
        List<String> options = columnOptions(table, c);
        if (!options.isEmpty()) {
            sql.append(prefix).append(" SET (").append(String.join(", ", options)).append(");\n");
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

    /**
     * The column options every major from 13 to 18 understands (n_distinct, n_distinct_inherited,
     * with a numeric value); any other but server bookkeeping is named in a warning instead of
     * breaking the restore.
     */
    private List<String> columnOptions(String table, PgCatalog.Column c) {
        List<String> kept = new ArrayList<>();
        for (String option : c.options()) {
            int at = option.indexOf('=');
            String key = at < 0 ? option : option.substring(0, at);
            String value = at < 0 ? "" : option.substring(at + 1);
            if (COLUMN_OPTIONS.contains(key) && NUMBER.matcher(value).matches()) {
                kept.add(key + "=" + value);
            } else if (!SERVER_BOOKKEEPING.contains(key)) {
                plan.warn("Column " + table + "." + plan.quote(c.name()) + ": option " + option
                        + " is not reproduced (only n_distinct and n_distinct_inherited are copied)");
            }
        }
        return kept;
    }

    /** "ALTER TABLE ONLY ... ALTER COLUMN ... SET DEFAULT ...", for a default set apart from its table (see PreDataOrder). */
    String defaultApartSql(PgCatalog.Relation r, PgCatalog.Column c) {
        return "ALTER TABLE ONLY " + plan.q(r.schema(), r.name()) + " ALTER COLUMN " + plan.quote(c.name())
                + " SET DEFAULT " + c.defaultExpression() + ";\n";
    }
}
