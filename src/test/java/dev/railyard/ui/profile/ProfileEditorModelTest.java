package dev.railyard.ui.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.ui.UiQueue;
import dev.railyard.ui.UiRig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The editor's model without the FX toolkit, over real stores, a real vault and a real PostgreSQL. */
class ProfileEditorModelTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String RAILWAY_BLOCK = """
            # Raw Editor of the Postgres service
            DATABASE_PUBLIC_URL="postgresql://postgres:kQ7vX2mLpR9s@shinkansen.proxy.rlwy.net:41234/railway"
            DATABASE_URL="postgresql://postgres:kQ7vX2mLpR9s@postgres.railway.internal:5432/railway"
            PGDATABASE="railway"
            PGHOST="postgres.railway.internal"
            PGPASSWORD="kQ7vX2mLpR9s"
            PGPORT="5432"
            PGUSER="postgres"
            """;

    private final UiQueue ui = new UiQueue();
    private final UiRig rig = new UiRig(ui, Runnable::run);

    @AfterEach
    void cleanUp() {
        rig.close();
    }

    private ProfileEditorModel newEditor() {
        ProfileEditorModel model = ProfileEditorModel.forNew(rig.services());
        ui.drain(); // the keychain probe's answer
        return model;
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String localBlock(int port, String password) {
        return "PGHOST=127.0.0.1\nPGPORT=" + port + "\nPGUSER=postgres\nPGPASSWORD=" + password
                + "\nPGDATABASE=postgres\nPGSSLMODE=disable\n";
    }

    @Test
    void pastingRailwayVariablesFillsEveryFieldWithThePublicAddress() {
        ProfileEditorModel model = newEditor();

        model.pasteTextProperty().set(RAILWAY_BLOCK);

        assertEquals("", model.pasteErrorProperty().get());
        assertEquals(Dialect.POSTGRESQL, model.dialectProperty().get());
        assertEquals("shinkansen.proxy.rlwy.net", model.hostProperty().get());
        assertEquals("41234", model.portProperty().get());
        assertEquals("railway", model.databaseProperty().get());
        assertEquals("postgres", model.userProperty().get());
        assertEquals("kQ7vX2mLpR9s", model.passwordProperty().get());
        assertEquals(SslMode.REQUIRE, model.sslModeProperty().get(), "Railway's proxy: TLS without verification");
        assertTrue(model.pasteStatusProperty().get().contains("shinkansen.proxy.rlwy.net:41234"), model.pasteStatusProperty().get());
        assertTrue(model.pasteStatusProperty().get().contains("with its password"), model.pasteStatusProperty().get());
        assertFalse(model.pasteStatusProperty().get().contains("kQ7vX2mLpR9s"), "the status never repeats the password");
        assertTrue(model.warnings().isEmpty(), model.warnings().toString());
        assertEquals("To save, fill in: name", model.missingProperty().get());

        model.nameProperty().set("shop-production");
        assertTrue(model.canSaveProperty().get());
    }

    @Test
    void thePastedPasswordDoesNotStayOnScreenAndEditingTheBlockKeepsIt() {
        ProfileEditorModel model = newEditor();
        model.pasteTextProperty().set(RAILWAY_BLOCK);

        assertFalse(model.pasteTextProperty().get().contains("kQ7vX2mLpR9s"), model.pasteTextProperty().get());
        assertTrue(model.pasteTextProperty().get().contains("PGPASSWORD=\"" + ProfileEditorModel.PASSWORD_MASK + "\""));
        assertEquals("kQ7vX2mLpR9s", model.passwordProperty().get());

        // Editing the masked block (another port) re-reads it and keeps the real password.
        model.pasteTextProperty().set(model.pasteTextProperty().get().replace("41234", "41235"));
        assertEquals("41235", model.portProperty().get());
        assertEquals("kQ7vX2mLpR9s", model.passwordProperty().get());
    }

    @Test
    void aPercentEncodedPasswordInAUrlIsMaskedToo() {
        ProfileEditorModel model = newEditor();
        model.pasteTextProperty().set("postgresql://postgres:p%40ss%2Fw0rd@shinkansen.proxy.rlwy.net:41234/railway");
        assertEquals("p@ss/w0rd", model.passwordProperty().get());
        assertFalse(model.pasteTextProperty().get().contains("p%40ss"), model.pasteTextProperty().get());
    }

    @Test
    void privateNetworkAndPgBouncerAreWarnedAboutInPlainWords() {
        ProfileEditorModel model = newEditor();

        model.pasteTextProperty().set("PGHOST=postgres.railway.internal\nPGPORT=5432\nPGUSER=postgres\nPGPASSWORD=x\n");
        assertEquals("postgres.railway.internal", model.hostProperty().get(), "accepted, but warned about");
        assertEquals(1, model.warnings().size(), model.warnings().toString());
        assertTrue(model.warnings().get(0).contains("Public Networking"), model.warnings().get(0));
        assertTrue(model.warnings().get(0).contains("railway connect --tunnel-only"), model.warnings().get(0));

        model.pasteTextProperty().set("postgresql://postgres:pw@db.example.com:6432/railway");
        assertEquals(1, model.warnings().size(), model.warnings().toString());
        assertTrue(model.warnings().get(0).contains("PgBouncer"), model.warnings().get(0));
        assertTrue(model.warnings().get(0).contains("DATABASE_PUBLIC_UNPOOLED_URL"), model.warnings().get(0));

        model.pasteTextProperty().set("");
        assertTrue(model.warnings().isEmpty(), "clearing the paste clears its warnings");
    }

    @Test
    void unreadableTextIsReportedInlineAndLeavesTheFieldsAlone() {
        ProfileEditorModel model = newEditor();
        model.pasteTextProperty().set("mysql://root:pw@mysql.proxy.rlwy.net:33061/railway");
        assertEquals(Dialect.MYSQL, model.dialectProperty().get());

        model.pasteTextProperty().set("redis://default:pw@redis.proxy.rlwy.net:6379");
        assertTrue(model.pasteErrorProperty().get().toLowerCase().contains("redis"), model.pasteErrorProperty().get());
        assertEquals("", model.pasteStatusProperty().get());
        assertEquals("mysql.proxy.rlwy.net", model.hostProperty().get(), "the last good paste stays");

        model.pasteTextProperty().set("PGHOST=\"db.example.com\nPGPORT=5432");
        assertFalse(model.pasteErrorProperty().get().isEmpty(), "an unterminated quote is named");

        model.pasteTextProperty().set("postgresql://postgres:pw@db.example.com:99999/railway");
        assertTrue(model.pasteErrorProperty().get().contains("99999"), model.pasteErrorProperty().get());
    }

    @Test
    void saveStaysDisabledWhileTheNameIsTakenOrThePortIsOutOfRange() {
        rig.profiles.save(ConnectionProfile.of("shop-prod", Dialect.POSTGRESQL, "a.proxy.rlwy.net", 5432, "railway", "postgres"));
        ProfileEditorModel model = newEditor();
        model.pasteTextProperty().set("postgresql://postgres:pw@b.proxy.rlwy.net:40000/railway");

        model.nameProperty().set("Shop-Prod");
        assertEquals("A connection named 'Shop-Prod' already exists", model.nameErrorProperty().get());
        assertFalse(model.canSaveProperty().get());

        model.nameProperty().set("shop/prod");
        assertTrue(model.nameErrorProperty().get().startsWith("Use up to 64 letters"), model.nameErrorProperty().get());

        model.nameProperty().set("shop-staging");
        assertEquals("", model.nameErrorProperty().get());
        model.portProperty().set("70000");
        assertEquals("Port must be a number from 1 to 65535", model.portErrorProperty().get());
        assertFalse(model.canSaveProperty().get());
        assertFalse(model.testableProperty().get());

        model.portProperty().set("40001");
        assertTrue(model.canSaveProperty().get());
        assertEquals("", model.missingProperty().get());
    }

    @Test
    void theCaFileIsCheckedOnTheBackgroundExecutorOncePerChange() throws Exception {
        UiQueue background = new UiQueue();
        java.util.concurrent.atomic.AtomicInteger handedOver = new java.util.concurrent.atomic.AtomicInteger();
        try (UiRig queued = new UiRig(ui, task -> {
            handedOver.incrementAndGet();
            background.execute(task);
        })) {
            ProfileEditorModel model = ProfileEditorModel.forNew(queued.services());
            background.drain();
            ui.drain();
            model.pasteTextProperty().set(RAILWAY_BLOCK);
            model.nameProperty().set("shop");
            model.sslModeProperty().set(SslMode.VERIFY_FULL);
            model.caFileProperty().set(queued.folder.resolve("no-such-ca.pem").toString());
            ui.drain();
            assertEquals("", model.caFileErrorProperty().get(), "the disk was not read on the calling thread");
            assertFalse(model.canSaveProperty().get(), "not while the check is under way");
            background.drain();
            ui.drain();
            assertEquals("No readable file at this path", model.caFileErrorProperty().get());
            int checks = handedOver.get();
            model.nameProperty().set("shop-2");
            model.hostProperty().set("db.example.com");
            assertEquals(checks, handedOver.get(), "typing elsewhere does not check the file again");
            assertEquals("No readable file at this path", model.caFileErrorProperty().get());
        }
    }

    @Test
    void sslChoicesThatCannotWorkAreExplainedAndAMissingCaFileBlocksSaving() throws Exception {
        ProfileEditorModel model = newEditor();
        model.pasteTextProperty().set(RAILWAY_BLOCK);
        model.nameProperty().set("shop");
        assertEquals("", model.sslWarningProperty().get());

        model.sslModeProperty().set(SslMode.VERIFY_FULL);
        assertTrue(model.sslWarningProperty().get().contains("self-signed"), model.sslWarningProperty().get());
        assertTrue(model.canSaveProperty().get(), "a warning, not an error: the user may know better");
        model.caFileProperty().set(rig.folder.resolve("no-such-ca.pem").toString());
        assertFalse(model.canSaveProperty().get(), "not while the file is being checked");
        ui.drain();
        assertEquals("No readable file at this path", model.caFileErrorProperty().get());
        assertFalse(model.canSaveProperty().get());
        java.nio.file.Path ca = Files.writeString(rig.folder.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        model.caFileProperty().set(ca.toString());
        ui.drain();
        assertEquals("", model.caFileErrorProperty().get());
        assertTrue(model.canSaveProperty().get());

        model.sslModeProperty().set(SslMode.DISABLE);
        assertTrue(model.sslWarningProperty().get().contains("readable"), model.sslWarningProperty().get());
        assertEquals("", model.caFileErrorProperty().get(), "the CA file only matters for verify-*");
    }

    @Test
    void switchingToMySqlMovesDefaultPortAndUserButKeepsTypedOnes() {
        ProfileEditorModel model = newEditor();
        assertEquals("5432", model.portProperty().get());
        model.dialectProperty().set(Dialect.MYSQL);
        assertEquals("3306", model.portProperty().get());
        assertEquals("root", model.userProperty().get());

        model.portProperty().set("33061");
        model.userProperty().set("app");
        model.dialectProperty().set(Dialect.POSTGRESQL);
        assertEquals("33061", model.portProperty().get());
        assertEquals("app", model.userProperty().get());
    }

    @Test
    void savingPutsThePasswordInTheVaultAndNeverInProfilesJson() throws Exception {
        ProfileEditorModel model = newEditor();
        model.pasteTextProperty().set(RAILWAY_BLOCK);
        model.nameProperty().set("shop-production");
        model.environmentProperty().set(EnvironmentTag.PRODUCTION);
        model.addMigrationLocation("/srv/shop/db/migration");
        assertEquals(SecretMode.VAULT, model.secretModeProperty().get(), "no keychain here: the vault");

        model.save();
        ui.runUntil(() -> model.savedProperty().get() != null || model.saveProblemProperty().get() != null, WAIT);

        assertNull(model.saveProblemProperty().get());
        ConnectionProfile saved = rig.profiles.require("shop-production");
        assertEquals(EnvironmentTag.PRODUCTION, saved.environment());
        assertEquals("shinkansen.proxy.rlwy.net", saved.host());
        assertEquals(java.util.List.of("/srv/shop/db/migration"), saved.migrations().locations());
        assertEquals(1, rig.prompts.vaultAsks.get(), "the vault was created with the master password, once");
        assertEquals("kQ7vX2mLpR9s", rig.secrets.vault().password("shop-production").orElseThrow());
        assertTrue(Files.exists(rig.home.vault()));
        assertFalse(Files.readString(rig.home.profiles()).contains("kQ7vX2mLpR9s"));
        assertFalse(rig.allFiles().contains("kQ7vX2mLpR9s"), "no file under RAILYARD_HOME holds the password in clear");
    }

    @Test
    void aCancelledVaultPromptSavesNothing() throws Exception {
        rig.prompts.vaultPassword = null; // the user closes the question
        ProfileEditorModel model = newEditor();
        model.pasteTextProperty().set(RAILWAY_BLOCK);
        model.nameProperty().set("shop-production");

        model.save();
        ui.runUntil(() -> model.saveProblemProperty().get() != null || model.savedProperty().get() != null, WAIT);

        assertTrue(model.saveProblemProperty().get().summary().contains("vault stayed locked"),
                model.saveProblemProperty().get().summary());
        assertTrue(rig.profiles.find("shop-production").isEmpty());
        assertFalse(model.savingProperty().get());
        assertTrue(model.canSaveProperty().get(), "the user may try again");
    }

    @Test
    void renamingAndMovingToAskEveryTimeTakeThePasswordAlongAndLeaveNothingBehind() throws Exception {
        ProfileEditorModel create = newEditor();
        create.pasteTextProperty().set(RAILWAY_BLOCK);
        create.nameProperty().set("shop");
        create.save();
        ui.runUntil(() -> create.savedProperty().get() != null, WAIT);

        ProfileEditorModel edit = ProfileEditorModel.forEdit(rig.services(), rig.profiles.require("shop"));
        ui.drain();
        assertEquals("", edit.passwordProperty().get(), "the saved password is not read into the form");
        assertEquals("shop", edit.nameProperty().get());
        assertEquals("", edit.nameErrorProperty().get(), "its own name is not taken");
        edit.nameProperty().set("shop-main");
        edit.save();
        ui.runUntil(() -> edit.savedProperty().get() != null || edit.saveProblemProperty().get() != null, WAIT);
        assertNull(edit.saveProblemProperty().get());
        assertTrue(rig.profiles.find("shop").isEmpty());
        assertEquals("kQ7vX2mLpR9s", rig.secrets.password("shop-main").orElseThrow());
        assertFalse(rig.secrets.vault().contains("shop"), "the old name's entry is gone");

        ProfileEditorModel ask = ProfileEditorModel.forEdit(rig.services(), rig.profiles.require("shop-main"));
        ui.drain();
        ask.secretModeProperty().set(SecretMode.ASK);
        assertTrue(ask.secretHintProperty().get().startsWith("Not saved"), ask.secretHintProperty().get());
        ask.save();
        ui.runUntil(() -> ask.savedProperty().get() != null, WAIT);
        assertEquals(SecretMode.ASK, rig.profiles.require("shop-main").secretMode());
        assertFalse(rig.secrets.vault().contains("shop-main"), "no longer kept in the vault");
        assertEquals("kQ7vX2mLpR9s", rig.secrets.session().password("shop-main").orElseThrow(),
                "still known for this session");
    }

    @Test
    void editingAProfileKeepsItsStoredMigrationCommand() throws Exception {
        ProfileEditorModel create = newEditor();
        create.pasteTextProperty().set(RAILWAY_BLOCK);
        create.nameProperty().set("shop");
        create.save();
        ui.runUntil(() -> create.savedProperty().get() != null, WAIT);
        ConnectionProfile saved = rig.profiles.require("shop");
        rig.profiles.replace("shop", saved.withMigrations(saved.migrations().withMigrateCommand("npx prisma migrate deploy")));

        ProfileEditorModel edit = ProfileEditorModel.forEdit(rig.services(), rig.profiles.require("shop"));
        ui.drain();
        edit.notesProperty().set("edited");
        edit.save();
        ui.runUntil(() -> edit.savedProperty().get() != null || edit.saveProblemProperty().get() != null, WAIT);
        assertNull(edit.saveProblemProperty().get());
        assertEquals("npx prisma migrate deploy", rig.profiles.require("shop").migrations().migrateCommand(),
                "the release command set with profile edit --migrate-command survives an edit in the window");
    }

    @Test
    void duplicateGetsAFreeNameAndCarriesThePassword() throws Exception {
        ProfileEditorModel create = newEditor();
        create.pasteTextProperty().set(RAILWAY_BLOCK);
        create.nameProperty().set("shop");
        create.environmentProperty().set(EnvironmentTag.STAGING);
        create.save();
        ui.runUntil(() -> create.savedProperty().get() != null, WAIT);

        ProfileEditorModel copy = ProfileEditorModel.forDuplicate(rig.services(), rig.profiles.require("shop"));
        ui.drain();
        assertEquals("shop copy", copy.nameProperty().get());
        assertEquals(EnvironmentTag.STAGING, copy.environmentProperty().get());
        assertTrue(copy.canSaveProperty().get());
        copy.save();
        ui.runUntil(() -> copy.savedProperty().get() != null, WAIT);

        assertEquals("kQ7vX2mLpR9s", rig.secrets.password("shop copy").orElseThrow());
        assertEquals("kQ7vX2mLpR9s", rig.secrets.password("shop").orElseThrow(), "the original keeps its own");
    }

    @Test
    void testConnectionReportsTheServerOrTheClassifiedProblem() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        ProfileEditorModel model = newEditor();
        model.pasteTextProperty().set(localBlock(pg.port(), "unused-by-trust"));
        assertEquals(SslMode.DISABLE, model.sslModeProperty().get());

        assertNotNull(model.testConnection());
        assertEquals(TestOutcome.State.RUNNING, model.testOutcomeProperty().get().state());
        assertTrue(model.testingProperty().get());
        ui.runUntil(() -> !model.testingProperty().get(), WAIT);
        TestOutcome passed = model.testOutcomeProperty().get();
        assertEquals(TestOutcome.State.PASSED, passed.state(), () -> String.valueOf(passed.problem()));
        assertTrue(passed.headline().startsWith("Connected: PostgreSQL 17"), passed.headline());
        assertTrue(passed.facts().stream().anyMatch(f -> f[0].equals("pg_stat_statements")));
        assertTrue(passed.facts().stream().anyMatch(f -> f[0].equals("TLS") && f[1].equals("not encrypted")));

        model.portProperty().set(Integer.toString(closedPort()));
        model.testConnection();
        ui.runUntil(() -> !model.testingProperty().get(), WAIT);
        TestOutcome failed = model.testOutcomeProperty().get();
        assertEquals(TestOutcome.State.FAILED, failed.state());
        assertEquals("Connection refused", failed.headline());
        assertTrue(failed.problem().summary().contains("127.0.0.1:" + model.portProperty().get()), failed.problem().summary());
        assertFalse(failed.problem().fix().isEmpty());
        assertTrue(rig.profiles.list().isEmpty(), "testing saves nothing");
    }
}
