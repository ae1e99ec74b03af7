package dev.railyard.migrate.history;

import dev.railyard.db.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads, without writing anything, the history tables other migration tools keep: Prisma,
 * Drizzle, Knex, Sequelize, TypeORM, Alembic, Django, Rails, golang-migrate, Liquibase, Flyway
 * itself and hand-rolled runners. One catalog query finds them, then one query per table.
 * Expects an auto-commit connection (a failed read must not abort the caller's transaction).
 */
public final class OtherToolsHistory {

    private final Dialect dialect;

    public OtherToolsHistory(Dialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /** The history tables in the database, without reading them. */
    public List<DetectedTable> detect(Connection connection) throws SQLException {
        return HistoryDetector.detect(connection, dialect);
    }

    /** Finds and reads every history table; a table that cannot be read is reported, not thrown. */
    public HistoryScan scan(Connection connection) throws SQLException {
        List<ToolHistory> histories = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (DetectedTable table : detect(connection)) {
            try {
                if (table.role() == DetectedTable.Role.COMPANION) {
                    notes.addAll(Companions.notes(connection, table));
                } else {
                    histories.add(new ToolHistory(table, read(connection, table), null));
                }
            } catch (SQLException e) {
                String problem = "could not read " + table.displayName() + ": " + Values.firstLine(e.getMessage());
                if (table.role() == DetectedTable.Role.COMPANION) {
                    notes.add(problem);
                } else {
                    histories.add(new ToolHistory(table, List.of(), problem));
                }
            }
        }
        return new HistoryScan(histories, notes);
    }

    /** Reads one detected history table. */
    public List<HistoryEntry> read(Connection connection, DetectedTable table) throws SQLException {
        if (table.role() != DetectedTable.Role.HISTORY) {
            throw new IllegalArgumentException(table.displayName() + " is a companion table, not a history");
        }
        return HistoryDetector.readerFor(table.tool()).read(connection, table);
    }
}
