package dev.railyard.backup.postgres;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.TableDefinition;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A table's definition read by the built-in engine's own catalog code and planned by the same
 * {@link DumpPlan} a schema-only backup of that table uses, so the text shown is the text such a
 * backup writes (not a second DDL writer that could drift from it).
 *
 * <p>The catalog is read with the backup's session settings (empty search_path, so every name
 * comes schema-qualified; ISO dates), set locally and undone afterwards: on a connection in a
 * transaction inside a savepoint, on one in autocommit inside a transaction of its own. Nothing
 * is written.
 */
public final class PgTableDefinition {

    private static final String SAVEPOINT = "railyard_table_definition";
    private static final String SETTINGS = "SELECT pg_catalog.set_config('search_path', '', true); "
            + "SET LOCAL DateStyle = ISO; SET LOCAL IntervalStyle = postgres; SET LOCAL extra_float_digits = 3; "
            + "SET LOCAL quote_all_identifiers = off";

    private PgTableDefinition() {
    }

    /**
     * The definition of {@code schema.table} (a table, partitioned table, view, materialized view or
     * foreign table), three round trips: the settings, then the catalog's two.
     *
     * @throws SQLException with SQLState 42P01 when there is no such relation
     */
    public static TableDefinition read(Connection connection, String schema, String table) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        if (autoCommit) {
            connection.setAutoCommit(false);
        }
        try {
            try (Statement s = connection.createStatement()) {
                s.execute(autoCommit ? SETTINGS : "SAVEPOINT " + SAVEPOINT + "; " + SETTINGS);
            }
            PgCatalog catalog = PgCatalog.read(connection);
            boolean exists = catalog.relations().stream().anyMatch(r -> r.schema().equals(schema) && r.name().equals(table));
            if (!exists) {
                throw new SQLException("There is no table " + PgNames.alwaysQuoted(schema, table) + " (dropped or renamed?)",
                        "42P01");
            }
            BackupOptions options = BackupOptions.defaults()
                    .withTables(List.of(PgNames.alwaysQuoted(schema, table)))
                    .withSchemaOnly(true);
            DumpPlan plan = new DumpPlan(catalog, options);
            StringBuilder text = new StringBuilder();
            for (DumpPlan.Entry entry : plan.preData()) {
                text.append(entry.scriptText());
            }
            for (DumpPlan.Entry entry : plan.postData()) {
                text.append(entry.scriptText());
            }
            return new TableDefinition(text.toString(), plan.warnings());
        } finally {
            if (autoCommit) {
                connection.rollback();
                connection.setAutoCommit(true);
            } else {
                try (Statement s = connection.createStatement()) {
                    s.execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT + "; RELEASE SAVEPOINT " + SAVEPOINT);
                }
            }
        }
    }
}
