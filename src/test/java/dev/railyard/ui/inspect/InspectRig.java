package dev.railyard.ui.inspect;

import dev.railyard.db.Dialect;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.profile.SecretMode;
import dev.railyard.profile.SslMode;
import dev.railyard.ui.UiQueue;
import dev.railyard.ui.UiRig;
import dev.railyard.ui.shell.ActiveConnection;
import dev.railyard.ui.shell.Feature;
import dev.railyard.ui.shell.ShellModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The inspect models' world without the FX toolkit: real stores and runners over a temp
 * RAILYARD_HOME, the window's ActiveConnection, a queue standing in for the FX thread, and a
 * clock fixed at 14:03:22 UTC.
 */
public final class InspectRig implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T14:03:22Z"), ZoneOffset.UTC);

    public final UiQueue ui = new UiQueue();
    public final UiRig rig;
    public final ShellModel shell;
    public final ActiveConnection active;
    final ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, "inspect-test-io"));
    public final InspectServices services;
    /** Which tab is selected, as the window's tab pane would say: the Overview first. */
    private final Map<Feature, BooleanProperty> tabs = new EnumMap<>(Feature.class);

    public InspectRig() {
        rig = new UiRig(ui, Runnable::run);
        shell = new ShellModel(rig.profiles, rig.settings, ui, Runnable::run);
        active = new ActiveConnection(shell, rig.databases, rig.runner, rig.quiet, rig.access, ui);
        services = new InspectServices(active, ui, io, CLOCK);
        for (Feature feature : Feature.values()) {
            tabs.put(feature, new SimpleBooleanProperty(feature == Feature.OVERVIEW));
        }
    }

    /** Follows its tab, as InspectViews.install makes a model do. */
    <M extends InspectModel<?, ?>> M bind(M model) {
        model.bindShowing(tabs.get(model.feature()));
        return model;
    }

    /** Selects a tab: the others are hidden. */
    void show(Feature feature) {
        tabs.forEach((f, selected) -> {
            if (f != feature) {
                selected.set(false);
            }
        });
        tabs.get(feature).set(true);
    }

    /** Saves a PostgreSQL profile for {@code database} on {@code port} and returns it as the sidebar lists it. */
    public ConnectionProfile save(String name, int port, String database, EnvironmentTag environment) {
        ConnectionProfile profile = new ConnectionProfile(name, Dialect.POSTGRESQL, "127.0.0.1", port, database, "postgres",
                SslMode.DISABLE, null, environment, null, null, null, SecretMode.VAULT, null, 0);
        rig.profiles.save(profile);
        ui.drain();
        return shell.profileFor(name).orElseThrow();
    }

    public void until(BooleanSupplier condition) throws InterruptedException {
        ui.runUntil(condition, WAIT);
    }

    @Override
    public void close() throws InterruptedException {
        active.dispose();
        shell.dispose();
        io.shutdown();
        io.awaitTermination(10, TimeUnit.SECONDS);
        rig.close();
    }
}
