package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.backup.RestoreResult;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.PgClientTools;
import dev.railyard.support.SidPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain file written by a real pg_dump 18 (with its \restrict lines and SET transaction_timeout)
 * restores through Railyard's script runner into PostgreSQL 15, which has no transaction_timeout:
 * the setting is skipped with a note, everything else comes back.
 */
class PgDump18IntoOlderServersTest {

    @Test
    void pgDump18PlainFileRestoresIntoPostgres15(@TempDir Path dir) throws Exception {
        SidPostgres pg18 = SidPostgres.shared();
        String source = pg18.createDatabase("dump18");
        PgClientTools.psql(pg18, source, "-c", """
                CREATE SCHEMA shop;
                CREATE TABLE shop.items (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, price numeric(8,2));
                CREATE INDEX items_name ON shop.items (name);
                CREATE VIEW shop.cheap AS SELECT id, name FROM shop.items WHERE price < 5;
                INSERT INTO shop.items (name, price) VALUES ('tea', 3.50), (E'tab\\there', NULL), ('coffee', 7);
                """);
        Path file = dir.resolve("dump18.sql");
        Process dump = new ProcessBuilder(SidPostgres.tool("pg_dump").toString(), "-h", pg18.host(), "-p", Integer.toString(pg18.port()),
                "-U", "postgres", "-f", file.toString(), source).redirectErrorStream(true).start();
        String output = new String(dump.getInputStream().readAllBytes());
        assertTrue(dump.waitFor(120, TimeUnit.SECONDS) && dump.exitValue() == 0, output);
        String text = Files.readString(file);
        assertTrue(text.contains("SET transaction_timeout = 0;") && text.contains("\\restrict "), "a pg_dump 18 file");

        EmbeddedPostgres pg15 = EmbeddedPostgres.shared("15");
        String copy = "dump18_into_15_" + Long.toHexString(System.nanoTime());
        RestoreResult restore = new PgBackupService(NativePgTools.fromEnvironment(null)).restore(file,
                PgFidelityRoundTripTest.endpoint(pg15, "postgres"), RestoreOptions.defaults().withCreateDatabase(copy))
                .run(new RecordingContext());
        assertEquals(List.of(), restore.script().errors());
        assertTrue(restore.notes().stream().anyMatch(n -> n.contains("transaction_timeout")), restore.notes().toString());
        Map<String, String> rows;
        try (Connection c = pg18.connect(source)) {
            rows = Fingerprints.of(c);
        }
        try (Connection c = pg15.connect(copy)) {
            assertEquals(rows, Fingerprints.of(c), "rows and the identity sequence");
        }
        assertTrue(PgClientTools.comparableSchema(pg15, copy).contains("CREATE VIEW shop.cheap AS"));
    }
}
