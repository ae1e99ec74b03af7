package dev.railyard.ui.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.home.Settings.Theme;
import dev.railyard.home.SettingsStore;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.ProfileStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's model, without the FX toolkit: news is applied when the test drains the "UI thread". */
class ShellModelTest {

    @TempDir
    Path home;

    private final ConcurrentLinkedQueue<Runnable> uiQueue = new ConcurrentLinkedQueue<>();
    private final Executor uiThread = uiQueue::add;

    private void drainUi() {
        for (Runnable task; (task = uiQueue.poll()) != null; ) {
            task.run();
        }
    }

    static ConnectionProfile profile(String name, EnvironmentTag env) {
        return ConnectionProfile.of(name, Dialect.POSTGRESQL, name + ".proxy.rlwy.net", 40000, "railway", "postgres")
                .withEnvironment(env);
    }

    private ShellModel model(ProfileStore profiles) {
        return new ShellModel(profiles, new SettingsStore(home.resolve("settings.json")), uiThread, Runnable::run);
    }

    @Test
    void groupsProfilesByEnvironmentProductionFirst() {
        ProfileStore profiles = new ProfileStore(home.resolve("profiles.json"));
        profiles.save(profile("dev-b", EnvironmentTag.DEVELOPMENT));
        profiles.save(profile("prod-a", EnvironmentTag.PRODUCTION));
        profiles.save(profile("stage-a", EnvironmentTag.STAGING));
        profiles.save(profile("prod-b", EnvironmentTag.PRODUCTION));

        ShellModel model = model(profiles);

        assertTrue(model.hasProfilesProperty().get());
        assertEquals(List.of(EnvironmentTag.PRODUCTION, EnvironmentTag.STAGING, EnvironmentTag.DEVELOPMENT),
                model.groups().stream().map(ProfileGroup::environment).toList());
        assertEquals(List.of("prod-a", "prod-b"),
                model.groups().get(0).profiles().stream().map(ConnectionProfile::name).toList());
    }

    @Test
    void profileSavedElsewhereAppearsOnceTheUiThreadRuns() {
        ProfileStore profiles = new ProfileStore(home.resolve("profiles.json"));
        ShellModel model = model(profiles);
        assertFalse(model.hasProfilesProperty().get());

        profiles.save(profile("prod-a", EnvironmentTag.PRODUCTION));
        assertFalse(model.hasProfilesProperty().get(), "news is applied on the UI thread, not the saver's");
        drainUi();

        assertTrue(model.hasProfilesProperty().get());
        assertEquals(EnvironmentTag.PRODUCTION, model.groups().get(0).environment());
    }

    @Test
    void activeProfileFollowsSavesAndIsDroppedWhenRemoved() {
        ProfileStore profiles = new ProfileStore(home.resolve("profiles.json"));
        profiles.save(profile("shop", EnvironmentTag.STAGING));
        ShellModel model = model(profiles);
        model.select(profiles.require("shop"));
        assertEquals("Railyard — shop (Staging)", model.windowTitleProperty().get());

        profiles.save(profile("shop", EnvironmentTag.PRODUCTION));
        drainUi();
        assertEquals(EnvironmentTag.PRODUCTION, model.activeProfile().environment());
        assertEquals("Railyard — shop (Production)", model.windowTitleProperty().get());

        profiles.remove("shop");
        drainUi();
        assertNull(model.activeProfile());
        assertEquals("No connection selected", model.activeProfileTextProperty().get());
        assertEquals("Railyard", model.windowTitleProperty().get());
    }

    @Test
    void selectingAnotherProfileForgetsTheLastServersFacts() {
        ProfileStore profiles = new ProfileStore(home.resolve("profiles.json"));
        profiles.save(profile("a", EnvironmentTag.DEVELOPMENT));
        profiles.save(profile("b", EnvironmentTag.DEVELOPMENT));
        ShellModel model = model(profiles);
        model.select(profiles.require("a"));
        model.serverVersionProperty().set("PostgreSQL 17.2");
        model.latencyProperty().set("84 ms");

        model.select(profiles.require("b"));

        assertEquals(ShellModel.UNKNOWN, model.serverVersionProperty().get());
        assertEquals(ShellModel.UNKNOWN, model.latencyProperty().get());
    }

    @Test
    void themeAndTaskPanelArePersisted() {
        ProfileStore profiles = new ProfileStore(home.resolve("profiles.json"));
        ShellModel model = model(profiles);
        model.toggleTheme();
        model.toggleTaskPanel();

        SettingsStore reread = new SettingsStore(home.resolve("settings.json"));
        assertEquals(Theme.DARK, reread.load().theme());
        assertTrue(reread.load().taskPanelOpen());
        assertTrue(model(profiles).darkThemeProperty().get(), "a new window starts dark");
    }

    @Test
    void actionsRunTheirHooksAndNothingWithoutOne() {
        ShellModel model = model(new ProfileStore(home.resolve("profiles.json")));
        model.addConnection();
        int[] calls = new int[1];
        model.onAddConnectionProperty().set(() -> calls[0]++);
        model.addConnection();
        assertEquals(1, calls[0]);
    }
}
