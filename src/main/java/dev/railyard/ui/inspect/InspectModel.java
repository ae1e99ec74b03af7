package dev.railyard.ui.inspect;

import dev.railyard.inspect.InspectionScope;
import dev.railyard.db.Dialect;
import dev.railyard.home.AtomicFiles;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.RunningJob;
import dev.railyard.ui.FxJobs;
import dev.railyard.ui.ProblemText;
import dev.railyard.ui.shell.ActiveConnection;
import dev.railyard.ui.shell.Feature;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableBooleanValue;

/**
 * What every inspect tab shares: reading its report for the selected profile (through
 * {@link ActiveConnection}, so never on the FX thread), the rows it shows, refresh by hand (the
 * window's Refresh and Ctrl+R reach {@link #refresh()} while the tab shows) or every few seconds,
 * the "last refreshed" line, the loading and problem states, and CSV export. A tab's model adds
 * what its report means.
 *
 * <p>A tab reads only while it is showing ({@link #bindShowing}): another profile selected while
 * it is hidden is read when the tab comes into view.
 *
 * @param <T> the report a read returns
 * @param <R> one row of the tab's table
 */
public abstract class InspectModel<T, R> {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    protected final InspectServices services;
    private final Feature feature;
    private final ResultTable<R> table;
    private final ReadOnlyObjectWrapper<T> report = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<ProblemText> problem = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper lastRefreshed = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<java.time.Instant> readAt = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper showing = new ReadOnlyBooleanWrapper();
    private final ObjectProperty<AutoRefresh> autoRefresh = new SimpleObjectProperty<>(AutoRefresh.OFF);
    private final ChangeListener<ConnectionProfile> profileListener = (obs, was, now) -> profileChanged();
    private final ChangeListener<Boolean> showingListener = (obs, was, now) -> showingChanged();
    private final ActiveConnection.ChangeListener changeListener = this::databaseChanged;
    /** A change was announced while a read was under way: read again when it ends. */
    private boolean readAgain;
    private ObservableBooleanValue tabSelected;
    /** Bumped when the profile changes: a read for an older one is not applied. */
    private long generation;
    private RunningJob<?> current;
    /** True when what is shown is not for the selected profile (or nothing was read yet). */
    private boolean stale = true;

    protected InspectModel(Feature feature, InspectServices services, ResultTable<R> table) {
        this.feature = feature;
        this.services = services;
        this.table = table;
        placeholder.bind(Bindings.createStringBinding(this::placeholderText, report, loading, problem,
                table.filterProperty(), table.visibleRows(), services.connection().profileProperty()));
        // Registered after ActiveConnection's own listener (it exists first), so a read started
        // here belongs to the new selection.
        services.connection().profileProperty().addListener(profileListener);
        services.connection().addChangeListener(changeListener);
    }

    /**
     * Follows whether the tab is selected (what {@code MainWindow.install} returns), reading at
     * once if it is and nothing was read for the selected profile yet.
     */
    public void bindShowing(ObservableBooleanValue selected) {
        if (tabSelected != null) {
            tabSelected.removeListener(showingListener);
        }
        tabSelected = selected;
        selected.addListener(showingListener);
        showingChanged();
    }

    public Feature feature() {
        return feature;
    }

    public ResultTable<R> table() {
        return table;
    }

    /** The last report read for the selected profile; null before the first or after a switch. */
    public ReadOnlyObjectProperty<T> reportProperty() {
        return report.getReadOnlyProperty();
    }

