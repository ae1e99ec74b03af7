package dev.railyard.migrate.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Notes from the tables tools keep beside their history: locks and environment markers. */
final class Companions {

    private Companions() {
    }

    static List<String> notes(Connection connection, DetectedTable table) throws SQLException {
        List<String> notes = new ArrayList<>();
        switch (table.tool()) {
            case KNEX -> {
                String sql = Queries.select(table, List.of("is_locked"), List.of());
                boolean locked = Queries.list(connection, sql, rs -> Values.number(rs, "is_locked"))
                        .stream().anyMatch(v -> v != null && v != 0);
                if (locked) {
                    notes.add("Knex's migrations are locked (" + table.displayName() + ".is_locked = 1): a migration is"
                            + " running, or one crashed; `knex migrate:unlock` clears it");
                }
            }
            case RAILS -> {
                String sql = Queries.select(table, List.of("key", "value"), List.of());
                for (List<String> row : Queries.list(connection, sql,
                        rs -> List.of(String.valueOf(Values.text(rs, "key")), String.valueOf(Values.text(rs, "value"))))) {
                    if (row.get(0).equals("environment")) {
                        notes.add("Rails environment recorded in " + table.displayName() + ": " + row.get(1));
                    }
                }
            }
            case LIQUIBASE -> {
                String locked = table.actual("locked").orElseThrow();
                String sql = Queries.select(table, List.of("locked", "lockgranted", "lockedby"), List.of());
                for (String note : Queries.list(connection, sql, rs -> {
                    if (!Boolean.TRUE.equals(Values.bool(rs, locked))) {
                        return null;
                    }
                    String by = table.has("lockedby") ? Values.text(rs, table.actual("lockedby").orElseThrow()) : null;
                    java.time.Instant since = table.has("lockgranted")
                            ? Values.time(rs, table.actual("lockgranted").orElseThrow(), table.type("lockgranted")) : null;
                    return "Liquibase's lock is held" + (by == null ? "" : " by " + by) + (since == null ? "" : " since " + since)
                            + " (" + table.displayName() + "): an update is running, or one crashed; `liquibase release-locks` clears it";
                })) {
                    if (note != null) {
                        notes.add(note);
                    }
                }
            }
            default -> { } // other tools keep no companion table Railyard reads
        }
        return notes;
    }
}
