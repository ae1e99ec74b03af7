package dev.railyard.ui.shell;

import dev.railyard.home.Settings;
import dev.railyard.home.Settings.Theme;
import dev.railyard.home.Settings.WindowBounds;
import dev.railyard.home.SettingsStore;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.guard.ProductionGuard;
import dev.railyard.profile.ProfileStore;
import dev.railyard.ui.ProblemText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main window's state and actions: the profiles grouped by environment, the active
 * profile, what the status bar shows, theme and task panel, and hooks for actions whose
 * dialogs live elsewhere (add connection, refresh, sandbox). Holds properties only; the
 * views bind to them.
 */
public final class ShellModel {

    /** Shown for facts nobody has measured yet. */
    public static final String UNKNOWN = "—";
    private static final Logger LOG = LoggerFactory.getLogger(ShellModel.class);

    private final ProfileStore profiles;
    private final ProductionGuard guard;
    private final SettingsStore settings;
    private final Executor uiThread;
    private final Executor io;
    private final Runnable profilesChanged;

    private final ObservableList<ProfileGroup> groups = FXCollections.observableArrayList();
    private final ObservableList<ProfileGroup> groupsView = FXCollections.unmodifiableObservableList(groups);
    private final ReadOnlyBooleanWrapper hasProfiles = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<ConnectionProfile> activeProfile = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper activeProfileText = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper windowTitle = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper profileProblem = new ReadOnlyStringWrapper("");
    private final StringProperty serverVersion = new SimpleStringProperty(UNKNOWN);
    private final StringProperty latency = new SimpleStringProperty(UNKNOWN);
    private final BooleanProperty darkTheme = new SimpleBooleanProperty();
    private final BooleanProperty taskPanelOpen = new SimpleBooleanProperty();
    private final ObjectProperty<Runnable> onAddConnection = new SimpleObjectProperty<>();
    private final ObjectProperty<Runnable> onRefresh = new SimpleObjectProperty<>();
    private final ObjectProperty<Runnable> onTrySandbox = new SimpleObjectProperty<>();
    private final ObjectProperty<Runnable> onStopSandbox = new SimpleObjectProperty<>();
    private final ObjectProperty<ProblemText> connectionProblem = new SimpleObjectProperty<>();
    private final ObjectProperty<Consumer<ConnectionProfile>> onEditProfile = new SimpleObjectProperty<>();
    private final ObjectProperty<Consumer<ConnectionProfile>> onDuplicateProfile = new SimpleObjectProperty<>();
    private final ObjectProperty<Consumer<ConnectionProfile>> onDeleteProfile = new SimpleObjectProperty<>();
    private final ObjectProperty<Consumer<ConnectionProfile>> onTestProfile = new SimpleObjectProperty<>();
    private final ObjectProperty<Consumer<ConnectionProfile>> onBackUpNow = new SimpleObjectProperty<>(this, "onBackUpNow");
    private final ObjectProperty<Runnable> onReconnect = new SimpleObjectProperty<>();
    private final javafx.collections.ObservableMap<String, dev.railyard.db.ServerHealth> health =
            FXCollections.observableHashMap();

    /** The production guard over this window's profiles: the core decides, the views ask. */
    public ProductionGuard guard() {
        return guard;
    }

    /**
     * @param uiThread where news from the profile store is applied (the FX thread in the app)
     * @param io       where settings are written, so a slow disk never stalls the window
     */
    public ShellModel(ProfileStore profiles, SettingsStore settings, Executor uiThread, Executor io) {
        this.profiles = profiles;
        this.guard = new ProductionGuard(profiles);
        this.settings = settings;
        this.uiThread = uiThread;
        this.io = io;

        Settings saved = settings.current();
        darkTheme.set(saved.theme() == Theme.DARK);
        taskPanelOpen.set(saved.taskPanelOpen());
        darkTheme.addListener((obs, was, dark) -> saveSettings(s -> s.withTheme(dark ? Theme.DARK : Theme.LIGHT)));
        taskPanelOpen.addListener((obs, was, open) -> saveSettings(s -> s.withTaskPanelOpen(open)));

        activeProfileText.bind(Bindings.createStringBinding(() -> {
            ConnectionProfile p = activeProfile.get();
            return p == null ? "No connection selected" : p.name();
        }, activeProfile));
        windowTitle.bind(Bindings.createStringBinding(() -> {
            ConnectionProfile p = activeProfile.get();
            return p == null ? "Railyard"
                    : "Railyard — " + p.name() + " (" + p.environment().displayName() + ")";
        }, activeProfile));

        profilesChanged = () -> uiThread.execute(this::reloadProfiles);
        profiles.addListener(profilesChanged);
        reloadProfiles();
        profileProblem.set(profiles.problem().orElse(""));
    }

