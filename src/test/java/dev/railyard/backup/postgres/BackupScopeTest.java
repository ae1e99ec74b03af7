package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Compression;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.support.EmbeddedPostgres;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a backup covers: schemas, tables (with their partitions and sequences), schema only, data only; owners and grants on request. */
class BackupScopeTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared();
    private static String source;

    @BeforeAll
    static void source() throws SQLException {
        source = PG.createDatabase("scope");
        try (Connection c = PG.connect(source); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA sales");
            s.execute("CREATE SCHEMA hr");
            s.execute("CREATE TABLE sales.orders (id serial PRIMARY KEY, total numeric)");
            s.execute("INSERT INTO sales.orders (total) VALUES (1), (2), (3)");
            s.execute("CREATE TABLE sales.events (id int, at date) PARTITION BY RANGE (at)");
            s.execute("CREATE TABLE sales.events_2024 PARTITION OF sales.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
            s.execute("INSERT INTO sales.events VALUES (1, '2024-05-01')");
            s.execute("CREATE TABLE hr.people (id int PRIMARY KEY, name text)");
            s.execute("INSERT INTO hr.people VALUES (1, 'Ann')");
            s.execute("CREATE TABLE public.notes (id int)");
            s.execute("INSERT INTO public.notes VALUES (7)");
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'railyard_reader') THEN "
                    + "CREATE ROLE railyard_reader; END IF; END $$");
            s.execute("GRANT USAGE ON SCHEMA hr TO railyard_reader");
            s.execute("GRANT SELECT (name) ON hr.people TO railyard_reader");
            s.execute("GRANT SELECT ON sales.orders TO railyard_reader WITH GRANT OPTION");
            s.execute("CREATE PUBLICATION sales_feed FOR TABLE sales.orders, hr.people");
        }
    }

    private static String script(Path dir, BackupOptions options) throws Exception {
        Path file = dir.resolve("scope-" + System.nanoTime() + ".sql.gz");
        BackupResult result = new BuiltinPgDump(PgFidelityRoundTripTest.endpoint(PG, source),
                options.withCompression(Compression.GZIP), file, null).run(new RecordingContext());
        try (InputStream in = Compression.GZIP.decompress(Files.newInputStream(result.file()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void schemaScopeKeepsOnlyThatSchema(@TempDir Path dir) throws Exception {
        String script = script(dir, BackupOptions.defaults().withSchemas(List.of("hr")));
        assertTrue(script.contains("CREATE SCHEMA hr;"));
        assertTrue(script.contains("COPY hr.people"));
        assertFalse(script.contains("sales."), "no other schema");
        assertFalse(script.contains("public.notes"));
        assertFalse(script.contains("PUBLICATION"), "database-wide objects only in a whole-database backup, as with pg_dump -n");
    }

    @Test
    void tableScopeBringsPartitionsAndOwnedSequencesButNothingElse(@TempDir Path dir) throws Exception {
        String script = script(dir, BackupOptions.defaults().withTables(List.of("sales.orders", "events")));
        assertTrue(script.contains("CREATE TABLE sales.orders"));
        assertTrue(script.contains("CREATE SEQUENCE sales.orders_id_seq"));
        assertTrue(script.contains("setval('sales.orders_id_seq', 3, true)"));
        assertTrue(script.contains("COPY sales.events_2024"), "partition of a chosen partitioned table");
        assertFalse(script.contains("CREATE SCHEMA"), "like pg_dump -t: no schemas");
        assertFalse(script.contains("hr.people"));
    }

    @Test
    void schemaOnlyAndDataOnly(@TempDir Path dir) throws Exception {
        String schemaOnly = script(dir, BackupOptions.defaults().withSchemaOnly(true));
        assertTrue(schemaOnly.contains("CREATE TABLE hr.people"));
        assertTrue(schemaOnly.contains("CREATE PUBLICATION sales_feed WITH (publish = 'insert, update, delete, truncate');\n"
                + "ALTER PUBLICATION sales_feed ADD TABLE ONLY sales.orders;\n"
                + "ALTER PUBLICATION sales_feed ADD TABLE ONLY hr.people;\n"), schemaOnly);
        assertFalse(schemaOnly.contains("COPY "));
        assertFalse(schemaOnly.contains("setval"));
        String dataOnly = script(dir, BackupOptions.defaults().withDataOnly(true));
        assertFalse(dataOnly.contains("CREATE TABLE"));
        assertTrue(dataOnly.contains("COPY hr.people (id, name) FROM stdin;\n1\tAnn\n\\.\n"));
        assertTrue(dataOnly.contains("setval('sales.orders_id_seq', 3, true)"));

        // Data only restores into the schema only.
        Path schemaFile = dir.resolve("schema.sql");
        Path dataFile = dir.resolve("data.sql");
        Files.writeString(schemaFile, schemaOnly);
        Files.writeString(dataFile, dataOnly);
        String copy = "scope_copy_" + Long.toHexString(System.nanoTime());
        PgEndpoint server = PgFidelityRoundTripTest.endpoint(PG, "postgres");
        new PgRestore(schemaFile, server, RestoreOptions.defaults().withCreateDatabase(copy), NativePgTools.fromEnvironment(null))
                .run(new RecordingContext());
        new PgRestore(dataFile, server.withDatabase(copy), RestoreOptions.defaults(), NativePgTools.fromEnvironment(null))
                .run(new RecordingContext());
        try (Connection a = PG.connect(source); Connection b = PG.connect(copy)) {
            assertEquals(Fingerprints.of(a), Fingerprints.of(b));
        }
    }

    @Test
    void ownersAndPrivilegesAreLeftOutUnlessAskedFor(@TempDir Path dir) throws Exception {
        String plain = script(dir, BackupOptions.defaults());
        assertFalse(plain.contains("OWNER TO"));
        assertFalse(plain.contains("GRANT "));
        String full = script(dir, BackupOptions.defaults().withOwners(true).withPrivileges(true));
        assertTrue(full.contains("ALTER TABLE hr.people OWNER TO postgres;"), full);
        assertTrue(full.contains("GRANT SELECT ON TABLE sales.orders TO railyard_reader WITH GRANT OPTION;"));
        assertTrue(full.contains("GRANT SELECT (name) ON TABLE hr.people TO railyard_reader;"));
        assertTrue(full.contains("GRANT USAGE ON SCHEMA hr TO railyard_reader;"));

        Path file = dir.resolve("full.sql");
        Files.writeString(file, full);
        String copy = "grants_copy_" + Long.toHexString(System.nanoTime());
        new PgRestore(file, PgFidelityRoundTripTest.endpoint(PG, "postgres"), RestoreOptions.defaults().withCreateDatabase(copy),
                NativePgTools.fromEnvironment(null)).run(new RecordingContext());
        assertEquals(acls(source), acls(copy));
    }

    private static List<String> acls(String database) throws SQLException {
        List<String> acls = new ArrayList<>();
        try (Connection c = PG.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT n.nspname || '.' || c.relname || ' ' || coalesce(c.relacl::text, '-') "
                     + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('hr', 'sales') "
                     + "UNION ALL SELECT attrelid::regclass || '.' || attname || ' ' || attacl::text FROM pg_attribute "
                     + "WHERE attacl IS NOT NULL AND attrelid::regclass::text LIKE 'hr.%' "
                     + "UNION ALL SELECT nspname || ' ' || coalesce(nspacl::text, '-') FROM pg_namespace WHERE nspname IN ('hr', 'sales') "
                     + "ORDER BY 1")) {
            while (rs.next()) {
                acls.add(rs.getString(1));
            }
        }
        return acls;
    }
}
