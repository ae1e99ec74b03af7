package dev.railyard.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.ui.console.SqlConsoleView;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The SQL tab in the whole window: Ctrl+8 shows it, and each profile keeps its own console. */
@ExtendWith(ApplicationExtension.class)
class SqlTabTest {

    private FullWindow app;

    @Start
    void start(Stage stage) {
        app = new FullWindow(stage);
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    private ConnectionProfile save(String name, EnvironmentTag tag) throws Exception {
        app.rig.profiles.save(ConnectionProfile.of(name, Dialect.POSTGRESQL, "127.0.0.1", EmbeddedPostgres.shared().port(),
                "postgres", "postgres").withEnvironment(tag));
        // Read on the FX thread, which changes the list (read here, it failed with a ConcurrentModificationException).
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> app.shell.profileFor(name).isPresent()).get());
        return app.shell.profileFor(name).orElseThrow();
    }

    @Test
    void ctrl8ShowsTheSelectedProfilesConsoleAndEachProfileKeepsItsOwn(FxRobot robot) throws Exception {
        ConnectionProfile shop = save("shop", EnvironmentTag.DEVELOPMENT);
        ConnectionProfile live = save("live", EnvironmentTag.PRODUCTION);
        robot.interact(() -> app.shell.select(shop));
        robot.push(KeyCode.CONTROL, KeyCode.DIGIT8);
        WaitForAsyncUtils.waitForFxEvents();
        TabPane tabs = robot.lookup("#feature-tabs").queryAs(TabPane.class);
        assertEquals(Feature.SQL.ordinal(), tabs.getSelectionModel().getSelectedIndex());
        SqlConsoleView shopConsole = app.consoles.current();
        assertEquals("shop", shopConsole.model().profile().name());
        robot.interact(() -> robot.lookup("#sql-editor").queryAs(CodeArea.class).replaceText("SELECT 'shop'"));

        robot.interact(() -> app.shell.select(live));
        SqlConsoleView liveConsole = app.consoles.current();
        assertNotSame(shopConsole, liveConsole);
        assertEquals("", robot.lookup("#sql-editor").queryAs(CodeArea.class).getText(), "a console of its own");
        assertEquals("Read-only (production) · statement timeout 30 s", liveConsole.model().modeProperty().get());

        robot.interact(() -> app.shell.select(shop));
        assertSame(shopConsole, app.consoles.current());
        assertEquals("SELECT 'shop'", robot.lookup("#sql-editor").queryAs(CodeArea.class).getText(), "kept while away");
    }
}
