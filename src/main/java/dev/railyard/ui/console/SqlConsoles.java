package dev.railyard.ui.console;

import dev.railyard.console.ConsoleHistory;
import dev.railyard.console.ConsoleSession;
import dev.railyard.console.ConsoleSettings;
import dev.railyard.db.ConnectFailure;
import dev.railyard.db.ConnectionProblem;
import dev.railyard.db.JdbcUrls;
import dev.railyard.home.RailyardHome;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.JobRunner;
import dev.railyard.ui.shell.ActiveConnection;
import dev.railyard.ui.shell.Feature;
import dev.railyard.ui.shell.MainWindow;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/**
 * The SQL tab: one console per profile, made when the profile is first shown there and kept
 * (its editor, results, history and read-write mode) until the window closes; the tab shows the
 * selected profile's.
 */
public final class SqlConsoles extends StackPane {

    private final ActiveConnection connection;
    private final RailyardHome home;
    private final JobRunner runs;
    private final JobRunner exports;
    private final Executor io;
    private final Map<String, SqlConsoleView> consoles = new HashMap<>();
    private final Label none = new Label("Select a connection on the left to open its SQL console.");

    /**
     * @param runs    the runner for statements (quiet: the console shows its own progress and history)
     * @param exports the user's runner, for CSV exports (the task panel shows their progress)
     */
    public SqlConsoles(ActiveConnection connection, RailyardHome home, JobRunner runs, JobRunner exports, Executor io) {
        this.connection = connection;
        this.home = home;
        this.runs = runs;
        this.exports = exports;
        this.io = io;
        setId("sql-consoles");
        none.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
        connection.profileProperty().addListener((obs, was, now) -> show(now));
        show(connection.profile());
    }

    /** Builds the tab and puts it in the window's SQL tab. */
    public static SqlConsoles install(MainWindow window, RailyardHome home, JobRunner runs, JobRunner exports, Executor io) {
        SqlConsoles consoles = new SqlConsoles(window.connection(), home, runs, exports, io);
        consoles.getStylesheets().add(dev.railyard.ui.Stylesheets.of("sql-console.css"));
        window.install(Feature.SQL, consoles, () -> { });
        return consoles;
    }

    /** The selected profile's console, or null when none is selected. */
    public SqlConsoleView current() {
        ConnectionProfile profile = connection.profile();
        return profile == null ? null : consoles.get(key(profile));
    }

    private void show(ConnectionProfile profile) {
        if (profile == null) {
            getChildren().setAll(none);
            return;
        }
        SqlConsoleView view = consoles.get(key(profile));
        if (view != null && !view.model().profile().equals(profile)) {
            // The profile was edited (address, user, tag): its console starts again with the new settings.
            view.model().dispose();
            view = null;
        }
        if (view == null) {
            view = new SqlConsoleView(model(profile));
            consoles.put(key(profile), view);
        }
        getChildren().setAll(view);
    }

    private SqlConsoleModel model(ConnectionProfile profile) {
        return new SqlConsoleModel(profile, connection.guard(), opener(connection), runs, exports,
                connection.uiThread(), io, new ConsoleHistory(home.consoleHistory(profile.name())),
                home.run(), Clock.systemUTC());
    }

    /** Opens sessions with the profile's password from the vault (or asked for), on a job thread. */
    static SqlConsoleModel.SessionOpener opener(ActiveConnection connection) {
        return (profile, write) -> connection.access().withPassword(profile, password -> {
            try {
                return ConsoleSession.open(connection.guard(), profile, password, write, ConsoleSettings.defaults());
            } catch (ConnectFailure e) {
                throw e.problem();
            } catch (SQLException e) {
                throw ConnectionProblem.classify(profile, e, password != null, JdbcUrls.CONNECT_TIMEOUT);
            }
        });
    }

    private static String key(ConnectionProfile profile) {
        return profile.name().toLowerCase(Locale.ROOT);
    }

    /** The window closes: every console's session ends (open transactions are rolled back by the server). */
    public void dispose() {
        consoles.values().forEach(view -> view.model().dispose());
        consoles.clear();
    }
}