    /** Non-empty environments, production first. */
    public ObservableList<ProfileGroup> groups() {
        return groupsView;
    }

    /** The listed profile of that name, as the sidebar shows it. */
    public Optional<ConnectionProfile> profileFor(String name) {
        return groups.stream().flatMap(group -> group.profiles().stream())
                .filter(profile -> profile.name().equals(name))
                .findFirst();
    }

    public ReadOnlyBooleanProperty hasProfilesProperty() {
        return hasProfiles.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ConnectionProfile> activeProfileProperty() {
        return activeProfile.getReadOnlyProperty();
    }

    public ConnectionProfile activeProfile() {
        return activeProfile.get();
    }

    /** The active profile's name, or "No connection selected". */
    public ReadOnlyStringProperty activeProfileTextProperty() {
        return activeProfileText.getReadOnlyProperty();
    }

    /** "Railyard — prod-main (Production)". */
    public ReadOnlyStringProperty windowTitleProperty() {
        return windowTitle.getReadOnlyProperty();
    }

    /** What went wrong reading profiles.json, or "" when nothing did. */
    public ReadOnlyStringProperty profileProblemProperty() {
        return profileProblem.getReadOnlyProperty();
    }

    /** The active server's version; filled by the connection layer, "—" until then. */
    public StringProperty serverVersionProperty() {
        return serverVersion;
    }

    /** The last measured round trip, e.g. "84 ms"; "—" until measured. */
    public StringProperty latencyProperty() {
        return latency;
    }

    /**
     * What the last health check found for each profile opened in this window, by name (filled
     * by {@link HealthMonitor}); absent for profiles not opened yet.
     */
    public javafx.collections.ObservableMap<String, dev.railyard.db.ServerHealth> health() {
        return health;
    }

    /** The active profile's last health check, or null. */
    public dev.railyard.db.ServerHealth activeHealth() {
        ConnectionProfile p = activeProfile.get();
        return p == null ? null : health.get(p.name());
    }

    /** Why the active connection cannot be reached, or null while it can (or nobody knows yet). */
    public ObjectProperty<ProblemText> connectionProblemProperty() {
        return connectionProblem;
    }

    public BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    public BooleanProperty taskPanelOpenProperty() {
        return taskPanelOpen;
    }

    /** Run by {@link #addConnection()}: the app sets the profile editor here. */
    public ObjectProperty<Runnable> onAddConnectionProperty() {
        return onAddConnection;
    }

    /** Run by {@link #refresh()}: the visible feature view sets its reload here. */
    public ObjectProperty<Runnable> onRefreshProperty() {
        return onRefresh;
    }

    /** When set, the first-run screen offers "Try the sandbox" and the Sandbox menu "Start the sandbox"; both run this. */
    public ObjectProperty<Runnable> onTrySandboxProperty() {
        return onTrySandbox;
    }

    /** When set, the Sandbox menu offers "Stop the sandbox" and runs this. */
    public ObjectProperty<Runnable> onStopSandboxProperty() {
        return onStopSandbox;
    }

    /** Sidebar "Edit…": the app opens the editor here. */
    public ObjectProperty<Consumer<ConnectionProfile>> onEditProfileProperty() {
        return onEditProfile;
    }

    /** Sidebar "Duplicate…". */
    public ObjectProperty<Consumer<ConnectionProfile>> onDuplicateProfileProperty() {
        return onDuplicateProfile;
    }

    /** Sidebar "Delete…": the app asks first. */
    public ObjectProperty<Consumer<ConnectionProfile>> onDeleteProfileProperty() {
        return onDeleteProfile;
    }

    /** Sidebar "Test connection". */
    public ObjectProperty<Consumer<ConnectionProfile>> onTestProfileProperty() {
        return onTestProfile;
    }

    /** "Back up now" (toolbar, sidebar menu, Ctrl+B): the Backups tab sets its one-click backup here. */
    public ObjectProperty<Consumer<ConnectionProfile>> onBackUpNowProperty() {
        return onBackUpNow;
    }

    /** Selects the profile, then backs it up with its defaults. */
    public void backUpNow(ConnectionProfile profile) {
        if (profile == null) {
            return;
        }
        select(profile);
        run(onBackUpNow.get(), profile);
    }

    /** "Try again" on a connection problem: the app checks the active connection again. */
    public ObjectProperty<Runnable> onReconnectProperty() {
        return onReconnect;
    }

    public void reconnect() {
        run(onReconnect.get());
    }

    public void editProfile(ConnectionProfile profile) {
        run(onEditProfile.get(), profile);
    }

    public void duplicateProfile(ConnectionProfile profile) {
        run(onDuplicateProfile.get(), profile);
    }

    public void deleteProfile(ConnectionProfile profile) {
        run(onDeleteProfile.get(), profile);
    }

    public void testProfile(ConnectionProfile profile) {
        run(onTestProfile.get(), profile);
    }

    public void select(ConnectionProfile profile) {
        if (profile != activeProfile.get()) {
            serverVersion.set(UNKNOWN);
            latency.set(UNKNOWN);
            connectionProblem.set(null);
        }
        activeProfile.set(profile);
    }

    public void addConnection() {
        run(onAddConnection.get());
    }

    public void refresh() {
        run(onRefresh.get());
    }

    public void trySandbox() {
        run(onTrySandbox.get());
    }

    public void stopSandbox() {
        run(onStopSandbox.get());
    }

    public void toggleTheme() {
        darkTheme.set(!darkTheme.get());
    }

    public void toggleTaskPanel() {
        taskPanelOpen.set(!taskPanelOpen.get());
    }

    /** The window bounds saved at the last close, or null. */
    public WindowBounds savedWindow() {
        return settings.current().window();
    }

    /** Remembers where the window is, synchronously: called while the app closes. */
    public void rememberWindow(WindowBounds bounds) {
        try {
            settings.update(s -> s.withWindow(bounds));
        } catch (RuntimeException e) {
            LOG.warn("Could not remember the window's place: {}", e.getMessage());
        }
    }

    /** Stops listening to the profile store. */
    public void dispose() {
        profiles.removeListener(profilesChanged);
    }

    private void reloadProfiles() {
        List<ConnectionProfile> all = profiles.list();
        Map<EnvironmentTag, List<ConnectionProfile>> byTag = new TreeMap<>();
        for (ConnectionProfile profile : all) {
            byTag.computeIfAbsent(profile.environment(), tag -> new ArrayList<>()).add(profile);
        }
        List<ProfileGroup> next = new ArrayList<>();
        byTag.forEach((tag, list) -> next.add(new ProfileGroup(tag, list)));
        groups.setAll(next);
        hasProfiles.set(!all.isEmpty());

        // Keep the selection on the same name (a save replaces the record), drop it when removed.
        ConnectionProfile current = activeProfile.get();
        if (current != null) {
            activeProfile.set(all.stream().filter(p -> p.name().equals(current.name())).findFirst().orElse(null));
        }
    }

    private void saveSettings(UnaryOperator<Settings> change) {
        io.execute(() -> {
            try {
                settings.update(change);
            } catch (RuntimeException e) {
                LOG.warn("Could not save the settings: {}", e.getMessage());
            }
        });
    }

    private static void run(Runnable action) {
        if (action != null) {
            action.run();
        }
    }

    private static void run(Consumer<ConnectionProfile> action, ConnectionProfile profile) {
        if (action != null && profile != null) {
            action.accept(profile);
        }
    }
}
