package dev.railyard.backup.postgres;

import dev.railyard.backup.BackupOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What every part of a {@link DumpPlan} shares: the catalog, the options and scope, the name
 * quoting, the warnings found so far, and the pieces of text all kinds of object are written
 * with (labels, comments, owners, grants).
 */
final class PlanContext {

    final PgCatalog catalog;
    final BackupOptions options;
    final PgNames names;
    final DumpScope scope;
    /** Oids of the relations the backup covers (without those left out). */
    final Set<Long> relationsInScope;
    /** What the backup leaves out because it depends on something not reproduced. */
    final LeftOutObjects leftOut;
    /** In the order they were found; {@link DumpPlan#warnings()} drops repeats. */
    final List<String> warnings = new ArrayList<>();

    PlanContext(PgCatalog catalog, BackupOptions options) {
        this.catalog = catalog;
        this.options = options;
        this.names = new PgNames(catalog.reservedKeywords());
        this.scope = new DumpScope(options);
        Set<Long> relations = scope.relations(catalog);
        this.leftOut = new LeftOutObjects(catalog, names, scope, relations);
        this.relationsInScope = leftOut.without(relations);
    }

    void warn(String warning) {
        warnings.add(warning);
    }

    String q(String schema, String name) {
        return names.qualified(schema, name);
    }

    String quote(String name) {
        return names.quote(name);
    }

    String relationName(long oid) {
        PgCatalog.Relation r = catalog.relation(oid);
        if (r == null) {
            throw new IllegalStateException("Relation " + oid + " is not in the catalog");
        }
        return q(r.schema(), r.name());
    }

    /** The "Name: ...; Type: ...; Schema: ..." line written above an object's statements. */
    static String label(String name, String type, String schema) {
        return "Name: " + name + "; Type: " + type + (schema == null ? "" : "; Schema: " + schema);
    }

    void comment(StringBuilder sql, String target, String comment) {
        sql.append(commentText(target, comment));
    }

    static String commentText(String target, String comment) {
        if (comment == null) {
            return "";
        }
        return "COMMENT ON " + target + " IS " + PgNames.literal(comment) + ";\n";
    }

    void owner(StringBuilder sql, String target, String owner) {
        if (options.owners() && owner != null) {
            sql.append("ALTER ").append(target).append(" OWNER TO ").append(quote(owner)).append(";\n");
        }
    }

    /** A table's or view's grants, then its columns' grants. */
    void tableGrants(StringBuilder sql, PgCatalog.Relation r, String target) {
        if (r.hasAcl()) {
            grants(sql, target, r.owner(), r.acl());
        }
        for (PgCatalog.Column c : catalog.columns(r.oid())) {
            for (PgCatalog.Grant g : c.acl()) {
                sql.append("GRANT ").append(g.privilege()).append(" (").append(quote(c.name())).append(") ON ")
                        .append(target).append(" TO ").append(grantee(g)).append(g.grantable() ? " WITH GRANT OPTION" : "")
                        .append(";\n");
            }
        }
    }

    /**
     * Privileges as they are: everything revoked from PUBLIC and the owner first, then each
     * grant of the ACL. Grants made by someone else than the owner are written as the owner's.
     */
    void grants(StringBuilder sql, String target, String owner, List<PgCatalog.Grant> acl) {
        sql.append("REVOKE ALL ON ").append(target).append(" FROM PUBLIC;\n");
        if (owner != null) {
            sql.append("REVOKE ALL ON ").append(target).append(" FROM ").append(quote(owner)).append(";\n");
        }
        for (PgCatalog.Grant g : acl) {
            sql.append("GRANT ").append(g.privilege()).append(" ON ").append(target).append(" TO ").append(grantee(g))
                    .append(g.grantable() ? " WITH GRANT OPTION" : "").append(";\n");
        }
    }

    private String grantee(PgCatalog.Grant g) {
        return g.grantee().equals("PUBLIC") ? "PUBLIC" : quote(g.grantee());
    }

    /** The ENABLE/DISABLE word of a trigger's or rule's state; null for the default (on, origin). */
    static String enabledState(char enabled) {
        return switch (enabled) {
            case 'D' -> "DISABLE";
            case 'R' -> "ENABLE REPLICA";
            case 'A' -> "ENABLE ALWAYS";
            default -> null;
        };
    }
}
