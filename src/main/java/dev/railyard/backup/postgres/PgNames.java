package dev.railyard.backup.postgres;

import java.util.Set;

/**
 * Quotes identifiers the way the server's quote_ident does: only when needed, that is when a
 * name is not a plain lower-case word or is a keyword the server reserves in some position.
 * The keyword list comes from the source server (pg_get_keywords), so it matches its version.
 */
public final class PgNames {

    private final Set<String> keywords;

    public PgNames(Set<String> reservedKeywords) {
        this.keywords = Set.copyOf(reservedKeywords);
    }

    public String quote(String name) {
        if (isPlain(name) && !keywords.contains(name)) {
            return name;
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * True for a plain lower-case word, [a-z_][a-z0-9_$]*. Written out rather than a regular
     * expression: a plan of 10,000 tables quotes some 200,000 names.
     */
    static boolean isPlain(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            boolean plain = ch >= 'a' && ch <= 'z' || ch == '_' || i > 0 && (ch >= '0' && ch <= '9' || ch == '$');
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    /** "schema"."name", each part quoted as needed. */
    public String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    /** "schema"."name", both always quoted: valid whatever the server's keywords. */
    public static String alwaysQuoted(String schema, String name) {
        return '"' + schema.replace("\"", "\"\"") + "\".\"" + name.replace("\"", "\"\"") + '"';
    }

    /** A string literal, standard_conforming_strings on: 'it''s'. Backslashes stay as they are. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
