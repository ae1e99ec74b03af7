package dev.railyard.ui;

import dev.railyard.db.ConnectionTester;
import dev.railyard.db.Databases;
import dev.railyard.home.RailyardHome;
import dev.railyard.home.SettingsStore;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.AskSecretStore;
import dev.railyard.profile.KeychainSecretStore;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.SecretStores;
import dev.railyard.profile.VaultSecretStore;
import dev.railyard.sandbox.Sandbox;
import dev.railyard.task.JobSpec;
import dev.railyard.task.JobHistory;
import dev.railyard.task.JobRunner;
import dev.railyard.backup.BackupCatalog;
import dev.railyard.backup.BackupService;
import dev.railyard.backup.DeepVerifier;
import dev.railyard.ui.backup.BackupsModel;
import dev.railyard.ui.backup.BackupsView;
import dev.railyard.ui.inspect.InspectServices;
import dev.railyard.ui.inspect.InspectViews;
import dev.railyard.ui.migrate.MigrationsModel;
import dev.railyard.ui.migrate.MigrationsView;
import dev.railyard.ui.profile.FxSecretPrompts;
import dev.railyard.ui.profile.ProfileActions;
import dev.railyard.ui.profile.ProfileServices;
import dev.railyard.ui.shell.ActiveConnection;
import dev.railyard.ui.shell.MainWindow;
import dev.railyard.ui.shell.ShellModel;
import dev.railyard.ui.task.TaskPanelModel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application: builds the services once, hands them to the window, and stops the
 * job runner when the window closes. Startup reads only local files (profiles, settings, job
 * history); nothing touches the network before the window shows.
 */
