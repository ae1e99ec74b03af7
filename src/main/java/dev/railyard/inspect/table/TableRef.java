package dev.railyard.inspect.table;

import java.util.Objects;

/**
 * A table by its names, as the server spells them (unquoted).
 *
 * @param schema the PostgreSQL schema or the MySQL database
 */
public record TableRef(String schema, String name) {

    public TableRef {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    /** "public.orders", for titles and messages (not for SQL: that quotes each part). */
    public String displayName() {
        return schema + "." + name;
    }
}
