package dev.railyard.backup.postgres;

import java.util.ArrayList;
import java.util.List;

/** Functions and procedures (from pg_get_functiondef) and aggregates (assembled from pg_aggregate). */
final class RoutineDdl {

    private final PlanContext plan;

    RoutineDdl(PlanContext plan) {
        this.plan = plan;
    }

    static String functionKind(PgCatalog.Function f) {
        return switch (f.kind()) {
            case 'p' -> "PROCEDURE";
            case 'a' -> "AGGREGATE";
            default -> "FUNCTION";
        };
    }

    private String functionSignature(PgCatalog.Function f) {
        String args = f.identityArguments();
        if (f.kind() == 'a' && args.isEmpty()) {
            args = "*";
        }
        return plan.q(f.schema(), f.name()) + "(" + args + ")";
    }

    /** The routine's statements; empty (with a warning) for an aggregate whose definition could not be read. */
    String functionSql(PgCatalog.Function f) {
        StringBuilder sql = new StringBuilder();
        String kind = functionKind(f);
        if (f.kind() == 'a') {
            String aggregate = aggregateSql(f);
            if (aggregate == null) {
                return "";
            }
            sql.append(aggregate);
        } else {
            sql.append(f.definition().stripTrailing()).append(";\n");
        }
        String signature = functionSignature(f);
        plan.comment(sql, kind + " " + signature, f.comment());
        plan.owner(sql, kind + " " + signature, f.owner());
        if (plan.options.privileges() && f.hasAcl()) {
            plan.grants(sql, (f.kind() == 'p' ? "PROCEDURE " : "FUNCTION ") + plan.q(f.schema(), f.name())
                    + "(" + f.identityArguments() + ")", f.owner(), f.acl());
        }
        return sql.toString();
    }

    private String aggregateSql(PgCatalog.Function f) {
        PgCatalog.Aggregate a = f.aggregate();
        if (a == null) {
            plan.warn("Not reproduced: aggregate " + functionSignature(f) + " (its definition could not be read)");
            return null;
        }
        String args = f.arguments().isEmpty() ? "*" : f.arguments();
        StringBuilder sql = new StringBuilder("CREATE AGGREGATE ").append(plan.q(f.schema(), f.name())).append("(").append(args)
                .append(") (\n");
        List<String> parts = new ArrayList<>();
        parts.add("SFUNC = " + a.sfunc());
        parts.add("STYPE = " + a.stype());
        if (a.sspace() > 0) {
            parts.add("SSPACE = " + a.sspace());
        }
        if (a.finalfunc() != null) {
            parts.add("FINALFUNC = " + a.finalfunc());
            if (a.finalfuncExtra()) {
                parts.add("FINALFUNC_EXTRA");
            }
            parts.add("FINALFUNC_MODIFY = " + modify(a.finalfuncModify()));
        }
        if (a.combinefunc() != null) {
            parts.add("COMBINEFUNC = " + a.combinefunc());
        }
        if (a.serialfunc() != null) {
            parts.add("SERIALFUNC = " + a.serialfunc());
        }
        if (a.deserialfunc() != null) {
            parts.add("DESERIALFUNC = " + a.deserialfunc());
        }
        if (a.initcond() != null) {
            parts.add("INITCOND = " + PgNames.literal(a.initcond()));
        }
        if (a.msfunc() != null) {
            parts.add("MSFUNC = " + a.msfunc());
            parts.add("MINVFUNC = " + a.minvfunc());
            parts.add("MSTYPE = " + a.mstype());
            if (a.msspace() > 0) {
                parts.add("MSSPACE = " + a.msspace());
            }
            if (a.mfinalfunc() != null) {
                parts.add("MFINALFUNC = " + a.mfinalfunc());
                if (a.mfinalfuncExtra()) {
                    parts.add("MFINALFUNC_EXTRA");
                }
                parts.add("MFINALFUNC_MODIFY = " + modify(a.mfinalfuncModify()));
            }
            if (a.minitcond() != null) {
                parts.add("MINITCOND = " + PgNames.literal(a.minitcond()));
            }
        }
        if (a.sortop() != null) {
            parts.add("SORTOP = OPERATOR(" + a.sortop().replaceFirst("\\(.*$", "") + ")");
        }
        if (a.kind() == 'h') {
            parts.add("HYPOTHETICAL");
        }
        if (f.parallel() == 's') {
            parts.add("PARALLEL = SAFE");
        } else if (f.parallel() == 'r') {
            parts.add("PARALLEL = RESTRICTED");
        }
        sql.append("    ").append(String.join(",\n    ", parts)).append("\n);\n");
        return sql.toString();
    }

    private static String modify(String code) {
        return switch (code == null ? "r" : code) {
            case "s" -> "SHAREABLE";
            case "w" -> "READ_WRITE";
            default -> "READ_ONLY";
        };
    }
}
