package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.RecordingContext;
import dev.railyard.support.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A --table or --schema that matches nothing is refused, with the nearest names, instead of an empty backup. */
class ScopeMatchesNothingTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared();
    private static String source;

    @BeforeAll
    static void source() throws Exception {
        source = PG.createDatabase("scope_none");
        try (Connection c = PG.connect(source); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA sales");
            s.execute("CREATE TABLE sales.orders (id integer PRIMARY KEY)");
            s.execute("CREATE TABLE public.customers (id integer PRIMARY KEY)");
        }
    }

    private static BackupException refused(Path dir, BackupOptions options) {
        Path out = dir.resolve("scope.sql");
        BackupException e = assertThrows(BackupException.class, () -> new BuiltinPgDump(
                PgFidelityRoundTripTest.endpoint(PG, source), options, out, null).run(new RecordingContext()));
        assertFalse(Files.exists(out), "no file is left");
        return e;
    }

    @Test
    void aTableThatMatchesNothingIsRefusedWithTheNearestNames(@TempDir Path dir) {
        BackupException e = refused(dir, BackupOptions.defaults().withTables(List.of("ordrs", "customers")));
        assertTrue(e.getMessage().contains("--table 'ordrs' matches no"), e.getMessage());
        assertTrue(e.getMessage().contains("orders"), e.getMessage());
        assertFalse(e.getMessage().contains("'customers'"), "a pattern that matched is not named: " + e.getMessage());
    }

    @Test
    void aQuotedNameInTheWrongCaseSuggestsTheRealOne(@TempDir Path dir) {
        BackupException e = refused(dir, BackupOptions.defaults().withTables(List.of("\"Customers\"")));
        assertTrue(e.getMessage().contains("nearest: customers"), e.getMessage());
    }

    @Test
    void aSchemaThatMatchesNothingIsRefused(@TempDir Path dir) {
        BackupException e = refused(dir, BackupOptions.defaults().withSchemas(List.of("sale")));
        assertTrue(e.getMessage().contains("--schema 'sale' matches no schema (nearest: sales"), e.getMessage());
    }

    @Test
    void patternsThatMatchStillBackUp(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ok.sql");
        new BuiltinPgDump(PgFidelityRoundTripTest.endpoint(PG, source),
                BackupOptions.defaults().withTables(List.of("sales.ord*")), out, null).run(new RecordingContext());
        assertTrue(Files.readString(out).contains("orders"));
    }
}
