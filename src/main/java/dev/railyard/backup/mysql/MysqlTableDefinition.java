package dev.railyard.backup.mysql;

import dev.railyard.backup.TableDefinition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

/**
 * A table's definition read by the built-in engine's catalog code ({@link MysqlCatalog}) and
 * written by its {@link MysqlDumpWriter}, so the text shown is the text a schema-only backup of
 * that table holds: DROP and CREATE (SHOW CREATE TABLE), then its triggers with the settings they
 * were created under.
 *
 * <p>SHOW CREATE reads with the backup's session settings (sql_mode empty, names quoted), set for
 * the read and put back afterwards. SHOW CREATE names objects of the default database: the
 * connection's is switched to the table's for the read when it is another, and switched back (a
 * connection that had none keeps the table's: MySQL cannot unselect a database).
 */
public final class MysqlTableDefinition {

    private static final String SAVE = "SET @railyard_sql_mode = @@SESSION.sql_mode, "
            + "@railyard_quote_show_create = @@SESSION.sql_quote_show_create, "
            + "SESSION sql_mode = '', SESSION sql_quote_show_create = 1";
    private static final String RESTORE = "SET SESSION sql_mode = @railyard_sql_mode, "
            + "SESSION sql_quote_show_create = @railyard_quote_show_create";

    private MysqlTableDefinition() {
    }

    /**
     * @throws SQLException with SQLState 42S02 when the database has no such table
     */
    public static TableDefinition read(Connection connection, String database, String table) throws SQLException {
        String previous = connection.getCatalog();
        boolean switched = !Objects.equals(previous, database);
        if (switched) {
            connection.setCatalog(database);
        }
        try (Statement s = connection.createStatement()) {
            s.execute(SAVE);
            try {
                return definition(MysqlCatalog.readForTables(connection, database, table::equals), table);
            } finally {
                s.execute(RESTORE);
            }
        } finally {
            if (switched && previous != null && !previous.isEmpty()) {
                connection.setCatalog(previous);
            }
        }
    }

    private static TableDefinition definition(MysqlCatalog catalog, String table) throws SQLException {
        MysqlCatalog.Table found = catalog.tables.stream().filter(t -> t.name().equals(table)).findFirst().orElse(null);
        if (found == null) {
            throw new SQLException("There is no table " + MysqlNames.quote(catalog.database) + "." + MysqlNames.quote(table)
                    + " (dropped or renamed?)", "42S02", 1146);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MysqlDumpWriter writer = new MysqlDumpWriter(bytes, MysqlDumpWriter.DEFAULT_MAX_STATEMENT);
        String ddl = catalog.tableDdl.get(table);
        try {
            if (found.isView()) {
                writer.views(catalog.views);
            } else if (found.isSequence() && ddl != null) {
                writer.sequence(found, ddl, catalog.sequenceNext.get(table));
            } else if (ddl != null) {
                writer.tableDefinition(found, ddl);
                writer.triggers(catalog.triggers.getOrDefault(table, List.of()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Writing to memory failed", e);
        }
        // The writer keeps the server's bytes (one char per byte): the text is their UTF-8.
        return new TableDefinition(bytes.toString(StandardCharsets.UTF_8), catalog.warnings);
    }
}
