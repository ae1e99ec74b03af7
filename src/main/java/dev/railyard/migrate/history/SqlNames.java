package dev.railyard.migrate.history;

import dev.railyard.db.Dialect;

/** Identifier quoting for the two dialects. Values never go through here: they are bind parameters. */
final class SqlNames {

    private SqlNames() {
    }

    static String quote(Dialect dialect, String identifier) {
        return dialect == Dialect.MYSQL
                ? "`" + identifier.replace("`", "``") + "`"
                : "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String qualified(Dialect dialect, String schema, String table) {
        return schema == null || schema.isEmpty() ? quote(dialect, table) : quote(dialect, schema) + "." + quote(dialect, table);
    }
}
