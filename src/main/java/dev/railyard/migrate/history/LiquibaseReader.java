package dev.railyard.migrate.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Liquibase's {@code databasechangelog} (id, author, filename, dateexecuted, orderexecuted,
 * exectype, md5sum, description, comments, tag, liquibase, contexts, labels, deployment_id;
 * capitals on MySQL). exectype is EXECUTED, FAILED (failOnError=false), SKIPPED, RERAN or
 * MARK_RAN.
 */
final class LiquibaseReader implements HistoryReader {

    @Override
    public HistoryTool tool() {
        return HistoryTool.LIQUIBASE;
    }

    @Override
    public boolean recognises(String name, Set<String> columns, DetectedTable table) {
        return columns.containsAll(Set.of("id", "author", "filename", "dateexecuted", "orderexecuted", "exectype"));
    }

    @Override
    public List<HistoryEntry> read(Connection connection, DetectedTable table) throws SQLException {
        String sql = Queries.select(table, List.of("id", "author", "filename", "dateexecuted", "orderexecuted", "exectype",
                "md5sum", "description", "comments", "tag", "deployment_id"), List.of("orderexecuted", "dateexecuted"));
        return Queries.list(connection, sql, rs -> {
            String id = Values.text(rs, table.actual("id").orElseThrow());
            String author = Values.text(rs, table.actual("author").orElseThrow());
            String file = Values.text(rs, table.actual("filename").orElseThrow());
            String execType = Values.text(rs, table.actual("exectype").orElseThrow());
            String type = execType == null ? "" : execType.strip().toUpperCase(Locale.ROOT);
            EntryStatus status = switch (type) {
                case "EXECUTED", "RERAN", "MARK_RAN" -> EntryStatus.SUCCEEDED;
                case "FAILED" -> EntryStatus.FAILED;
                default -> EntryStatus.UNKNOWN;
            };
            List<String> detail = new ArrayList<>();
            detail.add(switch (type) {
                case "RERAN" -> "ran again (runOnChange/runAlways)";
                case "MARK_RAN" -> "marked as ran without executing";
                case "SKIPPED" -> "skipped";
                case "FAILED" -> "failed (failOnError=false)";
                default -> type.toLowerCase(Locale.ROOT);
            });
            detail.add(file);
            optional(rs, table, "description", detail);
            optional(rs, table, "comments", detail);
            String tag = table.has("tag") ? Values.text(rs, table.actual("tag").orElseThrow()) : null;
            if (tag != null && !tag.isBlank()) {
                detail.add("tag " + tag);
            }
            String md5 = table.has("md5sum") ? Values.text(rs, table.actual("md5sum").orElseThrow()) : null;
            return new HistoryEntry(HistoryTool.LIQUIBASE, table.displayName(),
                    Values.time(rs, table.actual("dateexecuted").orElseThrow(), table.type("dateexecuted")),
                    id + " by " + author, id, status, String.join("; ", detail), md5);
        });
    }

    private static void optional(java.sql.ResultSet rs, DetectedTable table, String column, List<String> into) throws SQLException {
        if (table.has(column)) {
            String value = Values.text(rs, table.actual(column).orElseThrow());
            if (value != null && !value.isBlank()) {
                into.add(value.strip());
            }
        }
    }
}
