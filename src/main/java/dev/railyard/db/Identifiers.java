package dev.railyard.db;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Quotes identifiers for the DDL Railyard shows (never for values: those are bind parameters).
 * PostgreSQL names are quoted only when they need it, so a suggested fix reads like a DBA wrote
 * it; MySQL names always get backticks, as SHOW CREATE TABLE prints them.
 */
public final class Identifiers {

    private static final Pattern PG_PLAIN = Pattern.compile("[a-z_][a-z0-9_$]*");

    // PostgreSQL's reserved and type/function-name keywords, plus the column-name keywords that
    // cannot stand alone as a table or schema name. Quoting one too many is harmless.
    private static final Set<String> PG_KEYWORDS = Set.of(
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
            "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check",
            "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create", "cross",
            "current_catalog", "current_date", "current_role", "current_schema", "current_time",
            "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc", "distinct",
            "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float", "for", "foreign",
            "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in",
            "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into", "is", "isnull",
            "join", "json", "lateral", "leading", "least", "left", "like", "limit", "localtime",
            "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null",
            "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay",
            "placing", "position", "precision", "primary", "real", "references", "returning", "right", "row",
            "select", "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric",
            "system_user", "table", "tablesample", "then", "time", "timestamp", "to", "trailing", "treat",
            "trim", "true", "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose",
            "when", "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
            "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable");

    private Identifiers() {
    }

    /** One identifier, quoted for the dialect when needed: {@code orders}, {@code "Order"}, {@code `orders`}. */
    public static String quote(Dialect dialect, String identifier) {
        Objects.requireNonNull(identifier, "identifier");
        if (identifier.isEmpty()) {
            throw new IllegalArgumentException("An identifier cannot be empty");
        }
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("An identifier cannot contain a NUL character");
        }
        return switch (dialect) {
            case POSTGRESQL -> needsQuotes(identifier) ? "\"" + identifier.replace("\"", "\"\"") + "\"" : identifier;
            case MYSQL -> "`" + identifier.replace("`", "``") + "`";
        };
    }

    /** A dotted name, each part quoted: {@code public.orders}, {@code `shop`.`orders`}. Null or empty parts are skipped. */
    public static String qualified(Dialect dialect, String... parts) {
        String name = Arrays.stream(parts)
                .filter(p -> p != null && !p.isEmpty())
                .map(p -> quote(dialect, p))
                .collect(Collectors.joining("."));
        if (name.isEmpty()) {
            throw new IllegalArgumentException("A qualified name needs at least one part");
        }
        return name;
    }

    private static boolean needsQuotes(String identifier) {
        return !PG_PLAIN.matcher(identifier).matches() || PG_KEYWORDS.contains(identifier.toLowerCase(Locale.ROOT));
    }
}
