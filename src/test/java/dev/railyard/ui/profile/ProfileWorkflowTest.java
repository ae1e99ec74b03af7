package dev.railyard.ui.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.ui.FxThread;
import dev.railyard.ui.ThrottledFxExecutor;
import dev.railyard.ui.UiRig;
import dev.railyard.ui.shell.ActiveConnection;
import dev.railyard.ui.shell.MainWindow;
import dev.railyard.ui.shell.ShellModel;
import dev.railyard.ui.task.TaskPanelModel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.ContextMenuEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole way a DBA adds a connection, headless: paste Railway's variables into the new
 * connection dialog, see the fields filled, test against a real PostgreSQL, save, and find it in
 * the sidebar with its server version in the status bar. Passwords go to the vault (its master
 * password from a test hook), never to profiles.json.
 */
@ExtendWith(ApplicationExtension.class)
class ProfileWorkflowTest {

    private static final String PASSWORD = "Zq8-railyard-test-pw";

    private UiRig rig;
    private ShellModel shell;
    private TaskPanelModel tasks;
    private ActiveConnection connection;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        rig = new UiRig(FxThread.executor(), Runnable::run);
        shell = new ShellModel(rig.profiles, rig.settings, FxThread.executor(), Runnable::run);
        tasks = new TaskPanelModel(rig.runner, new ThrottledFxExecutor(Duration.ofMillis(100)));
        connection = new ActiveConnection(shell, rig.databases, rig.runner, rig.quiet, rig.access, FxThread.executor());
        shell.onReconnectProperty().set(connection::recheck);
        new ProfileActions(() -> stage, shell, rig.services()).install();
        window = new MainWindow(shell, tasks, connection);
        window.showIn(stage, rig.folder.toString());
        stage.show();
    }

    @AfterEach
    void stop() {
        connection.dispose();
        shell.dispose();
        tasks.dispose();
        rig.close();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Looked up on the FX thread, which may be rebuilding the sidebar meanwhile. */
    private static boolean showing(FxRobot robot, String query) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> robot.lookup(query).match(NodeQueryUtils.isVisible()).tryQuery().isPresent())
                .get(5, TimeUnit.SECONDS);
    }

    private static String block(int port) {
        return "PGHOST=127.0.0.1\nPGPORT=" + port + "\nPGUSER=postgres\nPGPASSWORD=" + PASSWORD
                + "\nPGDATABASE=postgres\nPGSSLMODE=disable\n";
    }

    /** Puts the text on the clipboard and pastes it with the keyboard, as a user would. */
    private void paste(FxRobot robot, String text) throws Exception {
        robot.interact(() -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(text);
            Clipboard.getSystemClipboard().setContent(content);
        });
        robot.clickOn("#paste-area");
        robot.push(KeyCode.CONTROL, KeyCode.V);
        waitUntil(() -> robot.lookup("#paste-area").queryAs(TextArea.class).getText().contains("PGHOST"));
    }

    /**
     * Right-click on a sidebar entry. Monocle (headless) sends no menu events for the right
     * button, so the event a desktop toolkit sends is fired here, at the entry's centre.
     */
    private static void openContextMenu(FxRobot robot, String query) throws Exception {
        Node entry = robot.lookup(query).query();
        robot.interact(() -> {
            javafx.geometry.Bounds screen = entry.localToScreen(entry.getBoundsInLocal());
            javafx.geometry.Bounds local = entry.getBoundsInLocal();
            entry.fireEvent(new ContextMenuEvent(ContextMenuEvent.CONTEXT_MENU_REQUESTED,
                    local.getCenterX(), local.getCenterY(), screen.getCenterX(), screen.getCenterY(), false, null));
        });
        waitUntil(() -> robot.lookup(".context-menu").tryQuery().isPresent());
    }

    private void openNewConnectionDialog(FxRobot robot) throws Exception {
        robot.clickOn("#toolbar-add-connection");
        waitUntil(() -> showing(robot, "#paste-area"));
    }

    @Test
    void pastedVariablesFillTheDialogTestReachesPostgresAndSaveShowsItInTheSidebar(FxRobot robot) throws Exception {
        int port = EmbeddedPostgres.shared().port();
        openNewConnectionDialog(robot);
        assertTrue(robot.lookup("#save-button").queryButton().isDisabled(), "nothing to save yet");

        paste(robot, block(port));

        assertEquals("127.0.0.1", robot.lookup("#host-field").queryAs(TextField.class).getText());
        assertEquals(Integer.toString(port), robot.lookup("#port-field").queryAs(TextField.class).getText());
        assertEquals("postgres", robot.lookup("#user-field").queryAs(TextField.class).getText());
        assertEquals("postgres", robot.lookup("#database-field").queryAs(TextField.class).getText());
        assertEquals(PASSWORD, robot.lookup("#password-field").queryAs(PasswordField.class).getText());
        assertEquals(SslMode.DISABLE, robot.lookup("#ssl-choice").queryAs(ComboBox.class).getValue());
        assertTrue(robot.lookup("#paste-status").queryAs(Label.class).getText().startsWith("Filled in PostgreSQL"));
        assertTrue(robot.lookup("#save-button").queryButton().isDisabled(), "still needs a name");
        assertEquals("To save, fill in: name", robot.lookup("#editor-missing").queryAs(Label.class).getText());

        robot.clickOn("#name-field").write("local-pg");
        robot.clickOn("#test-button");
        waitUntil(() -> showing(robot, "#test-headline")
                && !robot.lookup("#test-headline").queryAs(Label.class).getText().startsWith("Connecting"));
        String headline = robot.lookup("#test-headline").queryAs(Label.class).getText();
        assertTrue(headline.startsWith("Connected: PostgreSQL 17"), headline);
        assertTrue(robot.lookup("#test-facts").tryQuery().isPresent());

        Button save = robot.lookup("#save-button").queryButton();
        assertFalse(save.isDisabled());
        robot.clickOn(save);
        waitUntil(() -> !showing(robot, "#profile-editor") && showing(robot, "#profile-local-pg"));

        assertEquals(PASSWORD, rig.secrets.vault().password("local-pg").orElseThrow());
        assertFalse(Files.readString(rig.home.profiles()).contains(PASSWORD), "profiles.json never holds the password");
        assertFalse(rig.allFiles().contains(PASSWORD), "nor does any other file");
        // The new connection became the active one and its check filled the status bar.
        Label server = robot.lookup("#status-server").queryAs(Label.class);
        waitUntil(() -> server.getText().startsWith("Server PostgreSQL 17"));
        assertTrue(robot.lookup("#status-latency").queryAs(Label.class).getText().matches("Latency \\d+(\\.\\d)? ms"));
    }

    @Test
    void aWrongPortShowsConnectionRefusedWithItsFix(FxRobot robot) throws Exception {
        int closed = ProfileEditorModelTest.closedPort();
        openNewConnectionDialog(robot);
        paste(robot, block(closed));

        robot.clickOn("#test-button");
        waitUntil(() -> showing(robot, "#test-fix"));

        assertEquals("Connection refused", robot.lookup("#test-headline").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#test-summary").queryAs(Label.class).getText().contains("127.0.0.1:" + closed));
        String fix = robot.lookup("#test-fix").queryAs(Label.class).getText();
        assertTrue(fix.startsWith("What to do: Check the port"), fix);
        assertTrue(robot.lookup("#test-result").query().getStyleClass().contains("failed"));
        robot.clickOn("#cancel-button");
        waitUntil(() -> !showing(robot, "#profile-editor"));
        assertTrue(rig.profiles.list().isEmpty());
    }

    @Test
    void selectingProfilesFillsTheStatusBarOrShowsTheProblemInRed(FxRobot robot) throws Exception {
        rig.profiles.save(profile("local", EmbeddedPostgres.shared().port(), EnvironmentTag.DEVELOPMENT));
        int closed = ProfileEditorModelTest.closedPort();
        rig.profiles.save(profile("gone", closed, EnvironmentTag.STAGING));
        waitUntil(() -> showing(robot, "#profile-local") && showing(robot, "#profile-gone"));

        robot.clickOn("#profile-local");
        Label server = robot.lookup("#status-server").queryAs(Label.class);
        waitUntil(() -> server.getText().matches("Server PostgreSQL 17\\.\\d+"));
        assertFalse(showing(robot, "#status-problem"));

        robot.clickOn("#profile-gone");
        waitUntil(() -> showing(robot, "#status-problem"));
        Button problem = robot.lookup("#status-problem").queryButton();
        assertTrue(problem.getText().startsWith("Connection refused by 127.0.0.1:" + closed), problem.getText());
        assertEquals("Server " + ShellModel.UNKNOWN, server.getText());
        assertFalse(robot.lookup("#task-panel").query().isVisible(), "checks do not open the task panel");

        robot.clickOn("#profile-local");
        waitUntil(() -> server.getText().startsWith("Server PostgreSQL") && !showing(robot, "#status-problem"));
    }

    @Test
    void deletingAProductionProfileNeedsItsNameTyped(FxRobot robot) throws Exception {
        ConnectionProfile prod = profile("shop-prod", EmbeddedPostgres.shared().port(), EnvironmentTag.PRODUCTION);
        rig.profiles.save(prod);
        rig.secrets.store(prod, PASSWORD);
        waitUntil(() -> showing(robot, "#profile-shop-prod"));

        openContextMenu(robot, "#profile-shop-prod");
        robot.clickOn("Delete…");
        waitUntil(() -> showing(robot, "#delete-confirm"));
        Button delete = robot.lookup("#delete-confirm").queryButton();
        assertTrue(delete.isDisabled(), "production: not before the name is typed");
        robot.clickOn("#delete-confirm-name").write("shop-pro");
        assertTrue(delete.isDisabled());
        robot.write("d");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(delete.isDisabled());
        robot.clickOn(delete);

        waitUntil(() -> !showing(robot, "#profile-shop-prod") && !rig.secrets.vault().contains("shop-prod"));
        assertTrue(rig.profiles.find("shop-prod").isEmpty());
    }

    @Test
    void editFromTheContextMenuMovesTheProfileToItsNewEnvironment(FxRobot robot) throws Exception {
        rig.profiles.save(profile("shop", EmbeddedPostgres.shared().port(), EnvironmentTag.DEVELOPMENT));
        waitUntil(() -> showing(robot, "#profile-shop"));

        openContextMenu(robot, "#profile-shop");
        robot.clickOn("Edit…");
        waitUntil(() -> showing(robot, "#profile-editor"));
        assertEquals("Edit connection shop", robot.lookup("#editor-title").queryAs(Label.class).getText());
        assertEquals("shop", robot.lookup("#name-field").queryAs(TextField.class).getText());
        @SuppressWarnings("unchecked")
        ComboBox<EnvironmentTag> env = robot.lookup("#environment-choice").queryAs(ComboBox.class);
        robot.interact(() -> env.setValue(EnvironmentTag.PRODUCTION));
        Node header = robot.lookup(".profile-editor-header").query();
        assertTrue(header.getStyleClass().contains("env-production"), "the dialog turns production-red");
        robot.clickOn("#save-button");

        waitUntil(() -> !showing(robot, "#profile-editor") && showing(robot, "#band-production"));
        assertEquals(EnvironmentTag.PRODUCTION, rig.profiles.require("shop").environment());
    }

    static ConnectionProfile profile(String name, int port, EnvironmentTag env) {
        return new ConnectionProfile(name, Dialect.POSTGRESQL, "127.0.0.1", port, "postgres", "postgres",
                SslMode.DISABLE, null, env, null, null, null, SecretMode.VAULT, null, 0);
    }
}
