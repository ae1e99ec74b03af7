package dev.railyard.backup.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A schema's shape read straight from the catalogs (for servers Debian's pg_dump 15 cannot
 * dump): columns, constraints with their names, indexes, triggers, policies, views, functions,
 * types and sequences, as sorted lines that two equal databases share.
 */
final class CatalogSignature {

    private static final String USER = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'";

    private static final List<String> QUERIES = List.of(
            "SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' notnull=' || a.attnotnull"
                    + " || ' identity=' || a.attidentity::text || ' generated=' || a.attgenerated::text || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-')"
                    + " || ' collation=' || a.attcollation::regcollation::text"
                    + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                    + " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind::text IN ('r', 'p', 'v', 'm', 'c') AND " + USER,
            "SELECT 'constraint ' || coalesce(c.relname, t.typname, '') || ' ' || co.conname || ' ' || co.contype::text || ' '"
                    + " || pg_get_constraintdef(co.oid) || ' validated=' || co.convalidated"
                    + " FROM pg_constraint co JOIN pg_namespace n ON n.oid = co.connamespace"
                    + " LEFT JOIN pg_class c ON c.oid = co.conrelid LEFT JOIN pg_type t ON t.oid = co.contypid WHERE " + USER,
            "SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE " + USER,
            "SELECT 'trigger ' || pg_get_triggerdef(t.oid) || ' ' || t.tgenabled::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND " + USER,
            "SELECT 'policy ' || tablename || ' ' || policyname || ' ' || permissive || ' ' || cmd || ' ' || roles::text || ' '"
                    + " || coalesce(qual, '-') || ' ' || coalesce(with_check, '-') FROM pg_policies",
            "SELECT 'relation ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || c.relpersistence::text || ' rls=' || c.relrowsecurity"
                    + " || ' options=' || coalesce(c.reloptions::text, '-') || ' bound=' || coalesce(pg_get_expr(c.relpartbound, c.oid), '-')"
                    + " || ' view=' || coalesce(pg_get_viewdef(c.oid), '-') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind::text IN ('r', 'p', 'v', 'm', 'S') AND " + USER,
            "SELECT 'function ' || pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                    + " WHERE p.prokind <> 'a' AND " + USER,
            "SELECT 'type ' || n.nspname || '.' || t.typname || ' ' || t.typtype::text FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                    + " WHERE " + USER,
            "SELECT 'sequence ' || schemaname || '.' || sequencename || ' ' || data_type || ' ' || start_value || ' ' || increment_by"
                    + " || ' ' || min_value || ' ' || max_value || ' ' || cache_size || ' ' || cycle FROM pg_sequences",
            "SELECT 'comment ' || d.description FROM pg_description d WHERE d.objoid >= 16384",
            "SELECT 'collation ' || collname || ' ' || collprovider::text || ' ' || collisdeterministic FROM pg_collation c"
                    + " JOIN pg_namespace n ON n.oid = c.collnamespace WHERE " + USER);

    private CatalogSignature() {
    }

    static List<String> of(Connection connection) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement s = connection.createStatement()) {
            s.execute("SET search_path = ''");
            for (String query : QUERIES) {
                try (ResultSet rs = s.executeQuery(query)) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            }
        }
        lines.sort(String::compareTo);
        return lines;
    }
}
