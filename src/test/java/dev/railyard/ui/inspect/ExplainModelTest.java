package dev.railyard.ui.inspect;

import dev.railyard.ui.Confirmation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.console.ExplainResult;
import dev.railyard.guard.ConfirmationRequiredException;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.ui.plan.ExplainModel;
import dev.railyard.ui.plan.ParameterValues;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plan window's model on real servers through the window's ActiveConnection, without the
 * toolkit: generic plans on PostgreSQL 16+, values asked (prefilled) on 15, EXPLAIN ANALYZE on
 * production only with the database name.
 */
class ExplainModelTest {

    private static final String NORMALISED = "SELECT relname FROM pg_class WHERE relpages > $1 ORDER BY relname LIMIT $2";

    private InspectRig rig;

    @BeforeEach
    void start() {
        rig = new InspectRig();
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    private ExplainModel select(String name, String major, EnvironmentTag environment, String statement) {
        return select(name, major, "postgres", environment, statement);
    }

    private ExplainModel select(String name, String major, String database, EnvironmentTag environment, String statement) {
        ConnectionProfile profile = rig.save(name, EmbeddedPostgres.shared(major).port(), database, environment);
        rig.shell.select(profile);
        rig.ui.drain();
        return new ExplainModel(rig.active, statement, "Queries");
    }

    private ExplainResult planned(ExplainModel model) throws InterruptedException {
        rig.until(() -> !model.runningProperty().get()
                && (model.planProperty().get() != null || model.problemProperty().get() != null
                || model.valuesNeededProperty().get() != null));
        assertNull(model.problemProperty().get(), () -> model.problemProperty().get().oneLine());
        return model.planProperty().get();
    }

    @Test
    void postgres17PlansANormalisedStatementGenericallyAtOnce() throws Exception {
        ExplainModel model = select("pg17", "17", EnvironmentTag.DEVELOPMENT, NORMALISED);
        model.explain();
        assertTrue(model.runningProperty().get(), "a job, not the caller's thread");
        ExplainResult plan = planned(model);
        assertNotNull(plan, "no values asked for");
        assertTrue(plan.generic());
        assertEquals("Limit", plan.root().operation());
        assertTrue(model.statusProperty().get().startsWith("Generic plan"), model.statusProperty().get());
    }

    @Test
    void postgres15AsksForTheValuesPrefilledThenExplains() throws Exception {
        ExplainModel model = select("pg15", "15", EnvironmentTag.DEVELOPMENT, NORMALISED);
        model.explain();
        assertNull(planned(model));
        ParameterValues values = model.valuesNeededProperty().get();
        assertNotNull(values, "PostgreSQL 15 has no generic plans");
        assertFalse(model.pendingAnalyze());
        assertEquals(List.of("", "10"), values.values(), "LIMIT prefilled");
        values.value(0).set("0");
        model.giveValues(values.values());
        ExplainResult plan = planned(model);
        assertNotNull(plan);
        assertFalse(plan.generic());
        assertNull(model.valuesNeededProperty().get());

        // EXPLAIN ANALYZE runs the statement: it asks again, with the values given last time.
        model.analyze(null);
        ParameterValues again = model.valuesNeededProperty().get();
        assertTrue(model.pendingAnalyze());
        assertEquals(List.of("0", "10"), again.values());
        model.giveValues(again.values());
        rig.until(() -> model.planProperty().get() != null && model.planProperty().get().analyzed()
                || model.problemProperty().get() != null);
        assertTrue(model.planProperty().get().analyzed());
    }

    @Test
    void explainAnalyzeOnProductionNeedsTheDatabaseNameFromTheCoresGuard() throws Exception {
        ExplainModel model = select("prod", "17", EnvironmentTag.PRODUCTION, "SELECT count(*) FROM pg_class");
        Confirmation question = model.analyzeConfirmation();
        assertNotNull(question, "production asks first");
        assertEquals("postgres", question.typeToConfirm());
        assertThrows(ConfirmationRequiredException.class, () -> model.analyze("wrong"));
        assertThrows(ConfirmationRequiredException.class, () -> model.analyze(null));
        assertFalse(model.runningProperty().get(), "nothing ran");

        model.analyze("postgres");
        ExplainResult plan = planned(model);
        assertTrue(plan.analyzed());
        assertTrue(plan.root().actualRows() != null);

        ExplainModel elsewhere = select("dev", "17", EmbeddedPostgres.shared("17").createDatabase("dev"),
                EnvironmentTag.DEVELOPMENT, "SELECT 1");
        assertNull(elsewhere.analyzeConfirmation(), "outside production a click is enough");
    }

    @Test
    void cancelStopsARunningAnalyseAndSoDoesSelectingAnotherConnection() throws Exception {
        ExplainModel model = select("dev", "17", EmbeddedPostgres.shared("17").createDatabase("sleepy"),
                EnvironmentTag.DEVELOPMENT, "SELECT pg_sleep(60)");
        model.analyze(null);
        assertTrue(model.runningProperty().get());
        long started = System.nanoTime();
        rig.until(() -> model.statusProperty().get().startsWith("Running"));
        model.cancel();
        rig.until(() -> !model.runningProperty().get());
        assertTrue(System.nanoTime() - started < java.util.concurrent.TimeUnit.SECONDS.toNanos(30), "not the whole minute");
        assertNotNull(model.problemProperty().get());
        assertTrue(model.statusProperty().get().startsWith("Could not explain"), model.statusProperty().get());

        model.analyze(null);
        assertTrue(model.runningProperty().get());
        rig.shell.select(rig.save("elsewhere", EmbeddedPostgres.shared("17").port(), "postgres", EnvironmentTag.DEVELOPMENT));
        rig.until(() -> !model.runningProperty().get());
        assertNotNull(model.problemProperty().get(), "the window hears that its explain stopped");
        model.explain();
        assertFalse(model.runningProperty().get(), "and explains no more on another connection");
        assertTrue(model.statusProperty().get().startsWith("Another connection is selected"), model.statusProperty().get());
    }
}
