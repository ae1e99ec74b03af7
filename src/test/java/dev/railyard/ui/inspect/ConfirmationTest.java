package dev.railyard.ui.inspect;

import dev.railyard.ui.Confirmation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.inspect.SessionRow;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.ui.shell.Feature;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the tabs ask before they change the server, without the FX toolkit. */
class ConfirmationTest {

    private InspectRig rig;
    private ActivityModel activity;

    @BeforeEach
    void start() {
        rig = new InspectRig();
        rig.show(Feature.MIGRATIONS); // no tab reads
        activity = rig.bind(new ActivityModel(rig.services));
    }

    @AfterEach
    void stop() throws Exception {
        activity.dispose();
        rig.close();
    }

    private static SessionRow session(long id, boolean self) {
        return new SessionRow(id, "shop", "app", "api", "10.0.0.7", "client backend", "active", "Lock", "transactionid",
                null, null, null, 5_000L, 5_000L, "UPDATE orders SET paid = true WHERE id = 1", List.of(), self);
    }

    @Test
    void terminatingOnProductionNeedsTheDatabaseNameTyped() {
        rig.shell.select(rig.save("prod", EmbeddedPostgres.shared().port(), "postgres", EnvironmentTag.PRODUCTION));

        Confirmation terminate = activity.confirmation(ActivityModel.Action.TERMINATE, session(4711, false));
        assertEquals("postgres", terminate.typeToConfirm(), "the production guard's word: the database name");
        assertEquals("SELECT pg_terminate_backend(4711);", terminate.statement());
        assertTrue(terminate.header().startsWith("Terminate session 4711 "), "said once: " + terminate.header());
        assertTrue(terminate.danger());
        assertTrue(terminate.body().contains("type its name postgres to confirm"), terminate.body());
        assertTrue(terminate.body().contains("UPDATE orders SET paid = true"), "says what the session runs");
        assertFalse(terminate.accepts(""));
        assertFalse(terminate.accepts("4711"));
        assertTrue(terminate.accepts("postgres"));
    }

    @Test
    void onDevelopmentAClickIsEnoughAndRailyardsOwnSessionIsOffLimits() {
        rig.shell.select(rig.save("dev", EmbeddedPostgres.shared().port(), "postgres", EnvironmentTag.DEVELOPMENT));

        Confirmation cancel = activity.confirmation(ActivityModel.Action.CANCEL, session(4711, false));
        assertNull(cancel.typeToConfirm());
        assertTrue(cancel.accepts(""));
        assertEquals("SELECT pg_cancel_backend(4711);", cancel.statement());
        assertTrue(cancel.header().startsWith("Cancel the query of session 4711 "), cancel.header());
        assertFalse(cancel.danger(), "cancel loses only the running statement");

        assertFalse(activity.canAct(session(99, true)), "not the view's own session");
        assertNull(activity.confirmation(ActivityModel.Action.TERMINATE, session(99, true)));
    }

    @Test
    void onlyStatementsRailyardMayRunAreOfferedToRun() {
        assertEquals("CREATE EXTENSION pg_stat_statements;", QueriesModel.runnable("CREATE EXTENSION pg_stat_statements;"));
        assertEquals("SET GLOBAL slow_query_log = ON;\nSET GLOBAL log_output = 'FILE,TABLE';",
                QueriesModel.runnable("SET GLOBAL slow_query_log = ON;\nSET GLOBAL log_output = 'FILE,TABLE';\n"));
        assertNull(QueriesModel.runnable("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements';\n"
                + "-- restart the server, then:\nCREATE EXTENSION pg_stat_statements;"), "needs a restart: shown, not run");
        assertNull(QueriesModel.runnable("# my.cnf, then restart the server\n[mysqld]\nperformance_schema = ON"));
        assertNull(QueriesModel.runnable(null));
    }
}