    public T report() {
        return report.get();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Why the last read failed; null after a good one. Rows read before stay on screen. */
    public ReadOnlyObjectProperty<ProblemText> problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** "Last refreshed 14:03:22 · 84 ms", or "" before the first read. */
    public ReadOnlyStringProperty lastRefreshedProperty() {
        return lastRefreshed.getReadOnlyProperty();
    }

    /** When the report shown was read; null before the first read or after a switch. */
    public ReadOnlyObjectProperty<java.time.Instant> readAtProperty() {
        return readAt.getReadOnlyProperty();
    }

    /** What an empty table says: why it is empty. */
    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    /** The outcome of the last action (export, cancel, reset...) in one sentence; "" when none. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty showingProperty() {
        return showing.getReadOnlyProperty();
    }

    public ObjectProperty<AutoRefresh> autoRefreshProperty() {
        return autoRefresh;
    }

    public ConnectionProfile profile() {
        return services.connection().profile();
    }

    /**
     * Reads the report again for the selected profile. Does nothing without a profile or while
     * a read is still running: a slow server never gets a second read stacked on the first.
     */
    public void refresh() {
        ConnectionProfile profile = profile();
        if (profile == null || loading.get()) {
            return;
        }
        Dialect dialect = profile.dialect();
        long submittedFor = generation;
        long started = System.nanoTime();
        loading.set(true);
        RunningJob<?> job = services.connection().submitRead(feature.title() + " of " + profile.name(),
                connection -> InspectionScope.read(connection, dialect, scoped -> read(scoped, dialect)),
                value -> {
                    if (submittedFor == generation) {
                        current = null;
                        applyRead(value, (System.nanoTime() - started) / 1_000_000);
                    }
                },
                failure -> {
                    if (submittedFor == generation) {
                        current = null;
                        loading.set(false);
                        problem.set(failure);
                        stale = true; // read again when the tab next comes into view
                        readAgainIfAsked();
                    }
                });
        current = job;
        // ActiveConnection drops the result of a read it cancelled because the selection moved:
        // neither callback comes, so stop loading here. (A finished read is left to the callbacks,
        // which may run after this.)
        FxJobs.deliver(job.result(), services.uiThread(), (value, failure) -> {
            if (current == job && job.isCancelRequested()) {
                current = null;
                loading.set(false);
            }
        });
    }

    /** The auto-refresh timer fired: reads again if the tab shows and the previous read has finished. */
    public void tick() {
        // Not while the server is known down: the health check backs off, and the tab reads again when it answers.
        if (showing.get() && autoRefresh.get() != AutoRefresh.OFF && !loading.get() && !services.connection().knownDown()) {
            refresh();
        }
    }

    /** Writes the visible rows as CSV, off the UI thread; the outcome comes in {@link #messageProperty()}. */
    public void exportCsv(Path file) {
        String csv = table.csv();
        int count = table.exportRows().size();
        message.set("Exporting " + count + " rows to " + file.getFileName() + "…");
        services.io().execute(() -> {
            String outcome;
            try {
                AtomicFiles.writeString(file, csv);
                outcome = "Exported " + count + (count == 1 ? " row" : " rows") + " to " + file;
            } catch (IOException | RuntimeException e) {
                outcome = "Could not write " + file + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                        + ". Choose a folder you can write to.";
            }
            String text = outcome;
            services.uiThread().execute(() -> message.set(text));
        });
    }

    /** A file name for the export: "tables-shop-prod.csv". */
    public String suggestedFileName() {
        ConnectionProfile p = profile();
        String name = feature.title().toLowerCase(Locale.ROOT) + (p == null ? "" : "-" + p.name());
        return name.replaceAll("[^A-Za-z0-9._-]+", "_") + ".csv";
    }

    /** Stops following the selection and the tab. */
    public void dispose() {
        services.connection().profileProperty().removeListener(profileListener);
        services.connection().removeChangeListener(changeListener);
        if (tabSelected != null) {
            tabSelected.removeListener(showingListener);
        }
    }

    // ---- for the tabs

    /** Reads the report on a job thread, on a read-only connection with a statement timeout. */
    protected abstract T read(Connection connection, Dialect dialect) throws SQLException;

    /** The table's rows of a report. */
    protected abstract List<R> rows(T report);

    /** Called after a report was applied (on the UI thread); tabs derive their extra state here. */
    protected void applied(T report) {
    }

    /** Called when the profile changed and the tab's state was cleared. */
    protected void cleared() {
    }

    /** What the table says when a report has no rows at all ("No sessions"). */
    protected abstract String emptyText();

    protected void setMessage(String text) {
        message.set(text == null ? "" : text);
    }

    /** Shows the last report's rows again, after what {@link #rows} keeps has changed (a toggle). */
    protected void reapplyRows() {
        T shown = report.get();
        if (shown != null) {
            table.setRows(rows(shown));
        }
    }

    /** Applies a report as a read would: for the tab's own actions and for tests. */
    protected void applyRead(T value, long millis) {
        loading.set(false);
        problem.set(null);
        stale = false;
        report.set(value);
        table.setRows(rows(value));
        lastRefreshed.set("Last refreshed " + LocalTime.now(services.clock()).format(CLOCK) + " · " + millis + " ms");
        readAt.set(services.clock().instant());
        applied(value);
        readAgainIfAsked();
    }

    // ---- internals

    private void profileChanged() {
        generation++;
        current = null;
        readAgain = false;
        loading.set(false);
        problem.set(null);
        report.set(null);
        table.setRows(List.of());
        lastRefreshed.set("");
        readAt.set(null);
        message.set("");
        stale = true;
        cleared();
        if (showing.get()) {
            refresh();
        }
    }

    /** An action changed the profile's database: read again now if the tab shows, else when it comes into view. */
    private void databaseChanged(String profileName, java.util.Set<Feature> affected) {
        ConnectionProfile p = profile();
        if (p == null || !p.name().equals(profileName) || !affected.contains(feature)) {
            return;
        }
        stale = true;
        if (!showing.get()) {
            return;
        }
        if (loading.get()) {
            readAgain = true; // the read under way may predate the change
        } else {
            refresh();
        }
    }

    private void readAgainIfAsked() {
        if (readAgain) {
            readAgain = false;
            if (showing.get()) {
                refresh();
            }
        }
    }

    private void showingChanged() {
        boolean now = tabSelected != null && tabSelected.get();
        showing.set(now);
        if (now && stale) {
            refresh();
        }
    }

    private String placeholderText() {
        if (profile() == null) {
            return "Select a connection on the left to see its " + feature.title().toLowerCase(Locale.ROOT) + ".";
        }
        if (report.get() == null) {
            if (loading.get()) {
                return "Reading " + feature.title().toLowerCase(Locale.ROOT) + " of " + profile().name() + "…";
            }
            ProblemText p = problem.get();
            if (p != null) {
                return "Could not read " + feature.title().toLowerCase(Locale.ROOT) + ": " + p.oneLine()
                        + (p.fix().isEmpty() ? "" : "\n" + p.fix());
            }
            return "";
        }
        if (table.rows().isEmpty()) {
            return emptyText();
        }
        if (table.visibleRows().isEmpty()) {
            return "No rows match \u201c" + table.filterProperty().get().strip() + "\u201d.";
        }
        return "";
    }
}
