package dev.railyard.ui.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupCatalog;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.BackupService;
import dev.railyard.backup.DeepVerifier;
import dev.railyard.db.Dialect;
import dev.railyard.home.ChangeWatcher;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.ProfileStore;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.task.JobContext;
import dev.railyard.ui.UiQueue;
import dev.railyard.ui.UiRig;
import dev.railyard.ui.backup.BackupsModel;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The open window and the command line share RAILYARD_HOME: what another process writes there
 * (a profile, a backup) shows in the window within 2 s, and nothing the window holds is lost.
 * The other process is stood for by a second ProfileStore and BackupService on the same files.
 */
class ChangesFromOtherProcessesTest {

    private static final Duration WITHIN = Duration.ofSeconds(2);

    private final UiQueue ui = new UiQueue();
    private UiRig rig;
    private ShellModel shell;
    private ActiveConnection active;
    private ChangeWatcher watcher;

    @BeforeEach
    void start() {
        rig = new UiRig(ui, Runnable::run);
        shell = new ShellModel(rig.profiles, rig.settings, ui, Runnable::run);
        active = new ActiveConnection(shell, rig.databases, rig.runner, rig.quiet, rig.access, ui);
        watcher = new ChangeWatcher(Duration.ofMillis(200));
        watcher.watch(() -> rig.profiles.file(), rig.profiles::refresh);
    }

    @AfterEach
    void stop() {
        watcher.close();
        active.dispose();
        shell.dispose();
        rig.close();
    }

    private static ConnectionProfile profile(String name, String database) {
        return new ConnectionProfile(name, Dialect.POSTGRESQL, "127.0.0.1", EmbeddedPostgres.shared().port(), database,
                "postgres", SslMode.DISABLE, null, null, null, null, null, SecretMode.VAULT, null, 0);
    }

    @Test
    void aProfileAddedByAnotherProcessAppearsAndNeitherSideLosesOne() throws Exception {
        rig.profiles.save(profile("from-window", "postgres"));
        ui.drain();
        ProfileStore cli = new ProfileStore(rig.profiles.file());
        cli.save(profile("from-cli", "postgres"));

        ui.runUntil(() -> shell.profileFor("from-cli").isPresent(), WITHIN);
        assertTrue(shell.profileFor("from-cli").isPresent(), "the sidebar shows the command line's profile within 2 s");

        rig.profiles.save(profile("from-window-2", "postgres"));
        ProfileStore again = new ProfileStore(rig.profiles.file());
        assertTrue(again.find("from-cli").isPresent(), "the window's next save keeps the other process's profile");
        assertTrue(again.find("from-window").isPresent() && again.find("from-window-2").isPresent());
    }

    @Test
    void aBackupMadeByAnotherProcessAppearsInTheBackupsTab() throws Exception {
        String database = EmbeddedPostgres.shared().createDatabase("watched");
        BackupService service = BackupService.withToolsOnPath(new BackupCatalog(rig.home, rig.profiles));
        BackupsModel model = new BackupsModel(active, rig.runner, service,
                new DeepVerifier(service, rig.folder.resolve("verify"), Clock.systemUTC()), rig.profiles, ui, Runnable::run);
        try {
            model.watchCatalog(watcher);
            rig.profiles.save(profile("shop", database));
            ui.drain();
            shell.select(shell.profileFor("shop").orElseThrow());
            ui.drain();
            assertTrue(model.backups().isEmpty());

            BackupService cli = BackupService.withToolsOnPath(new BackupCatalog(rig.home, new ProfileStore(rig.profiles.file())));
            BackupResult made = cli.create(profile("shop", database), null,
                    BackupService.CreateRequest.intoCatalog(BackupOptions.defaults())).run(JobContext.silent());
            String id = BackupCatalog.idOf(made.file());

            ui.runUntil(() -> model.backups().stream().anyMatch(e -> e.id().equals(id)), WITHIN.plusMillis(500));
            assertTrue(model.backups().stream().anyMatch(e -> e.id().equals(id)),
                    "the Backups tab lists a backup another process made: " + model.backups());
        } finally {
            model.dispose();
        }
    }
}
