package dev.railyard.backup.postgres;

import dev.railyard.task.JobContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Empties a database before a restore (--clean): drops publications, event triggers, user
 * extensions, schemas and large objects, then recreates the public schema as a new database has it. Runs on the caller's connection, so
 * inside the restore's transaction when it has one.
 */
final class TargetCleaner {

    private TargetCleaner() {
    }

    static List<String> clean(Connection connection, JobContext context) throws SQLException {
        List<String> notes = new ArrayList<>();
        List<String> statements = new ArrayList<>();
        int major = connection.getMetaData().getDatabaseMajorVersion();
        try (Statement s = connection.createStatement()) {
            // Database-wide objects a backup brings back, outside any schema.
            try (ResultSet rs = s.executeQuery("SELECT 'DROP PUBLICATION IF EXISTS ' || quote_ident(pubname) FROM pg_publication "
                    + "UNION ALL SELECT 'DROP EVENT TRIGGER IF EXISTS ' || quote_ident(evtname) FROM pg_event_trigger ORDER BY 1")) {
                while (rs.next()) {
                    statements.add(rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT quote_ident(extname) FROM pg_extension WHERE oid >= 16384 ORDER BY 1")) {
                while (rs.next()) {
                    statements.add("DROP EXTENSION IF EXISTS " + rs.getString(1) + " CASCADE");
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT quote_ident(nspname) FROM pg_namespace WHERE nspname NOT IN "
                    + "('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp\\_%' ORDER BY 1")) {
                while (rs.next()) {
                    statements.add("DROP SCHEMA IF EXISTS " + rs.getString(1) + " CASCADE");
                }
            }
            statements.add("CREATE SCHEMA public");
            if (major >= 15) {
                statements.add("ALTER SCHEMA public OWNER TO pg_database_owner");
                statements.add("GRANT USAGE ON SCHEMA public TO PUBLIC");
            } else {
                statements.add("GRANT ALL ON SCHEMA public TO PUBLIC");
            }
            statements.add("COMMENT ON SCHEMA public IS 'standard public schema'");
            // Large objects live outside schemas; a backup brings its own back under the same oids.
            statements.add("SELECT count(pg_catalog.lo_unlink(oid)) FROM pg_catalog.pg_largeobject_metadata");
            for (String statement : statements) {
                context.checkCancelled();
                s.execute(statement);
            }
        }
        long dropped = statements.stream().filter(statement -> statement.startsWith("DROP ")).count();
        notes.add("Cleaned the target first: " + dropped + " publications, event triggers, extensions and schemas dropped, "
                + "large objects removed, public recreated");
        context.log(notes.get(0));
        return notes;
    }
}
