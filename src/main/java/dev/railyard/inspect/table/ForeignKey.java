package dev.railyard.inspect.table;

import java.util.List;

/**
 * A foreign key from one table's columns to another's.
 *
 * @param definition FOREIGN KEY (...) REFERENCES ... with its actions, as the server prints it (PostgreSQL) or as
 *                   Railyard spells it from information_schema (MySQL)
 */
public record ForeignKey(String name, String fromSchema, String fromTable, List<String> fromColumns, String toSchema,
                         String toTable, List<String> toColumns, String definition) {

    public ForeignKey {
        fromColumns = List.copyOf(fromColumns);
        toColumns = List.copyOf(toColumns);
    }
}
