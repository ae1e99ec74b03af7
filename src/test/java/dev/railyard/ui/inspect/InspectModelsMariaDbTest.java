package dev.railyard.ui.inspect;

import dev.railyard.ui.Confirmation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.inspect.InspectionScope;
import dev.railyard.db.Dialect;
import dev.railyard.inspect.QuerySource;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SslMode;
import dev.railyard.support.MysqlServer;
import dev.railyard.ui.shell.ActiveConnection;
import dev.railyard.ui.shell.Feature;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same models against MariaDB with performance_schema off (Railway's MySQL default), without
 * the FX toolkit: MySQL's columns, the read-only inspection scope, and the slow-log offer.
 */
class InspectModelsMariaDbTest {

    private static MysqlServer server;
    private static String db;

    private InspectRig rig;
    private ConnectionProfile profile;

    @BeforeAll
    static void startServer() throws Exception {
        server = MysqlServer.start(false);
        db = server.createDatabase("uishop");
        try (Connection c = server.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(200)) ENGINE=InnoDB");
            s.execute("INSERT INTO orders SELECT seq, REPEAT('x', 150) FROM seq_1_to_20000");
            s.execute("CREATE TABLE flags (id INT PRIMARY KEY) ENGINE=InnoDB");
            s.execute("INSERT INTO flags VALUES (1), (2)");
            s.execute("ANALYZE TABLE orders, flags");
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void start() {
        rig = new InspectRig();
        ConnectionProfile saved = new ConnectionProfile("maria", Dialect.MYSQL, "127.0.0.1", server.port(), db, "root",
                SslMode.DISABLE, null, EnvironmentTag.DEVELOPMENT, null, null, null, SecretMode.VAULT, null, 0);
        rig.rig.profiles.save(saved);
        rig.ui.drain();
        profile = rig.shell.profileFor("maria").orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    private void loaded(InspectModel<?, ?> model) throws InterruptedException {
        rig.until(() -> model.report() != null && !model.loadingProperty().get() || model.problemProperty().get() != null);
        assertNull(model.problemProperty().get(), () -> model.problemProperty().get().oneLine());
    }

    @Test
    void tablesShowMysqlColumnsLargestFirst() throws Exception {
        TablesModel tables = rig.bind(new TablesModel(rig.services));
        rig.show(Feature.TABLES);
        rig.shell.select(profile);
        loaded(tables);

        assertEquals("orders", tables.table().visibleRows().get(0).name());
        assertEquals("InnoDB", tables.table().visibleRows().get(0).engine());
        assertTrue(tables.table().columns().stream().anyMatch(c -> c.id().equals("free-bytes")), "MySQL's free space");
        assertTrue(tables.table().columns().stream().noneMatch(c -> c.id().equals("vacuum")), "no vacuum on MySQL");
        tables.dispose();
    }

    @Test
    void queriesOfferTheSlowLogWithItsCaveatAndRunItOnlyWhenAsked() throws Exception {
        QueriesModel queries = rig.bind(new QueriesModel(rig.services));
        rig.show(Feature.QUERIES);
        rig.shell.select(profile);
        loaded(queries);

        assertFalse(queries.statusProperty().get().available());
        assertTrue(queries.bannerNeeded().get());
        assertEquals("Turn on the slow log…", queries.enableLabel());
        Confirmation question = queries.enableConfirmation();
        assertTrue(question.statement().startsWith("SET GLOBAL slow_query_log = ON;"), question.statement());
        assertTrue(question.body().contains("lost when the server restarts"), question.body());

        queries.enable();
        rig.until(() -> !queries.workingProperty().get() && !queries.loadingProperty().get()
                && queries.statusProperty().get().available());
        assertEquals(QuerySource.SLOW_LOG, queries.statusProperty().get().source());
        queries.dispose();
    }

    @Test
    void aViewCannotWriteOnMysqlEitherAndTheConnectionComesBackWritable() throws Exception {
        rig.shell.select(profile);
        rig.until(() -> !ActiveConnection.CONNECTING.equals(rig.shell.serverVersionProperty().get()));
        try (Connection pooled = rig.rig.databases.connect(profile)) {
            SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () ->
                    InspectionScope.read(pooled, Dialect.MYSQL, c -> {
                        try (Statement s = c.createStatement()) {
                            return s.executeUpdate("UPDATE flags SET id = id WHERE id = 1");
                        }
                    }));
            // Connector/J refuses it itself (S1009) before the read-only session would (25006).
            assertTrue(java.util.Set.of("S1009", "25006").contains(refused.getSQLState()), refused.getMessage());
        }
        try (Connection again = rig.rig.databases.connect(profile); Statement s = again.createStatement()) {
            assertFalse(again.isReadOnly());
            s.executeUpdate("UPDATE flags SET id = id WHERE id = 1");
        }
    }
}
