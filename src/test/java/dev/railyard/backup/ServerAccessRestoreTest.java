package dev.railyard.backup;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.home.RailyardHome;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.task.JobContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule lives in the core: whatever face calls it, a file that reaches the server's machine is refused unless allowed. */
class ServerAccessRestoreTest {

    @TempDir
    Path folder;

    @Test
    void aFileThatRunsAProgramOnTheServerIsRefusedBeforeAnythingRuns() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("server_access");
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id int)");
        }
        ConnectionProfile source = ConnectionProfile.of("src", Dialect.POSTGRESQL, "127.0.0.1", pg.port(), db, "postgres")
                .withSslMode(SslMode.DISABLE);
        Path home = Files.createDirectories(folder.resolve("home"));
        BackupService service = BackupService.withToolsOnPath(new BackupCatalog(new RailyardHome(home),
                new ProfileStore(home.resolve("profiles.json"))));
        Path made = folder.resolve("made.sql");
        service.create(source, null, new BackupService.CreateRequest(BackupOptions.defaults(), EngineChoice.BUILTIN, false, made))
                .run(JobContext.silent());
        List<String> lines = new ArrayList<>(Files.readAllLines(made, StandardCharsets.UTF_8));
        int end = lines.size() - 1;
        while (!lines.get(end).contains("dump complete")) {
            end--;
        }
        Path marker = folder.resolve("ran");
        lines.add(end, "COPY (SELECT 1) TO PROGRAM 'cat > " + marker + "';");
        Path hostile = folder.resolve("hostile.sql");
        Files.write(hostile, lines, StandardCharsets.UTF_8);

        String copy = db + "_copy";
        ServerAccessRefusedException refused = assertThrows(ServerAccessRefusedException.class, () -> service.restore(hostile,
                source, null, BackupService.RestoreRequest.intoNewDatabase(copy)).run(JobContext.silent()));
        assertTrue(refused.getMessage().contains("TO PROGRAM") && refused.getMessage().contains("--allow-server-programs"),
                refused.getMessage());
        assertFalse(Files.exists(marker), "nothing ran");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + copy + "'")) {
            rs.next();
            assertTrue(rs.getLong(1) == 0, "no database was created");
        }
    }
}
