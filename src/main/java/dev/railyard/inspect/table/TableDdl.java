package dev.railyard.inspect.table;

import dev.railyard.backup.TableDefinition;
import dev.railyard.backup.mysql.MysqlTableDefinition;
import dev.railyard.backup.postgres.PgTableDefinition;
import dev.railyard.db.Dialect;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A table's DDL as a backup of it writes it: the backup engines' own catalog code produces it
 * ({@link PgTableDefinition}, {@link MysqlTableDefinition}), so what is shown is what a restore
 * would run. Nothing is written to the database.
 */
public final class TableDdl {

    private TableDdl() {
    }

    /**
     * @param schema the PostgreSQL schema or the MySQL database
     */
    public static TableDefinition of(Connection connection, Dialect dialect, String schema, String table) throws SQLException {
        return dialect == Dialect.POSTGRESQL ? PgTableDefinition.read(connection, schema, table)
                : MysqlTableDefinition.read(connection, schema, table);
    }
}
