package dev.railyard.ui.inspect;

import dev.railyard.ui.Confirmation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.inspect.InspectionScope;
import dev.railyard.inspect.PgWorkload;
import dev.railyard.inspect.QuerySource;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.ui.shell.Feature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inspect models against the embedded PG 17 and its workload, without the FX toolkit: reads
 * go through the window's ActiveConnection, results arrive on the (stand-in) UI thread.
 */
class InspectModelsPostgresTest {

    private InspectRig rig;
    private ConnectionProfile workload;

    @BeforeEach
    void start() throws Exception {
        rig = new InspectRig();
        workload = rig.save("workload", PgWorkload.server().port(), PgWorkload.database(), EnvironmentTag.DEVELOPMENT);
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    private void loaded(InspectModel<?, ?> model) throws InterruptedException {
        rig.until(() -> model.report() != null && !model.loadingProperty().get() || model.problemProperty().get() != null);
        assertNull(model.problemProperty().get(), () -> model.problemProperty().get().oneLine());
    }

    /** Reads again and waits for the new report (not merely for loading to end). */
    private void reread(InspectModel<?, ?> model) throws InterruptedException {
        Object before = model.report();
        model.refresh();
        rig.until(() -> model.report() != before || model.problemProperty().get() != null);
        assertNull(model.problemProperty().get(), () -> model.problemProperty().get().oneLine());
    }

    @Test
    void tablesReadOnlyWhenTheirTabShowsLargestFirstAndExportCsvOffTheUiThread(@TempDir Path folder) throws Exception {
        TablesModel tables = rig.bind(new TablesModel(rig.services));
        rig.shell.select(workload);
        rig.ui.drain();
        assertFalse(tables.loadingProperty().get(), "the Overview shows: the Tables tab does not read yet");
        assertNull(tables.report());

        rig.show(Feature.TABLES);
        assertTrue(tables.loadingProperty().get(), "showing the tab reads it");
        loaded(tables);

        assertEquals("events", tables.table().visibleRows().get(0).name(), "largest first");
        assertEquals("public.events", tables.bars().get(0).label());
        assertEquals(1.0, tables.bars().get(0).fraction());
        assertTrue(tables.lastRefreshedProperty().get().matches("Last refreshed 14:03:22 · \\d+ ms"),
                tables.lastRefreshedProperty().get());
        assertEquals("", tables.placeholderProperty().get());

        Path file = folder.resolve("tables.csv");
        tables.exportCsv(file);
        rig.until(() -> tables.messageProperty().get().startsWith("Exported") || tables.messageProperty().get().startsWith("Could not"));
        assertTrue(tables.messageProperty().get().startsWith("Exported "), tables.messageProperty().get());
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).startsWith("Schema,Table,Kind,Est. rows,Heap (bytes),Indexes (bytes),TOAST (bytes),Total (bytes),"),
                lines.get(0));
        assertTrue(lines.get(1).startsWith("public,events,table,30000,"), lines.get(1));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("public,measurements_2025,partition,")), "partitions are exported");
        tables.dispose();
    }

    @Test
    void theTimerReadsOnlyTheTabThatShowsAndNeverStacksReads() throws Exception {
        TablesModel tables = rig.bind(new TablesModel(rig.services));
        ActivityModel activity = rig.bind(new ActivityModel(rig.services));
        rig.show(Feature.TABLES);
        rig.shell.select(workload);
        loaded(tables);
        assertNull(activity.report(), "a hidden tab does not read");

        tables.autoRefreshProperty().set(AutoRefresh.FIVE_SECONDS);
        rig.show(Feature.ACTIVITY);
        loaded(activity);
        assertTrue(activity.table().rows().stream().anyMatch(s -> s.self()), "the view sees its own session");
        tables.tick();
        assertFalse(tables.loadingProperty().get(), "the timer of a hidden tab does nothing");

        rig.show(Feature.TABLES);
        assertFalse(tables.loadingProperty().get(), "already read for this profile: no read on showing");
        Object before = tables.report();
        try (Connection blocker = PgWorkload.server().connect(PgWorkload.database()); Statement s = blocker.createStatement()) {
            // The read sizes every table (pg_relation_size takes a share lock): it waits here until
            // the lock goes, so it is surely still running when the next tick and refresh come.
            blocker.setAutoCommit(false);
            s.execute("LOCK TABLE public.events IN ACCESS EXCLUSIVE MODE");
            tables.tick();
            assertTrue(tables.loadingProperty().get(), "the timer reads the showing tab");
            tables.tick(); // the previous read has not finished: nothing is stacked on it
            tables.refresh();
            assertEquals(1, rig.rig.quiet.activeJobs().stream().filter(j -> j.title().startsWith("Tables of")).count());
            blocker.rollback();
        }
        rig.until(() -> tables.report() != before);
        assertFalse(tables.loadingProperty().get());
        tables.dispose();
        activity.dispose();
    }

    @Test
    void overviewShowsTransactionsPerSecondFromTheSecondRefresh() throws Exception {
        OverviewModel overview = rig.bind(new OverviewModel(rig.services));
        List<String> seen = new java.util.ArrayList<>();
        overview.reportProperty().addListener((obs, was, now) -> seen.add(now == null ? "cleared"
                : now.snapshot().serverTime() + " tx=" + now.snapshot().transactions() + " interval=" + now.intervalSeconds()));
        rig.shell.select(workload);
        loaded(overview);
        assertEquals("—", overview.card("tps").value());
        assertTrue(overview.card("server").value().startsWith("PostgreSQL 17."), overview.card("server").value());
        assertTrue(overview.settings().stream().anyMatch(s -> s.name().equals("extension pg_stat_statements")));
        assertTrue(overview.table().rows().stream().anyMatch(f -> f.subject().equals("public.archive")),
                "the workload's dead rows are a finding");

        try (Connection c = PgWorkload.server().connect(PgWorkload.database()); Statement s = c.createStatement()) {
            for (int i = 0; i < 20; i++) {
                s.execute("SELECT " + i);
            }
            s.execute("SELECT pg_stat_force_next_flush()");
            s.execute("SELECT 1");
        }
        reread(overview);
        assertTrue(overview.card("tps").value().matches("\\d+(\\.\\d)?"), overview.card("tps").value() + " " + overview.card("tps").detail() + " " + seen);
        assertTrue(overview.card("tps").detail().startsWith("over the last "), overview.card("tps").detail());
        overview.dispose();
    }

    @Test
    void queriesCreateTheExtensionOnlyWhenAskedAndResetNeedsTheDatabaseNameOnProduction() throws Exception {
        String bare = PgWorkload.server().createDatabase("uiqueries");
        QueriesModel queries = rig.bind(new QueriesModel(rig.services));
        rig.show(Feature.QUERIES);
        rig.shell.select(rig.save("bare", PgWorkload.server().port(), bare, EnvironmentTag.PRODUCTION));
        loaded(queries);

        assertFalse(queries.statusProperty().get().available());
        assertTrue(queries.bannerNeeded().get());
        assertEquals("CREATE EXTENSION pg_stat_statements;", queries.runnableFix());
        assertEquals("Create extension…", queries.enableLabel());
        assertFalse(queries.canReset());
        Confirmation create = queries.enableConfirmation();
        assertEquals("CREATE EXTENSION pg_stat_statements;", create.statement());
        assertNull(create.typeToConfirm(), "creating loses nothing: a click confirms");
        assertFalse(extensionExists(bare), "reading never creates it");

        queries.enable();
        rig.until(() -> !queries.workingProperty().get() && !queries.loadingProperty().get()
                && queries.statusProperty().get() != null && queries.statusProperty().get().available());
        assertTrue(extensionExists(bare));
        assertTrue(rig.rig.runner.history().records().stream().anyMatch(r -> r.title().startsWith("Create extension on bare")),
                "a writing job, in the task history");
        assertEquals(QuerySource.PG_STAT_STATEMENTS, queries.statusProperty().get().source());

        try (Connection c = PgWorkload.server().connect(bare); PreparedStatement p = c.prepareStatement("SELECT ? AS marker_ui_777")) {
            for (int i = 0; i < 3; i++) {
                p.setInt(1, i);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                }
            }
        }
        reread(queries);
        assertTrue(queries.table().rows().stream().anyMatch(r -> r.query().contains("marker_ui_777") && r.calls() == 3),
                () -> queries.table().rows().stream().map(r -> r.calls() + " " + r.query()).toList().toString());

        Confirmation reset = queries.resetConfirmation();
        assertEquals(bare, reset.typeToConfirm(), "production: the database name is typed");
        assertFalse(reset.accepts("bare-ish"));
        assertTrue(reset.accepts(" " + bare + " "));
        assertEquals("SELECT pg_stat_statements_reset();", reset.statement());
        assertThrows(dev.railyard.guard.ConfirmationRequiredException.class, queries::resetStatistics,
                "the core refuses without the name, whatever the face passes");
        assertThrows(dev.railyard.guard.ConfirmationRequiredException.class, () -> queries.resetStatistics(" "));
        queries.resetStatistics(" " + bare + " ");
        rig.until(() -> !queries.workingProperty().get() && !queries.loadingProperty().get()
                && queries.table().rows().stream().noneMatch(r -> r.query().contains("marker_ui_777")));
        assertTrue(queries.messageProperty().get().startsWith("Statistics reset"), queries.messageProperty().get());
        queries.dispose();
    }

    private static boolean extensionExists(String db) throws Exception {
        try (Connection c = PgWorkload.server().connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    @Test
    void anUnreachableServerShowsItsProblemWhereTheRowsWouldBe() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        IndexesModel indexes = rig.bind(new IndexesModel(rig.services));
        rig.show(Feature.INDEXES);
        rig.shell.select(rig.save("gone", closed, "postgres", EnvironmentTag.DEVELOPMENT));
        rig.until(() -> indexes.problemProperty().get() != null);

        assertFalse(indexes.loadingProperty().get());
        assertEquals("Connection refused", indexes.problemProperty().get().title());
        assertTrue(indexes.placeholderProperty().get().startsWith("Could not read indexes: Connection refused"),
                indexes.placeholderProperty().get());
        assertTrue(indexes.table().rows().isEmpty());
        indexes.dispose();
    }

    @Test
    void aViewCannotWriteAndItsConnectionGoesBackToThePoolWritable() throws Exception {
        rig.shell.select(workload);
        rig.until(() -> !dev.railyard.ui.shell.ActiveConnection.CONNECTING.equals(rig.shell.serverVersionProperty().get()));
        try (Connection pooled = rig.rig.databases.connect(workload)) {
            Exception refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, () ->
                    InspectionScope.read(pooled, workload.dialect(), c -> {
                        try (Statement s = c.createStatement()) {
                            return s.executeUpdate("UPDATE settings SET v = v WHERE id = 1");
                        }
                    }));
            assertEquals("25006", ((java.sql.SQLException) refused).getSQLState(), refused.getMessage());
            Integer timeout = InspectionScope.read(pooled, workload.dialect(), c -> {
                try (Statement s = c.createStatement()) {
                    return s.getQueryTimeout();
                }
            });
            assertEquals(30, timeout, "every statement of a view carries the statement timeout");
        }
        try (Connection again = rig.rig.databases.connect(workload); Statement s = again.createStatement()) {
            assertFalse(again.isReadOnly());
            assertTrue(again.getAutoCommit());
            assertEquals(1, s.executeUpdate("UPDATE settings SET v = v WHERE id = 1"), "writable again");
        }
    }
}
