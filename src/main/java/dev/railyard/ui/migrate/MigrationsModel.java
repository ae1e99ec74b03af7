package dev.railyard.ui.migrate;

import dev.railyard.db.Dialect;
import dev.railyard.db.SessionPool;
import dev.railyard.migrate.BaselineOutcome;
import dev.railyard.migrate.ChangedScript;
import dev.railyard.migrate.FlywayMigrations;
import dev.railyard.migrate.MigrateOutcome;
import dev.railyard.migrate.MigrationException;
import dev.railyard.migrate.MigrationOverview;
import dev.railyard.migrate.MigrationRow;
import dev.railyard.migrate.MigrationStatus;
import dev.railyard.migrate.RepairOutcome;
import dev.railyard.migrate.StatusReport;
import dev.railyard.migrate.ValidateOutcome;
import dev.railyard.migrate.MigrationTimeouts;
import dev.railyard.migrate.check.CheckSettings;
import dev.railyard.migrate.check.MigrationChecker;
import dev.railyard.migrate.check.PendingMigrations;
import dev.railyard.migrate.check.PendingScript;
import dev.railyard.migrate.check.ScriptCheck;
import dev.railyard.migrate.history.HistoryEntry;
import dev.railyard.migrate.history.Timeline;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.guard.ProductionGuard;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.MigrationSettings;
import dev.railyard.profile.ProfileStore;
import dev.railyard.task.JobContext;
import dev.railyard.task.JobSpec;
import dev.railyard.task.RunningJob;
import dev.railyard.ui.FxJobs;
import dev.railyard.ui.ProblemText;
import dev.railyard.ui.shell.ActiveConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
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
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Migrations tab's state and actions, without controls: Flyway's status for the selected
 * profile (summary, rows, the SQL of pending scripts, changed files), other tools' history merged
 * into one timeline, and migrate / validate / repair / baseline as writing jobs whose progress
 * shows in the task panel. Everything that touches the database runs in jobs through
 * {@link ActiveConnection}; results arrive on its UI thread, where every method here is called.
 */
public final class MigrationsModel {

    /** Where the folders usually are, for the empty state. */
    public static final String NO_LOCATIONS_HINT = "Railyard runs Flyway scripts named like V1__create_orders.sql from a folder"
            + " on this computer, usually your project's db/migration or src/main/resources/db/migration."
            + " Choose it with Edit locations…; it is saved with this connection."
            + " Until then this tab shows only what Flyway's history table records.";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MigrationsModel.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    /** What one status read brings back. */
    record Snapshot(ConnectionProfile profile, StatusReport status, Timeline timeline, List<String> notes,
                    Map<String, String> scripts, Map<String, ScriptCheck> checks) {
    }

    /** Work on Flyway inside a job. */
    @FunctionalInterface
    private interface FlywayWork<T> {
        T run(FlywayMigrations flyway, JobContext context) throws Exception;
    }

    private final ActiveConnection connection;
    private final ProfileStore profiles;
    /** Where profiles.json is written: never the FX thread. */
    private final java.util.concurrent.Executor io;

    private final ReadOnlyObjectWrapper<ConnectionProfile> profile = new ReadOnlyObjectWrapper<>();
    private final ObservableList<String> locations = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper hasLocations = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper currentVersion = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper historyTable = new ReadOnlyStringWrapper("");
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private final ObservableList<MigrationRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<MigrationRow> selectedRow = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper detailTitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper detailText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper scriptText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper checkText = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<dev.railyard.migrate.check.Verdict> checkVerdict = new ReadOnlyObjectWrapper<>();
    private final ObservableList<HistoryEntry> timeline = FXCollections.observableArrayList();
    private final ObservableList<String> otherToolNotes = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<ProblemText> loadProblem = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<ActionResult> result = new ReadOnlyObjectWrapper<>();
    private final StringProperty target = new SimpleStringProperty("");
    private final BooleanProperty showing = new SimpleBooleanProperty();
    private final ReadOnlyObjectWrapper<java.time.Instant> readAt = new ReadOnlyObjectWrapper<>();

