package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Compression;
import dev.railyard.backup.EngineChoice;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.backup.RestoreResult;
import dev.railyard.backup.script.ScriptItem;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.PgClientTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15: operators, operator families and classes, casts, access methods, transforms,
 * foreign data wrappers, servers, user mappings, foreign tables, typed tables and the database's
 * settings come back from a built-in backup as pg_dump 15 sees them, with no warning; before,
 * each was "Not reproduced" (typed tables came back as ordinary tables) and everything built on
 * them failed the restore.
 */
class ExtensibilityRoundTripTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared("15");
    private static final String MAPPING_SECRET = "mapping-secret-8151";

    private static Path fixture() throws Exception {
        return Path.of(ExtensibilityRoundTripTest.class.getResource("/fixtures/pg-extensibility.sql").toURI());
    }

    private static String source() throws Exception {
        String source = PG.createDatabase("extensibility");
        PgClientTools.psql(PG, source, "-f", fixture().toString());
        try (Connection c = PG.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + source + " SET work_mem = '8MB'");
            s.execute("ALTER DATABASE " + source + " SET search_path = public, \"$user\", ext");
            s.execute("ALTER ROLE postgres IN DATABASE " + source + " SET statement_timeout = '1min'");
        }
        return source;
    }

    /** "role: setting" lines of a database's settings, in order. */
    private static List<String> settings(String database) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = PG.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(pg_get_userbyid(nullif(s.setrole, 0)), '-') || ': ' || x "
                     + "FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase, unnest(s.setconfig) x "
                     + "WHERE d.datname = '" + database + "' ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String userMappings(String database) throws Exception {
        try (Connection c = PG.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(srvname || ' ' || usename || ' ' || coalesce(umoptions::text, '-'), "
                     + "'; ' ORDER BY usename) FROM pg_user_mappings")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void everyObjectComesBackAsPgDumpSeesItWithTheSettingsOfTheCopiedDatabase(@TempDir Path dir) throws Exception {
        String source = source();
        PgBackupService service = new PgBackupService(NativePgTools.fromEnvironment(null));
        Path file = dir.resolve("extensibility.sql");
        RecordingContext backupLog = new RecordingContext();
        BackupResult backup = service.create(PgFidelityRoundTripTest.endpoint(PG, source),
                BackupOptions.defaults().withCompression(Compression.NONE), EngineChoice.BUILTIN, false, file, null).run(backupLog);
        assertEquals(List.of(), backup.manifest().warnings(), "nothing of the fixture is left out");

        String copy = "extensibility_copy_" + Long.toHexString(System.nanoTime());
        RecordingContext restoreLog = new RecordingContext();
        RestoreResult restore = service.restore(file, PgFidelityRoundTripTest.endpoint(PG, "postgres"),
                RestoreOptions.defaults().withCreateDatabase(copy)).run(restoreLog);
        assertEquals(0, restore.script().errorCount(), restore.script().errors().toString());

        assertEquals(PgClientTools.comparableSchema(PG, source), PgClientTools.comparableSchema(PG, copy),
                "pg_dump --schema-only of the source and of the restored copy");
        Map<String, String> rows;
        try (Connection c = PG.connect(source)) {
            rows = Fingerprints.of(c);
        }
        try (Connection c = PG.connect(copy)) {
            assertEquals(rows, Fingerprints.of(c), "rows of the tables, typed tables and the table on another access method");
        }
        // Settings name the database restored into, not the one backed up.
        assertEquals(3, settings(source).size(), settings(source).toString());
        assertEquals(settings(source), settings(copy));
        // A user mapping keeps its options (as pg_dump writes them), but no log line shows them.
        assertEquals(userMappings(source), userMappings(copy));
        assertTrue(userMappings(copy).contains(MAPPING_SECRET));
        for (RecordingContext log : List.of(backupLog, restoreLog)) {
            assertFalse(String.join("\n", log.log).contains(MAPPING_SECRET), "a user mapping's password in a log");
            assertFalse(String.join("\n", log.messages).contains(MAPPING_SECRET), "a user mapping's password in a message");
        }
    }

    @Test
    void aBackupOfSomeSchemasLeavesTheDatabaseWideObjectsOutAndSaysSo(@TempDir Path dir) throws Exception {
        String source = source();
        PgBackupService service = new PgBackupService(NativePgTools.fromEnvironment(null));
        Path file = dir.resolve("ext-schema.sql");
        BackupResult backup = service.create(PgFidelityRoundTripTest.endpoint(PG, source),
                BackupOptions.defaults().withCompression(Compression.NONE).withSchemas(List.of("ext")), EngineChoice.BUILTIN,
                false, file, null).run(new RecordingContext());
        String text = Files.readString(file);
        assertTrue(text.contains("CREATE OPERATOR CLASS ext.my_point_ops"), "objects of the schema are in it");
        assertFalse(text.contains("CREATE CAST"), "casts belong to the whole database");
        assertFalse(text.contains(DatabaseSettingsDdl.DOLLAR_TAG), "settings belong to the whole database");
        List<String> warnings = backup.manifest().warnings();
        assertTrue(warnings.stream().anyMatch(w -> w.contains("casts, transforms, access methods")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("the database's settings")), warnings.toString());
    }

    @Test
    void aUserMappingWhoseOptionsTheBackupCannotReadIsNamed(@TempDir Path dir) throws Exception {
        String source = PG.createDatabase("hidden_mapping");
        String role = "plain_" + Long.toHexString(System.nanoTime());
        try (Connection c = PG.connect(source); Statement s = c.createStatement()) {
            s.execute("CREATE FOREIGN DATA WRAPPER hidden_fdw");
            s.execute("CREATE SERVER hidden_server FOREIGN DATA WRAPPER hidden_fdw");
            s.execute("CREATE USER MAPPING FOR PUBLIC SERVER hidden_server OPTIONS (password '" + MAPPING_SECRET + "')");
            s.execute("CREATE ROLE " + role + " LOGIN");
        }
        Path file = dir.resolve("hidden.sql");
        BackupResult backup = new PgBackupService(NativePgTools.fromEnvironment(null)).create(
                new PgEndpoint("localhost", PG.port(), source, role, null, dev.railyard.profile.SslMode.DISABLE),
                BackupOptions.defaults().withCompression(Compression.NONE), EngineChoice.BUILTIN, false, file, null)
                .run(new RecordingContext());
        assertTrue(backup.manifest().warnings().stream().anyMatch(w -> w.contains("User mapping for PUBLIC on server hidden_server")),
                backup.manifest().warnings().toString());
        assertTrue(Files.readString(file).contains("CREATE USER MAPPING FOR PUBLIC SERVER hidden_server;"));
    }

    @Test
    void aRestoreOfSomeSchemasOrTablesSkipsTheDatabaseSettings() {
        ScriptItem.Sql setting = new ScriptItem.Sql("DO " + DatabaseSettingsDdl.DOLLAR_TAG + "BEGIN EXECUTE 'ALTER DATABASE ' || "
                + "pg_catalog.quote_ident(pg_catalog.current_database()) || ' SET work_mem TO ''8MB'''; END"
                + DatabaseSettingsDdl.DOLLAR_TAG, 1, false, false);
        assertNotNull(new RestoreFilter("copy", List.of("ext"), List.of(), Set.of(), java.util.Map.of()).skip(setting));
        assertEquals(null, new RestoreFilter("copy", List.of(), List.of(), Set.of(), java.util.Map.of()).skip(setting), "a whole restore runs it");
    }

    @Test
    void aFailedUserMappingIsReportedWithoutItsOptions() {
        ScriptItem.Sql mapping = new ScriptItem.Sql("CREATE USER MAPPING FOR \"a\" SERVER \"s\" OPTIONS (password '"
                + MAPPING_SECRET + "')", 7, false, false);
        assertFalse(mapping.preview().contains(MAPPING_SECRET), mapping.preview());
        assertTrue(mapping.preview().startsWith("CREATE USER MAPPING FOR \"a\" SERVER \"s\" OPTIONS ("), mapping.preview());
    }
}
