package dev.railyard.migrate.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A home-made runner's table, such as {@code migrations(filename, checksum, executed_at)} or
 * {@code migration_history(migration_name, applied_at, checksum)}, recognised by its columns: a
 * name-like column and a time-like or checksum-like one (or a batch). A status or success column
 * is used when there is one.
 */
final class HandRolledReader implements HistoryReader {

    static final List<String> NAME_COLUMNS = List.of("filename", "file_name", "migration_name", "migration", "name",
            "script", "script_name", "file", "migration_file", "version");
    static final List<String> TIME_COLUMNS = List.of("executed_at", "applied_at", "run_at", "ran_at", "run_on",
            "migrated_at", "installed_on", "installed_at", "created_at", "inserted_at", "executed_on", "applied_on",
            "applied", "executed", "timestamp", "date");
    static final List<String> CHECKSUM_COLUMNS = List.of("checksum", "hash", "sha256", "sha1", "md5", "md5sum", "digest");
    static final List<String> STATUS_COLUMNS = List.of("success", "succeeded", "status", "state");

    @Override
    public HistoryTool tool() {
        return HistoryTool.HAND_ROLLED;
    }

    @Override
    public boolean recognises(String name, Set<String> columns, DetectedTable table) {
        boolean named = NAME_COLUMNS.stream().anyMatch(columns::contains);
        boolean timed = TIME_COLUMNS.stream().anyMatch(columns::contains);
        boolean summed = CHECKSUM_COLUMNS.stream().anyMatch(columns::contains);
        return named && (timed || summed || columns.contains("batch"));
    }

    @Override
    public List<HistoryEntry> read(Connection connection, DetectedTable table) throws SQLException {
        String nameColumn = table.first(NAME_COLUMNS).orElseThrow();
        Optional<String> timeColumn = table.first(TIME_COLUMNS);
        Optional<String> checksumColumn = table.first(CHECKSUM_COLUMNS);
        Optional<String> statusColumn = table.first(STATUS_COLUMNS);
        List<String> wanted = new ArrayList<>(List.of(nameColumn));
        timeColumn.ifPresent(wanted::add);
        checksumColumn.ifPresent(wanted::add);
        statusColumn.ifPresent(wanted::add);
        table.actual("id").ifPresent(wanted::add);
        List<String> order = new ArrayList<>();
        table.actual("id").ifPresent(order::add);
        timeColumn.ifPresent(order::add);
        order.add(nameColumn);
        String sql = Queries.select(table, wanted, order);
        return Queries.list(connection, sql, rs -> {
            String name = Values.text(rs, nameColumn);
            java.time.Instant when = timeColumn.isPresent()
                    ? Values.time(rs, timeColumn.get(), table.type(timeColumn.get())) : Values.fromVersion(name);
            EntryStatus status = EntryStatus.SUCCEEDED;
            String detail = "";
            if (statusColumn.isPresent()) {
                String column = statusColumn.get();
                String type = table.type(column);
                if (type.contains("bool") || type.equals("tinyint") || type.equals("bit")) {
                    Boolean ok = Values.bool(rs, column);
                    status = ok == null ? EntryStatus.UNKNOWN : ok ? EntryStatus.SUCCEEDED : EntryStatus.FAILED;
                } else {
                    String text = Values.text(rs, column);
                    status = statusOf(text);
                    detail = text == null ? "" : column + " " + text;
                }
            }
            return new HistoryEntry(HistoryTool.HAND_ROLLED, table.displayName(), when, name, null, status, detail,
                    checksumColumn.isPresent() ? Values.text(rs, checksumColumn.get()) : null);
        });
    }

    /** A free-text status in our terms. */
    static EntryStatus statusOf(String text) {
        if (text == null) {
            return EntryStatus.UNKNOWN;
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.contains("fail") || s.contains("error")) {
            return EntryStatus.FAILED;
        }
        if (s.contains("roll") || s.contains("revert") || s.contains("undo") || s.contains("down")) {
            return EntryStatus.ROLLED_BACK;
        }
        if (s.contains("pending") || s.contains("running") || s.contains("started")) {
            return EntryStatus.PENDING;
        }
        if (s.contains("success") || s.contains("succeed") || s.contains("done") || s.contains("applied")
                || s.contains("complete") || s.equals("ok") || s.equals("up") || s.equals("1") || s.equals("true")) {
            return EntryStatus.SUCCEEDED;
        }
        return EntryStatus.UNKNOWN;
    }
}