    private final ChangeListener<ConnectionProfile> profileListener = (obs, was, now) -> profileChanged(was, now);
    private final ActiveConnection.ChangeListener changeListener = this::databaseChanged;
    /** Another action changed the database since the last read: read again when the tab shows. */
    private boolean outdated;
    /** Profiles with an action queued or running: their buttons wait. */
    private final Set<String> busyProfiles = new HashSet<>();
    private Snapshot snapshot;
    /** A row to select once the next read arrives: the one a migrate failed on. */
    private String selectAfterRead;
    /** Bumped on every status read; older reads' results are dropped. */
    private long reads;

    /** @param io where profiles.json is written (the app's IO executor) */
    public MigrationsModel(ActiveConnection connection, ProfileStore profiles, java.util.concurrent.Executor io) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.io = Objects.requireNonNull(io, "io");
        connection.profileProperty().addListener(profileListener);
        connection.addChangeListener(changeListener);
        selectedRow.addListener((obs, was, now) -> describeSelection());
        showing.addListener((obs, was, now) -> {
            if (now && needsLoad()) {
                refresh();
            }
        });
        profileChanged(null, connection.profile());
    }

    // ---------------------------------------------------------------- state

    public ReadOnlyObjectProperty<ConnectionProfile> profileProperty() {
        return profile.getReadOnlyProperty();
    }

    /** The profile's Flyway locations as saved (folders or classpath: locations). */
    public ObservableList<String> locations() {
        return FXCollections.unmodifiableObservableList(locations);
    }

    public ReadOnlyBooleanProperty hasLocationsProperty() {
        return hasLocations.getReadOnlyProperty();
    }

    /** "12 applied, 2 pending, 1 failed, checksum changed in V7"; "" before the first read. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** "Schema version 7", "No migration applied yet", "" before the first read. */
    public ReadOnlyStringProperty currentVersionProperty() {
        return currentVersion.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty historyTableProperty() {
        return historyTable.getReadOnlyProperty();
    }

    /** Flyway configuration warnings: a missing folder, no folder set. */
    public ObservableList<String> warnings() {
        return FXCollections.unmodifiableObservableList(warnings);
    }

    public ObservableList<MigrationRow> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** The row the table has selected; the detail pane describes it. */
    public ObjectProperty<MigrationRow> selectedRowProperty() {
        return selectedRow;
    }

    public ReadOnlyStringProperty detailTitleProperty() {
        return detailTitle.getReadOnlyProperty();
    }

    /** What the selected row's state means and what to do about it. */
    public ReadOnlyStringProperty detailTextProperty() {
        return detailText.getReadOnlyProperty();
    }

    /** The selected row's SQL when it is pending, changed or outdated; "" otherwise. */
    public ReadOnlyStringProperty scriptTextProperty() {
        return scriptText.getReadOnlyProperty();
    }

    /** The check's findings on the selected pending row, in words; "" when it was not checked. */
    public ReadOnlyStringProperty checkTextProperty() {
        return checkText.getReadOnlyProperty();
    }

    /** The check's verdict on the selected pending row; null when it was not checked. */
    public ReadOnlyObjectProperty<dev.railyard.migrate.check.Verdict> checkVerdictProperty() {
        return checkVerdict.getReadOnlyProperty();
    }

    /** Flyway's and other tools' history: newest first, undated entries last. */
    public ObservableList<HistoryEntry> timeline() {
        return FXCollections.unmodifiableObservableList(timeline);
    }

    /** Other tools' tables found, their folders compared, and notes from companion tables. */
    public ObservableList<String> otherToolNotes() {
        return FXCollections.unmodifiableObservableList(otherToolNotes);
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** True once a status read for the current profile arrived. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ProblemText> loadProblemProperty() {
        return loadProblem.getReadOnlyProperty();
    }

    /** True while an action on the current profile is queued or running. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The last action's outcome on the current profile; null when none or dismissed. */
    public ReadOnlyObjectProperty<ActionResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public void dismissResult() {
        result.set(null);
    }

    /** Migrate up to this version; blank for all pending. */
    public StringProperty targetProperty() {
        return target;
    }

    /** Set while the tab is on screen: the status is read when it comes into view, not before. */
    /** When the status shown was read; null before the first read. */
    public ReadOnlyObjectProperty<java.time.Instant> readAtProperty() {
        return readAt.getReadOnlyProperty();
    }

    public BooleanProperty showingProperty() {
        return showing;
    }

    /** True when writing actions need the database name typed back (the core's production guard says so). */
    public boolean needsTypedName() {
        ConnectionProfile p = profile.get();
        return p != null && connection.guard().protectionOf(p).production();
    }

    /** What the user types to confirm on production: the database name (the profile's name when it has none). */
    public String confirmationWord() {
        ConnectionProfile p = profile.get();
        return p == null ? "" : ProductionGuard.confirmationWord(p);
    }

    public boolean confirms(String typed) {
        ConnectionProfile p = profile.get();
        return p == null || connection.guard().protectionOf(p).confirmedBy(typed);
    }

    /** Pending rows in the last read: what Migrate would apply (without a target). */
    public long pendingCount() {
        return rows.stream().filter(r -> r.status() == MigrationStatus.PENDING).count();
    }

    // ---------------------------------------------------------------- reading

    /** Reads Flyway's status and the other tools' history again. */
    public void refresh() {
        ConnectionProfile p = profile.get();
        if (p == null || busyProfiles.contains(p.name())) {
            return; // an action is under way: its end reads the status again
        }
        long read = ++reads;
        loading.set(true);
        connection.submit(JobSpec.Access.READ, "Migration status of " + p.name(),
                (c, context) -> load(c, context, p),
                (loaded, failure) -> {
                    if (read != reads) {
                        return;
                    }
                    if (failure == null) {
                        apply(loaded);
                    } else {
                        loading.set(false);
                        loadProblem.set(words(failure));
                    }
                });
    }

    private Snapshot load(Connection c, JobContext context, ConnectionProfile p) throws Exception {
        releaseEarly(c);
        try (SessionPool pool = SessionPool.open(connection.databases(), p,
                () -> connection.access().savedPassword(p).orElse(null))) {
            MigrationOverview overview = MigrationOverview.read(p, connection.databases().dataSource(p),
                    FlywayMigrations.forProfile(p, pool.dataSource()), context);
            List<String> notes = new ArrayList<>();
            overview.otherTools().forEach(history -> notes.add(history.summary()));
            notes.addAll(overview.notes());
            Map<String, ScriptCheck> checks = new java.util.HashMap<>();
            boolean anyPending = overview.status().rows().stream().anyMatch(r -> r.status() == MigrationStatus.PENDING
                    || r.status() == MigrationStatus.OUTDATED);
            if (anyPending && !p.migrations().locations().isEmpty()) {
                try {
                    MigrationPreview checked = readPreview(p, pool.dataSource(), null, overview.status());
                    for (MigrationPreview.Item item : checked.items()) {
                        if (item.check() != null) {
                            overview.status().rows().stream().filter(r -> "Flyway".equals(item.tool()) && item.name().equals(r.script()))
                                    .findFirst().ifPresent(r -> checks.put(key(r), item.check()));
                        }
                    }
                } catch (Exception e) {
                    // The status stands without the check; the preview before migrating tries again and says why.
                    LOG.debug("Checking the pending migrations of {} failed", p.name(), e);
                    notes.add("The pending migrations could not be checked: " + ProblemText.of(e).oneLine());
                }
            }
            return new Snapshot(p, overview.status(), overview.timeline(), notes, overview.scripts(), checks);
        }
    }

    /**
     * The pending migrations with their SQL, checked against the live database on PostgreSQL
     * (locks, table sizes, who holds locks now). Runs inside a job.
     *
     * @param target the version Migrate would stop at; null for all
     * @param status the last status read, for the versions of Flyway's scripts; null when none
     */
    static MigrationPreview readPreview(ConnectionProfile p, javax.sql.DataSource dataSource, String target, StatusReport status)
            throws Exception {
        PendingMigrations pending = PendingMigrations.find(p, dataSource, List.of());
        List<PendingScript> scripts = new ArrayList<>();
        for (PendingScript script : pending.scripts()) {
            if (upTo(script, target, status)) {
                scripts.add(script);
            }
        }
        List<String> notes = new ArrayList<>(pending.notes());
        dev.railyard.migrate.check.CheckReport report = null;
        try (Connection c = dataSource.getConnection()) {
            // Reading a table's size waits behind an exclusive holder: give up rather than hang the tab.
            // The pool is the job's own and closes with it, so the setting goes nowhere else.
            try (java.sql.Statement st = c.createStatement()) {
                st.execute(p.dialect() == Dialect.POSTGRESQL ? "set lock_timeout = '3s'" : "SET SESSION lock_wait_timeout = 3");
            }
            report = MigrationChecker.checkFor(p.dialect(), CheckSettings.defaults(), c, p.database(), scripts, List.of());
        }
        List<MigrationPreview.Item> items = new ArrayList<>();
        for (int i = 0; i < scripts.size(); i++) {
            PendingScript script = scripts.get(i);
            items.add(new MigrationPreview.Item(script.tool(), script.name(), script.text(),
                    report == null ? null : report.scripts().get(i)));
        }
        return new MigrationPreview(p.name(), items, report, notes);
    }

    /** False for a Flyway script above the target version: Migrate stops before it. */
    private static boolean upTo(PendingScript script, String target, StatusReport status) {
        if (target == null || status == null || !"Flyway".equals(script.tool())) {
            return true;
        }
        return status.rows().stream().filter(r -> script.name().equals(r.script()) && r.version() != null).findFirst()
                .map(r -> org.flywaydb.core.api.MigrationVersion.fromVersion(r.version())
                        .compareTo(org.flywaydb.core.api.MigrationVersion.fromVersion(target)) <= 0)
                .orElse(true);
    }

    /**
     * Gives the job's connection back to the pool before Flyway takes two of its own: the pool
     * holds {@link dev.railyard.db.Databases#MAX_POOL_SIZE}, and a view refreshing meanwhile
     * needs one. Closing a pooled connection twice is harmless; the job's own close follows.
     */
    private static void releaseEarly(Connection c) throws SQLException {
        c.close();
    }

    private void apply(Snapshot loaded) {
        ConnectionProfile current = profile.get();
        if (current == null || !current.name().equals(loaded.profile().name())) {
            return;
        }
        MigrationRow before = selectedRow.get();
        snapshot = loaded;
        outdated = false;
        readAt.set(java.time.Instant.now());
        StatusReport status = loaded.status();
        loadProblem.set(null);
        this.loaded.set(true);
        summary.set(status.summary());
        currentVersion.set(versionText(status));
        historyTable.set(status.historyTable());
        warnings.setAll(status.warnings());
        rows.setAll(status.rows());
        List<HistoryEntry> dated = new ArrayList<>();
        List<HistoryEntry> undated = new ArrayList<>();
        for (HistoryEntry entry : loaded.timeline().entries()) {
            (entry.when() == null ? undated : dated).add(entry);
        }
        java.util.Collections.reverse(dated);
        dated.addAll(undated);
        timeline.setAll(dated);
        otherToolNotes.setAll(loaded.notes());
        String wanted = selectAfterRead != null ? selectAfterRead : before == null ? null : key(before);
        selectAfterRead = null;
        MigrationRow again = wanted == null ? null
                : status.rows().stream().filter(r -> key(r).equals(wanted)).findFirst().orElse(null);
        selectedRow.set(again);
        describeSelection();
        loading.set(false); // last: whoever waits for it finds everything else in place
    }

    /** "Schema version 7"; when Flyway's current version is a failed one, the last that worked and which failed. */
    static String versionText(StatusReport status) {
        String current = status.currentVersion();
        if (current == null) {
            return "No migration applied yet";
        }
        boolean failed = status.rows().stream().anyMatch(r -> r.status().failed() && current.equals(r.version()));
        if (!failed) {
            return "Schema version " + current;
        }
        String lastGood = status.rows().stream()
                .filter(r -> r.version() != null && r.installedRank() != null && r.status().applied() && !r.status().failed()
                        && r.status() != MigrationStatus.SUPERSEDED && r.status() != MigrationStatus.DELETED
                        && r.status() != MigrationStatus.UNDONE)
                .max(java.util.Comparator.comparing(MigrationRow::installedRank))
                .map(MigrationRow::version).orElse(null);
        return (lastGood == null ? "No migration applied" : "Schema version " + lastGood) + "; V" + current + " failed";
    }

    private boolean needsLoad() {
        ConnectionProfile p = profile.get();
        return p != null && (snapshot == null || !snapshot.profile().equals(p) || outdated) && !loading.get();
    }

    /** Another tab's action (back up then migrate, restore) changed the database: the status is read again. */
    private void databaseChanged(String profileName, java.util.Set<dev.railyard.ui.shell.Feature> affected) {
        ConnectionProfile p = profile.get();
        if (p == null || !p.name().equals(profileName) || !affected.contains(dev.railyard.ui.shell.Feature.MIGRATIONS)) {
            return;
        }
        outdated = true;
        if (showing.get()) {
            refresh();
        }
    }

    private void profileChanged(ConnectionProfile was, ConnectionProfile now) {
        profile.set(now);
        List<String> folders = now == null ? List.of() : now.migrations().locations().stream().filter(l -> !l.isBlank()).toList();
        locations.setAll(folders);
        hasLocations.set(!folders.isEmpty());
        boolean sameProfile = was != null && now != null && was.name().equals(now.name());
        if (!sameProfile) {
            reads++; // a read still under way is for the other profile
            snapshot = null;
            outdated = false;
            readAt.set(null);
            loading.set(false);
            loaded.set(false);
            loadProblem.set(null);
            result.set(null);
            summary.set("");
            currentVersion.set("");
            historyTable.set("");
            warnings.clear();
            rows.clear();
            selectedRow.set(null);
            timeline.clear();
            otherToolNotes.clear();
            target.set("");
        }
        busy.set(now != null && busyProfiles.contains(now.name()));
        if (now != null && showing.get() && (snapshot == null || !snapshot.profile().equals(now))) {
            refresh();
        }
    }

    // ---------------------------------------------------------------- the detail pane

    private void describeSelection() {
        MigrationRow row = selectedRow.get();
        if (row == null) {
            detailTitle.set("");
            detailText.set("");
            scriptText.set("");
            checkText.set("");
            checkVerdict.set(null);
            return;
        }
        java.util.Optional<ScriptCheck> check = checkOf(row);
        checkVerdict.set(check.map(ScriptCheck::verdict).orElse(null));
        checkText.set(check.map(MigrationsModel::checkInWords).orElse(""));
        String label = row.version() == null ? "Repeatable " + row.description() : "V" + row.version() + " · " + row.description();
        detailTitle.set(label + " — " + row.status().displayName());
        detailText.set(explain(row));
        scriptText.set(snapshot == null ? "" : snapshot.scripts().getOrDefault(key(row), ""));
    }

    /** "Check: dangerous — Index built without CONCURRENTLY: ... Safer: CREATE INDEX CONCURRENTLY ...". */
    static String checkInWords(ScriptCheck check) {
        List<dev.railyard.migrate.check.Finding> findings = MigrationPreview.findings(check);
        if (findings.isEmpty()) {
            return "Check: safe — no statement takes a lock that blocks the table for long";
        }
        StringBuilder s = new StringBuilder("Check: ").append(check.verdict().displayName());
        for (dev.railyard.migrate.check.Finding f : findings) {
            s.append("\n• ").append(f.verdict().displayName()).append(" — ").append(f.rule().title()).append(": ").append(f.message());
            if (!f.saferRewrite().isEmpty()) {
                s.append("\n   Safer: ").append(f.saferRewrite().replace("\n", "\n   "));
            }
        }
        return s.toString();
    }

    private String explain(MigrationRow row) {
        String file = row.file() != null ? row.file() : row.script();
        String ran = row.installedOn() == null ? "" : "Ran " + WHEN.format(row.installedOn())
                + (row.installedBy() == null ? "" : " as " + row.installedBy())
                + (row.executionMillis() == null ? "" : " in " + row.executionMillis() + " ms") + ". ";
        return switch (row.status()) {
            case PENDING -> {
                boolean hasScript = snapshot != null && snapshot.scripts().containsKey(key(row));
                yield "Not applied yet: Migrate runs it" + (hasScript ? ". Its SQL:" : ", but its script could not be read from " + file + ".");
            }
            case CHANGED -> changedScript(row)
                    .map(c -> c.inWords() + ". Restore the file as it was applied, or run Repair to accept the file as it is now."
                            + " The file now reads:")
                    .orElse("Applied, but " + file + " changed afterwards.");
            case FAILED, FUTURE_FAILED, MISSING_FAILED -> ran + "It failed, and Flyway keeps the failed row in "
                    + historyTable.get() + ": fix the script, run Repair to remove the row, then Migrate again.";
            case MISSING -> ran + "Applied, but its file " + row.script() + " is not in the locations any more.";
            case OUTDATED -> ran + "This repeatable migration changed since it last ran: Migrate runs it again. Its SQL now:";
            case IGNORED -> "Not applied, and older than the current version: Flyway skips it unless out-of-order migrations are allowed.";
            case FUTURE -> ran + "Applied, but newer than any script in the locations: the folder may be out of date.";
            case OUT_OF_ORDER -> ran + "Applied after a newer version had already run.";
            case BASELINE -> ran + "The baseline: migrations up to this version are taken as already in the database.";
            case BELOW_BASELINE -> "Not run: the baseline says the database already has what this script does.";
            default -> ran.isEmpty() ? row.status().displayName() : ran + "From " + file + ".";
        };
    }

    private java.util.Optional<ChangedScript> changedScript(MigrationRow row) {
        if (snapshot == null) {
            return java.util.Optional.empty();
        }
        return snapshot.status().changedScripts().stream()
                .filter(c -> Objects.equals(c.version(), row.version()) && Objects.equals(c.script(), row.script()))
                .findFirst();
    }

    private static boolean showsScript(MigrationStatus status) {
        return status == MigrationStatus.PENDING || status == MigrationStatus.CHANGED || status == MigrationStatus.OUTDATED;
    }

    /** Stays the same when a pending row becomes applied, so a selection survives the refresh. */
    private static String key(MigrationRow row) {
        return MigrationOverview.key(row);
    }

    // ---------------------------------------------------------------- actions

    /**
     * Set by the Backups tab: backs up the selected profile, verifies the backup, then migrates
     * (to the given target version, null for all pending). Null while backups are not wired.
     */
    public javafx.beans.property.ObjectProperty<BackUpFirst> backUpFirstProperty() {
        return backUpFirst;
    }

    private final javafx.beans.property.IntegerProperty previewRequests =
            new javafx.beans.property.SimpleIntegerProperty(this, "previewRequests");

    /** Asks the tab to open its preview (pending SQL, the check, then the choice): another tab's "Back up, then migrate". */
    public void requestPreview() {
        previewRequests.set(previewRequests.get() + 1);
    }

    /** Counts {@link #requestPreview()} calls; the view opens the preview on each change. */
    public javafx.beans.property.ReadOnlyIntegerProperty previewRequestsProperty() {
        return previewRequests;
    }

    /**
     * Runs "back up, then migrate" to {@code target} (null for all) with what the user typed back
     * (null if not asked) and the migration session's timeouts (null for the core's default).
     */
    @FunctionalInterface
    public interface BackUpFirst {
        void start(String target, String typed, java.time.Duration lockTimeout, java.time.Duration statementTimeout);
    }

    private final javafx.beans.property.ObjectProperty<BackUpFirst> backUpFirst =
            new javafx.beans.property.SimpleObjectProperty<>(this, "backUpFirst");

    /** The target version as the migration flow wants it: null for all pending. */
    public String targetVersion() {
        return target.get() == null || target.get().isBlank() ? null : target.get().strip().replaceFirst("^[vV]", "");
    }

    /**
     * Applies pending migrations (up to {@link #targetProperty()} when set) as a writing job.
     *
     * @param typed the database name typed back; needed for production, ignored otherwise
     * @throws IllegalStateException when no profile or folder is set, or production is not confirmed
     */
    public RunningJob<MigrateOutcome> migrate(String typed) {
        return migrate(typed, null, null);
    }

    /**
     * As {@link #migrate(String)}, with the migration session's lock and statement timeouts: null
     * for the core's default (a lock timeout on production, none elsewhere), {@link java.time.Duration#ZERO} for none.
     * A statement that waits too long for a lock fails, and the result names the sessions that held it.
     */
    public RunningJob<MigrateOutcome> migrate(String typed, java.time.Duration lockTimeout, java.time.Duration statementTimeout) {
        ConnectionProfile p = ready(true);
        Clearance clearance = connection.guard().clear(p, GuardedAction.MIGRATE, typed);
        MigrationTimeouts timeouts = MigrationTimeouts.forMigration(clearance, lockTimeout, statementTimeout);
        String to = target.get() == null || target.get().isBlank() ? null : target.get().strip().replaceFirst("^[vV]", "");
        return run(ActionResult.Action.MIGRATE, p, "Migrate " + p.name() + (to == null ? "" : " to V" + to),
                (flyway, context) -> flyway.migrate(to, clearance, timeouts).run(context), outcome -> ActionResult.migrated(p.name(), outcome));
    }

    /**
     * Reads what Migrate would run, checked against the live database, as a reading job; the
     * confirmation before a migration shows it. Nothing is changed.
     *
     * @param then told on the UI thread: the preview, or the failure
     */
    public RunningJob<MigrationPreview> preview(FxJobs.Outcome<? super MigrationPreview> then) {
        ConnectionProfile p = ready(true);
        String to = targetVersion();
        StatusReport status = snapshot == null ? null : snapshot.status();
        return connection.submit(JobSpec.Access.READ, "Check the pending migrations of " + p.name(), (c, context) -> {
            releaseEarly(c);
            try (SessionPool pool = SessionPool.open(connection.databases(), p,
                    () -> connection.access().savedPassword(p).orElse(null))) {
                return readPreview(p, pool.dataSource(), to, status);
            }
        }, then);
    }

    /** The check of a pending row from the last status read; empty when not checked (or not pending). */
    public java.util.Optional<ScriptCheck> checkOf(MigrationRow row) {
        return snapshot == null || row == null ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(snapshot.checks().get(key(row)));
    }

    /** The lock timeout a migration of this profile gets unless the user sets one: the core's production default. */
    public java.time.Duration defaultLockTimeout() {
        return needsTypedName() ? MigrationTimeouts.PRODUCTION_LOCK_TIMEOUT : java.time.Duration.ZERO;
    }

    /**
     * The timeouts in effect for this profile's migrations, in words. The profile does not store
     * its own yet: these are the defaults, and the confirmation lets the user change them for one run.
     */
    public String timeoutsInEffect() {
        if (profile.get() == null) {
            return "";
        }
        java.time.Duration lock = defaultLockTimeout();
        return (lock.isZero() ? "No lock timeout" : "Lock timeout " + lock.toSeconds() + "s (production default)")
                + " · no statement timeout";
    }

    /** Checks applied migrations against their files; each problem ends up in the result. */
    public RunningJob<ValidateOutcome> validate() {
        ConnectionProfile p = ready(true);
        // A writing job although it only reads: it shows in the task panel and waits for a migration running on this profile.
        return run(ActionResult.Action.VALIDATE, p, "Validate " + p.name(),
                (flyway, context) -> flyway.validate().run(context), outcome -> ActionResult.validated(p.name(), outcome));
    }

    /** Removes failed rows from Flyway's history table and realigns checksums with the files. */
    public RunningJob<RepairOutcome> repair(String typed) {
        ConnectionProfile p = ready(true);
        Clearance clearance = connection.guard().clear(p, GuardedAction.REPAIR, typed);
        return run(ActionResult.Action.REPAIR, p, "Repair " + p.name(),
                (flyway, context) -> flyway.repair(clearance).run(context), outcome -> ActionResult.repaired(p.name(), outcome));
    }

    /** Marks an existing schema as being at {@code version}, so only later migrations run. */
    public RunningJob<BaselineOutcome> baseline(String version, String description, String typed) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("Baseline needs a version");
        }
        ConnectionProfile p = ready(false);
        Clearance clearance = connection.guard().clear(p, GuardedAction.BASELINE, typed);
        String v = version.strip().replaceFirst("^[vV]", "");
        return run(ActionResult.Action.BASELINE, p, "Baseline " + p.name() + " at V" + v,
                (flyway, context) -> flyway.baseline(v, description, clearance).run(context), outcome -> ActionResult.baselined(p.name(), outcome));
    }

    /** The selected profile, ready for an action; the production guard then decides whether it may run. */
    private ConnectionProfile ready(boolean needsLocations) {
        ConnectionProfile p = profile.get();
        if (p == null) {
            throw new IllegalStateException("No connection is selected");
        }
        if (needsLocations && !hasLocations.get()) {
            throw new IllegalStateException("No migration folder is set for " + p.name());
        }
        return p;
    }

    private <T> RunningJob<T> run(ActionResult.Action action, ConnectionProfile p, String title, FlywayWork<T> work,
                                  Function<T, ActionResult> success) {
        busyProfiles.add(p.name());
        busy.set(true);
        result.set(null);
        return connection.submit(JobSpec.Access.WRITE, title, (c, context) -> {
            releaseEarly(c);
            try (SessionPool pool = SessionPool.open(connection.databases(), p,
                    () -> connection.access().savedPassword(p).orElse(null))) {
                return work.run(FlywayMigrations.forProfile(p, pool.dataSource()), context);
            }
        }, (value, failure) -> {
            if (failure == null) {
                finished(p, success.apply(value), null);
            } else {
                finished(p, ActionResult.failed(action, p.name(), failure, ProblemText.of(failure)), failedRow(failure));
            }
        });
    }

    private void finished(ConnectionProfile p, ActionResult outcome, String failedRow) {
        busyProfiles.remove(p.name());
        if (outcome.action() != ActionResult.Action.VALIDATE) {
            // The schema may have changed (a failed migration can leave some applied): the inspect tabs read again.
            connection.changed(p, java.util.EnumSet.of(dev.railyard.ui.shell.Feature.OVERVIEW,
                    dev.railyard.ui.shell.Feature.TABLES, dev.railyard.ui.shell.Feature.INDEXES));
        }
        ConnectionProfile current = profile.get();
        if (current == null || !current.name().equals(p.name())) {
            return; // the task panel keeps the outcome of a profile no longer shown
        }
        busy.set(false);
        selectAfterRead = failedRow;
        refresh(); // first, so the result never shows beside rows that are not being read again
        result.set(outcome);
    }

    /** The key of the row a migrate failed on, so the table shows it and the detail explains it. */
    private static String failedRow(Throwable thrown) {
        if (ProblemText.unwrap(thrown) instanceof dev.railyard.migrate.MigrationFailedException failed && failed.outcome() != null
                && failed.outcome().failure() != null) {
            var failure = failed.outcome().failure();
            return failure.version() + "|" + failure.script();
        }
        return null;
    }

    // ---------------------------------------------------------------- locations

    /**
     * Saves the profile's Flyway locations on the IO executor; the status is read again once the
     * store reports the change.
     *
     * @param onProblem told on the UI thread why they could not be saved; not called when saved
     */
    public void saveLocations(List<String> folders, java.util.function.Consumer<String> onProblem) {
        ConnectionProfile p = profile.get();
        if (p == null) {
            onProblem.accept("No connection is selected");
            return;
        }
        List<String> cleaned = folders.stream().map(String::strip).filter(f -> !f.isEmpty()).distinct().toList();
        MigrationSettings s = p.migrations();
        MigrationSettings next = s.withLocations(cleaned); // keeps the stored migration command
        FxJobs.onIo(io, () -> {
            profiles.replace(p.name(), p.withMigrations(next));
            return next;
        }, connection.uiThread(), (saved, failure) -> {
            if (failure != null) {
                onProblem.accept("Could not save the locations of " + p.name() + ": " + failure.getMessage());
            }
        });
    }

    /** Stops following the selection. */
    public void dispose() {
        connection.profileProperty().removeListener(profileListener);
        connection.removeChangeListener(changeListener);
    }

    /** A failed read in words; a MigrationException already says what, why and what to do. */
    static ProblemText words(Throwable failure) {
        Throwable t = ProblemText.unwrap(failure);
        return t instanceof MigrationException ? new ProblemText("Could not read the migrations", t.getMessage(), "") : ProblemText.of(t);
    }
}