public final class RailyardApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(RailyardApp.class);
    /** How long running jobs get to stop after the window has closed. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    /** Progress reaches the screen at most this often, however fast jobs report. */
    private static final Duration TASK_REFRESH = Duration.ofMillis(100);

    private RailyardHome home;
    private ProfileStore profiles;
    private JobRunner runner;
    /** Connection checks and view reads: not in the task panel or the history. */
    private JobRunner quietRunner;
    private SettingsStore settings;
    private ExecutorService io;
    private ShellModel shell;
    private TaskPanelModel tasks;
    private RuntimeException startupFailure;
    private Sandbox sandbox;
    private SecretStores secrets;
    private ConnectionAccess access;
    /** The one set of connection pools; closed when the app stops. */
    private Databases databases;
    private ActiveConnection connection;
    private InspectViews inspect;
    private BackupsModel backupsModel;
    private dev.railyard.home.ChangeWatcher changes;
    private MigrationsModel migrations;
    private dev.railyard.ui.console.SqlConsoles sqlConsoles;
    /** The window password prompts belong to; set once it exists. */
    private volatile Stage mainStage;
    /** True once this window started the sandbox: it then stops it when it closes. */
    private volatile boolean sandboxStartedHere;

    public static void launchApp(String[] args) {
        Application.launch(RailyardApp.class, args);
    }

    /** On the launcher thread, while the toolkit starts: local files only. */
    @Override
    public void init() {
        try {
            home = RailyardHome.fromEnvironment();
            home.ensureExists();
            profiles = new ProfileStore(home.profiles());
            runner = new JobRunner(new JobHistory(home.jobHistory()));
            quietRunner = new JobRunner(3, 32, null, java.time.Clock.systemUTC());
            settings = new SettingsStore(home.settings());
            sandbox = new Sandbox(home, profiles);
            settings.load();
            Map<String, String> env = System.getenv();
            FxSecretPrompts prompts = new FxSecretPrompts(() -> mainStage);
            // RAILYARD_VAULT_PASSWORD first (scripts, kiosks); else the user is asked, from job threads only.
            SecretStores.VaultUnlocker fromEnv = SecretStores.fromVariable(env);
            secrets = new SecretStores(new VaultSecretStore(home.vault()), KeychainSecretStore.fromEnvironment(env),
                    new AskSecretStore(), name -> profiles.find(name).map(ConnectionProfile::secretMode),
                    creating -> fromEnv.masterPassword(creating).or(() -> prompts.vaultPassword(creating, "")));
            access = new ConnectionAccess(secrets, prompts, fromEnv);
            databases = new Databases(secrets);
            io = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "railyard-io");
                thread.setDaemon(true);
                return thread;
            });
        } catch (RuntimeException e) {
            LOG.error("Railyard could not start", e);
            startupFailure = e;
        }
    }

    @Override
    public void start(Stage stage) {
        Dialogs.fitEveryDialog();
        if (startupFailure != null) {
            Alert alert = new Alert(Alert.AlertType.ERROR);
            alert.setTitle("Railyard could not start");
            alert.setHeaderText("Railyard could not open its home folder");
            alert.setContentText(startupFailure.getMessage()
                    + "\n\nSet RAILYARD_HOME to a folder you can write to, then start Railyard again.");
            alert.showAndWait();
            Platform.exit();
            return;
        }
        mainStage = stage;
        shell = new ShellModel(profiles, settings, FxThread.executor(), io);
        tasks = new TaskPanelModel(runner, new ThrottledFxExecutor(TASK_REFRESH));
        // Asks secret-tool once, off the FX thread; the editor then knows whether to offer the keychain.
        io.execute(() -> secrets.keychain().isAvailable());
        ProfileServices services = new ProfileServices(home, profiles, secrets, access, runner, new ConnectionTester(),
                databases, FxThread.executor(), io);
        new ProfileActions(() -> stage, shell, services).install();
        connection = new ActiveConnection(shell, databases, runner, quietRunner, access, FxThread.executor());
        shell.onReconnectProperty().set(connection::recheck);
        shell.onTrySandboxProperty().set(this::startSandbox);
        shell.onStopSandboxProperty().set(this::stopSandbox);
        MainWindow window = new MainWindow(shell, tasks, connection);
        InspectServices inspectServices = new InspectServices(connection, FxThread.executor(), io,
                java.time.Clock.systemDefaultZone());
        inspect = InspectViews.install(window, inspectServices,
                new dev.railyard.ui.table.TableWindows(inspectServices, () -> mainStage));
        BackupService backups = BackupService.withToolsOnPath(new BackupCatalog(home, profiles));
        backupsModel = new BackupsModel(connection, runner, backups,
                new DeepVerifier(backups, home.root().resolve("verify"), java.time.Clock.systemUTC()), profiles,
                FxThread.executor(), io);
        BackupsView backupsView = BackupsView.install(window, backupsModel);
        // Profiles and backups that the command line (or another window) changes show here within 2 s.
        changes = new dev.railyard.home.ChangeWatcher(java.time.Duration.ofSeconds(1));
        changes.watch(() -> home.profiles(), profiles::refresh);
        backupsModel.watchCatalog(changes);
        migrations = MigrationsView.install(window, profiles, io);
        // The Migrations tab's "back up first": the flow runs and reports on the Backups tab, where the restore is offered.
        // The Migrations tab's confirmation already showed the check and asked for the name on production.
        migrations.backUpFirstProperty().set((target, typed, lockTimeout, statementTimeout) -> {
            window.show(dev.railyard.ui.shell.Feature.BACKUPS);
            backupsView.backUpThenMigrate(target, typed, lockTimeout, statementTimeout);
        });
        // The Backups tab's "Back up, then migrate" for Flyway scripts opens the same preview first.
        MigrationsModel migrationsModel = migrations;
        backupsView.setFlywayPreview(() -> {
            window.show(dev.railyard.ui.shell.Feature.MIGRATIONS);
            migrationsModel.requestPreview();
        });
        sqlConsoles = dev.railyard.ui.console.SqlConsoles.install(window, home, quietRunner, runner, io);
        window.showIn(stage, home.root().toString());
        addIcons(stage);
        reportStartupWhenShown(stage);
        stage.show();
    }

    /** Starts the demo PostgreSQL as a job (the first run loads its data), then opens its profile. */
    private void startSandbox() {
        // Its progress shows in the status bar's job indicator (the task panel does not open by itself).
        runner.submit(JobSpec.writing("Start the sandbox", Sandbox.PROFILE), context -> {
            // One the CLI started stays the CLI's: this window stops on close only what it started.
            boolean ranAlready = sandbox.status().running();
            ConnectionProfile profile = sandbox.start(context);
            if (!ranAlready) {
                sandboxStartedHere = true;
            }
            Platform.runLater(() -> {
                shell.select(profile);
                // Already shown and known down: check now rather than at the next turn of the back-off.
                connection.health().trouble(profile);
            });
            return profile;
        });
    }

    /** Stops the demo PostgreSQL, whoever started it; its data stays. */
    private void stopSandbox() {
        runner.submit(JobSpec.writing("Stop the sandbox", Sandbox.PROFILE), context -> {
            boolean stopped = sandbox.stop();
            sandboxStartedHere = false;
            context.message(stopped ? "The sandbox stopped; its data stays for the next start." : "The sandbox was not running.");
            return stopped;
        });
    }

    private static void addIcons(Stage stage) {
        for (int size : new int[] {16, 32, 48, 64, 128, 256}) {
            var url = RailyardApp.class.getResource("/icons/railyard-" + size + ".png");
            if (url != null) {
                stage.getIcons().add(new Image(url.toExternalForm()));
            }
        }
    }

    /**
     * For the startup benchmark: with -Drailyard.startupProbe=FILE, the time from JVM start to the
     * first window being shown is written there (off the FX thread).
     */
    private void reportStartupWhenShown(Stage stage) {
        String probe = System.getProperty("railyard.startupProbe");
        if (probe == null) {
            return;
        }
        stage.setOnShown(event -> {
            long millis = System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
            io.execute(() -> {
                try {
                    dev.railyard.home.AtomicFiles.writeString(java.nio.file.Path.of(probe), millis + "\n");
                } catch (java.io.IOException e) {
                    LOG.warn("Could not write the startup probe {}", probe, e);
                }
            });
        });
    }

    /**
     * The window is gone; jobs get a grace period to stop on their own thread, so the FX
     * thread never waits for them.
     */
    @Override
    public void stop() {
        if (changes != null) {
            changes.close();
        }
        if (inspect != null) {
            inspect.dispose();
        }
        if (backupsModel != null) {
            backupsModel.dispose();
        }
        if (migrations != null) {
            migrations.dispose();
        }
        if (sqlConsoles != null) {
            sqlConsoles.dispose();
        }
        if (connection != null) {
            connection.dispose();
        }
        if (shell != null) {
            shell.dispose();
        }
        if (tasks != null) {
            tasks.dispose();
        }
        if (runner == null) {
            return;
        }
        Thread shutdown = new Thread(() -> {
            runner.shutdown(SHUTDOWN_GRACE);
            quietRunner.shutdown(Duration.ofSeconds(2));
            if (databases != null) {
                databases.close();
            }
            if (sandboxStartedHere) {
                try {
                    sandbox.stop();
                } catch (RuntimeException e) {
                    LOG.warn("Could not stop the sandbox", e);
                }
            }
            io.shutdown();
            try {
                io.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "railyard-shutdown");
        // Not a daemon: the JVM stays up until the jobs had their chance to clean up.
        shutdown.setDaemon(false);
        shutdown.start();
    }
}
