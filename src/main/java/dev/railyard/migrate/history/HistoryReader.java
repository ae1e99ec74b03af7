package dev.railyard.migrate.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Reads one tool's history table, built from the columns that tool creates. One query per table. */
interface HistoryReader {

    HistoryTool tool();

    /** True when a table of this name (lower case) and these columns (lower case) is this tool's history. */
    boolean recognises(String name, java.util.Set<String> columns, DetectedTable table);

    List<HistoryEntry> read(Connection connection, DetectedTable table) throws SQLException;
}
