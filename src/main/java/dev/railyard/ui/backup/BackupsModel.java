package dev.railyard.ui.backup;

import dev.railyard.backup.BackupCatalog;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.BackupService;
import dev.railyard.backup.BackupState.Verification;
import dev.railyard.backup.CatalogEntry;
import dev.railyard.backup.Compression;
import dev.railyard.backup.DeepVerifier;
import dev.railyard.backup.PrunePlan;
import dev.railyard.backup.RetentionPolicy;
import dev.railyard.backup.TransferEstimate;
import dev.railyard.db.ConnectionProblem;
import dev.railyard.db.SessionPool;
import dev.railyard.migrate.FlywayMigrations;
import dev.railyard.migrate.MigrateOutcome;
import dev.railyard.db.SessionPool;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.guard.ProductionGuard;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.release.ReleaseFlow;
import dev.railyard.release.ReleaseResult;
import dev.railyard.profile.ProfileStore;
import dev.railyard.task.Job;
import dev.railyard.task.JobContext;
import dev.railyard.task.JobRunner;
import dev.railyard.task.JobSpec;
import dev.railyard.task.RunningJob;
import dev.railyard.task.Sizes;
import dev.railyard.ui.FxJobs;
import dev.railyard.ui.ProblemText;
import dev.railyard.ui.shell.ActiveConnection;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The Backups tab without its controls: the selected profile's backups, and the actions on
 * them (back up, verify, pin, restore, retention and pruning, back up then migrate). Work that
 * takes time runs as a job in the task panel; the list is read again when each one ends. File
 * work (reading the manifests, pinning, retention, pruning) runs on the IO executor, never on
 * the UI thread; its outcome arrives on the UI executor.
 */
public final class BackupsModel {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** How "back up, then migrate" ended; {@code restoreFrom} is set when the migration failed. */
    public record MigrateFlowResult(CatalogEntry backup, Verification verification, MigrateOutcome outcome,
                                    String summary, CatalogEntry restoreFrom) {
        static MigrateFlowResult of(ReleaseResult r) {
            return new MigrateFlowResult(r.backup(), r.verification(), r.outcome(), r.summary(), r.restoreFrom());
        }

        /**
         * The profile's own migration command ran instead of Flyway: a success carries an empty
         * outcome; a command that failed offers the backup taken before it.
         */
        static MigrateFlowResult of(dev.railyard.release.CommandReleaseResult r) {
            dev.railyard.migrate.MigrateOutcome ran = r.succeeded()
                    ? new dev.railyard.migrate.MigrateOutcome(null, null, List.of(), null, null, List.of()) : null;
            return new MigrateFlowResult(r.backup(), r.verification(), ran, r.summary(), r.migratorFailed() ? r.backup() : null);
        }

        public boolean succeeded() {
            return restoreFrom == null && verification != null && verification.passed()
                    && outcome != null && outcome.succeeded();
        }
    }

    private final ActiveConnection connection;
    private final JobRunner tasks;
    private final BackupService service;
    private final DeepVerifier deep;
    private final ProfileStore profiles;
    private final Executor uiThread;
    private final Executor io;
    private final ZoneId zone;
    /** Counts refreshes, so that only the latest one's listing is shown; UI thread only. */
    private long refreshes;

    private final ObservableList<CatalogEntry> backups = FXCollections.observableArrayList();
    private final ObjectProperty<CatalogEntry> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty status = new SimpleStringProperty(this, "status", "");
    private final ObjectProperty<RetentionPolicy> retention = new SimpleObjectProperty<>(this, "retention", RetentionPolicy.keepAll());
    /** The backup to restore from after a failed "back up, then migrate"; null otherwise. */
    private final ObjectProperty<MigrateFlowResult> restoreOffer = new SimpleObjectProperty<>(this, "restoreOffer");
    private final ChangeListener<ConnectionProfile> onProfile = (obs, was, now) -> {
        restoreOffer.set(null);
        status.set("");
        catalogFolder = folderOf(now);
        refresh();
    };
    /** The selected profile's catalog folder, for the change watcher's thread. */
    private volatile java.nio.file.Path catalogFolder;
    private dev.railyard.home.ChangeWatcher.Registration catalogWatch;

    /**
     * @param uiThread where results are delivered (the FX thread)
     * @param io       where the catalog's files are read and written: never the FX thread
     */
    public BackupsModel(ActiveConnection connection, JobRunner tasks, BackupService service, DeepVerifier deep,
                        ProfileStore profiles, Executor uiThread, Executor io) {
        this(connection, tasks, service, deep, profiles, uiThread, io, ZoneId.systemDefault());
    }

    public BackupsModel(ActiveConnection connection, JobRunner tasks, BackupService service, DeepVerifier deep,
                        ProfileStore profiles, Executor uiThread, Executor io, ZoneId zone) {
        this.connection = connection;
        this.tasks = tasks;
        this.service = service;
        this.deep = deep;
        this.profiles = profiles;
        this.uiThread = uiThread;
        this.io = io;
        this.zone = zone;
        connection.profileProperty().addListener(onProfile);
        refresh();
    }

    public void dispose() {
        connection.profileProperty().removeListener(onProfile);
        if (catalogWatch != null) {
            catalogWatch.close();
        }
    }

    /**
     * Shows backups other processes add to or remove from the selected profile's catalog (the
     * command line, {@code railyard release} in CI) without a manual refresh.
     */
    public void watchCatalog(dev.railyard.home.ChangeWatcher watcher) {
        ConnectionProfile now = profile();
        catalogFolder = now == null ? null : this.service.catalog().folderFor(now);
        catalogWatch = watcher.watch(() -> catalogFolder, () -> uiThread.execute(this::refresh));
    }

    private java.nio.file.Path folderOf(ConnectionProfile profile) {
        return profile == null ? null : service.catalog().folderFor(profile);
    }

    public ObservableList<CatalogEntry> backups() {
        return backups;
    }

    public ObjectProperty<CatalogEntry> selectedProperty() {
        return selected;
    }

    /** What the last action did, in one line. */
    public StringProperty statusProperty() {
        return status;
    }

    public ReadOnlyObjectProperty<RetentionPolicy> retentionProperty() {
        return retention;
    }

    public ReadOnlyObjectProperty<MigrateFlowResult> restoreOfferProperty() {
        return restoreOffer;
    }

    /** The user has seen the offer and closed it; the backup stays in the list. */
    public void dismissRestoreOffer() {
        restoreOffer.set(null);
    }

    public ReadOnlyObjectProperty<ConnectionProfile> profileProperty() {
        return connection.profileProperty();
    }

    public ConnectionProfile profile() {
        return connection.profile();
    }

    public BackupCatalog catalog() {
        return service.catalog();
    }

    public ZoneId zone() {
        return zone;
    }

    /** What a refresh read from the profile's folder; {@code problem} is null when the folder could be read. */
    private record Listing(List<CatalogEntry> entries, RetentionPolicy retention, String problem) { }

    /**
     * Reads the profile's folder again on the IO executor (every manifest is parsed and stale
     * partial files are deleted), keeping the selection by id. Returns at once.
     */
    public void refresh() {
        refresh(null, () -> { });
    }

    /**
     * As {@link #refresh()}, then selects {@code select} (when not null) and runs {@code then}
     * on the UI thread. Only the latest refresh's listing is shown; {@code then} runs either way.
     */
    private void refresh(String select, Runnable then) {
        ConnectionProfile profile = profile();
        long generation = ++refreshes;
        if (profile == null) {
            backups.clear();
            retention.set(RetentionPolicy.keepAll());
            then.run();
            return;
        }
        BackupCatalog catalog = service.catalog();
        FxJobs.onIo(io, () -> read(catalog, profile), uiThread, (listing, failure) -> {
            if (generation == refreshes) {
                String keep = select != null ? select : selected.get() == null ? null : selected.get().id();
                if (failure != null) {
                    status.set("Could not read the backups of " + profile.name() + ": " + ProblemText.of(failure).oneLine());
                    backups.clear();
                } else {
                    if (listing.problem() != null) {
                        status.set(listing.problem());
                    }
                    backups.setAll(listing.entries());
                    retention.set(listing.retention());
                }
                selected.set(keep == null ? null : backups.stream().filter(e -> e.id().equals(keep)).findFirst().orElse(null));
            }
            then.run();
        });
    }

    /** On the IO executor. */
    private static Listing read(BackupCatalog catalog, ConnectionProfile profile) {
        List<CatalogEntry> entries;
        String problem = null;
        try {
            entries = catalog.list(profile);
        } catch (UncheckedIOException e) {
            problem = e.getMessage();
            entries = List.of();
        }
        return new Listing(entries, catalog.retention(profile), problem);
    }

    // ---- back up ----

    /** Whether a backup should first show its transfer estimate: Railway bills the egress. */
    public boolean needsEstimate() {
        ConnectionProfile profile = profile();
        return profile != null && profile.isRailway();
    }

    /** Asks the server for the data size, as a read; the result comes on the UI thread. */
    public RunningJob<TransferEstimate> estimate(Consumer<TransferEstimate> onResult, Consumer<ProblemText> onFailure) {
        ConnectionProfile profile = profile();
        return connection.submitRead("Estimate the backup of " + profile.name(),
                c -> service.estimate(profile, c), onResult, onFailure);
    }

    /** Backs up the selected profile with its defaults (zstd, into the catalog). */
    public RunningJob<BackupResult> backUpNow(String note) {
        return backUpNow(note, result -> { });
    }

    public RunningJob<BackupResult> backUpNow(String note, Consumer<BackupResult> then) {
        ConnectionProfile profile = requireProfile();
        BackupOptions options = defaults(note);
        status.set("Backing up " + profile.name() + "…");
        return run(JobSpec.writing("Back up " + profile.name(), profile.name()),
                context -> backUp(profile, options, context), (BackupResult result) -> {
            String id = BackupCatalog.idOf(result.file());
            status.set("Backed up " + profile.name() + " as " + id + " (" + Sizes.human(result.manifest().fileBytes()) + ")"
                    + (result.warnings().isEmpty() ? "" : "; " + result.warnings().size() + " warning(s) in the manifest"));
            refresh(id, () -> then.accept(result));
        }, problem -> status.set("The backup of " + profile.name() + " failed: " + problem.oneLine()));
    }

    private static BackupOptions defaults(String note) {
        return BackupOptions.defaults().withCompression(Compression.ZSTD).withNote(note == null ? "" : note.strip());
    }

    // ---- verify, pin ----

    public RunningJob<Verification> verifyQuick(CatalogEntry entry) {
        return run(JobSpec.reading("Verify " + entry.id(), profileOf(entry)),
                context -> service.catalog().verifyQuick(entry, context),
                (Verification v) -> verified(entry, v), problem -> status.set("Verifying " + entry.id() + " failed: " + problem.oneLine()));
    }

    public RunningJob<Verification> verifyDeep(CatalogEntry entry) {
        return run(JobSpec.reading("Verify deeply " + entry.id(), profileOf(entry)),
                context -> deep.verify(entry, context),
                (Verification v) -> verified(entry, v), problem -> status.set("The deep check of " + entry.id() + " failed to run: " + problem.oneLine()));
    }

    private void verified(CatalogEntry entry, Verification v) {
        status.set(entry.id() + ": " + v.label() + " — " + v.detail());
        refresh();
    }

    /** Pins or unpins on the IO executor; the list is read again afterwards. */
    public void pin(CatalogEntry entry, boolean pinned) {
        BackupCatalog catalog = service.catalog();
        FxJobs.onIo(io, () -> catalog.pin(entry.id(), pinned), uiThread, (pinnedEntry, failure) -> {
            status.set(failure == null
                    ? entry.id() + (pinned ? " is pinned: pruning never removes it" : " is no longer pinned")
                    : "Could not " + (pinned ? "pin " : "unpin ") + entry.id() + ": " + ProblemText.of(failure).oneLine());
            refresh();
        });
    }

    // ---- restore ----

    /** Saved profiles a backup can go to: those of its dialect, the current one first. */
    public List<ConnectionProfile> restoreTargets(CatalogEntry entry) {
        String dialect = entry.manifest().dialect();
        ConnectionProfile current = profile();
        List<ConnectionProfile> all = profiles.list().stream()
                .filter(p -> dialect == null || p.dialect().id().equals(dialect))
                .collect(Collectors.toCollection(java.util.ArrayList::new));
        if (current != null && all.removeIf(p -> p.name().equals(current.name()))) {
            all.add(0, current);
        }
        return all;
    }

    /** The dialog's starting point: into a new database on the current profile's server. */
    public RestoreChoice defaultRestore(CatalogEntry entry, Instant now) {
        ConnectionProfile target = restoreTargets(entry).stream().findFirst().orElse(profile());
        String db = entry.manifest().database() != null ? entry.manifest().database() : target == null ? "" : target.database();
        return new RestoreChoice(entry, target, true, RestoreChoice.defaultNewName(db, now, zone), true, false, "");
    }

    public RunningJob<BackupService.RestoreSummary> restore(RestoreChoice choice, Consumer<BackupService.RestoreSummary> onResult,
                              Consumer<ProblemText> onFailure) {
        String problem = choice.problem();
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        ConnectionProfile target = choice.target();
        // Decided here, before any job: the core refuses to restore over production without the typed name.
        BackupService.RestoreRequest request = (choice.newDatabase()
                ? BackupService.RestoreRequest.intoNewDatabase(choice.databaseName().strip())
                : BackupService.RestoreRequest.overExisting(
                        connection.guard().clear(target, GuardedAction.RESTORE_OVER, choice.typedName()),
                        choice.singleTransaction(), choice.clean())).withMapFlavour(choice.mapFlavour());
        status.set("Restoring " + choice.backup().id() + " into " + target.name() + "…");
        return run(JobSpec.writing("Restore " + choice.backup().id() + " into " + target.name() + "/" + choice.database(),
                target.name()), context -> {
            // The core refuses a file with statements that reach the server's machine (the window never allows them).
            String password = password(target, context);
            return service.restore(choice.backup().file(), target, password, request).run(context);
        }, (BackupService.RestoreSummary summary) -> {
            connection.changed(target, RESTORE_AFFECTS);
            status.set(restoreWords(summary));
            onResult.accept(summary);
        }, failure -> {
            connection.changed(target, RESTORE_AFFECTS); // a restore that stopped half-way changed things too
            status.set("The restore of " + choice.backup().id() + " failed: " + failure.oneLine());
            onFailure.accept(failure);
        });
    }

    /**
     * What a clean restore over the existing database would drop, without dropping it (a dry run in
     * a transaction that is rolled back), for the dialog to show before the user confirms. The
     * production guard applies as for the restore itself.
     */
    public void previewClean(RestoreChoice choice, Consumer<List<String>> onLines, Consumer<ProblemText> onFailure) {
        ConnectionProfile target = choice.target();
        dev.railyard.guard.Clearance clearance;
        try {
            clearance = connection.guard().clear(target, GuardedAction.RESTORE_OVER, choice.typedName());
        } catch (dev.railyard.guard.ConfirmationRequiredException refused) {
            onFailure.accept(ProblemText.of(refused));
            return;
        }
        BackupService.RestoreRequest request = BackupService.RestoreRequest.overExisting(clearance,
                choice.singleTransaction(), true).withDryRun(true);
        run(JobSpec.reading("What a clean restore drops in " + target.name() + "/" + target.database(), target.name()),
                context -> service.restore(choice.backup().file(), target, password(target, context), request).run(context),
                (BackupService.RestoreSummary summary) -> onLines.accept(summary.notes()), onFailure);
    }

    /** "Restored into shop_restore_… (a new database) with Railyard built-in; 2 errors". */
    public static String restoreWords(BackupService.RestoreSummary summary) {
        return "Restored into " + summary.target() + (summary.createdDatabase() ? " (a new database)" : "")
                + " with " + dev.railyard.backup.EngineNames.display(summary.engine())
                + (summary.errors().isEmpty() ? "" : "; " + summary.errors().size() + " error(s)");
    }

    // ---- retention ----

    /**
     * Saves the policy on the IO executor; the outcome shows in the status.
     *
     * @throws IllegalArgumentException at once, for numbers no policy can have
     */
    public void saveRetention(int keepLast, int keepDays) {
        ConnectionProfile profile = requireProfile();
        RetentionPolicy policy = new RetentionPolicy(keepLast, keepDays);
        BackupCatalog catalog = service.catalog();
        FxJobs.onIo(io, () -> {
            catalog.setRetention(profile, policy);
            return policy;
        }, uiThread, (saved, failure) -> {
            if (failure == null) {
                retention.set(saved);
                status.set("Retention of " + profile.name() + ": " + saved.describe());
            } else {
                status.set("Could not save the retention: " + failure.getMessage());
            }
        });
    }

    /** Works out what the saved policy would delete (reading every manifest) on the IO executor; the plan comes on the UI thread. */
    public void planPrune(Consumer<PrunePlan> onPlan) {
        ConnectionProfile profile = requireProfile();
        RetentionPolicy policy = retention.get();
        BackupCatalog catalog = service.catalog();
        FxJobs.onIo(io, () -> catalog.planPrune(profile, policy), uiThread, (plan, failure) -> {
            if (failure == null) {
                onPlan.accept(plan);
            } else {
                status.set("Could not plan the pruning: " + ProblemText.of(failure).oneLine());
            }
        });
    }

    /** Deletes what the plan says on the IO executor; the outcome shows in the status and the list. */
    public void prune(PrunePlan plan) {
        BackupCatalog catalog = service.catalog();
        FxJobs.onIo(io, () -> catalog.prune(plan), uiThread, (removed, failure) -> {
            if (failure == null) {
                long bytes = removed.stream().mapToLong(CatalogEntry::size).sum();
                status.set("Pruned " + removed.size() + (removed.size() == 1 ? " backup" : " backups") + ", "
                        + Sizes.human(bytes) + " freed");
            } else {
                status.set("Pruning stopped: " + failure.getMessage());
            }
            refresh();
        });
    }

    /** The plan in words: what goes and why, what stays and why, what it frees. */
    public String describe(PrunePlan plan) {
        StringBuilder text = new StringBuilder();
        text.append("Policy: ").append(plan.policy().describe()).append(".\n\n");
        if (plan.remove().isEmpty()) {
            text.append("Nothing to delete.\n");
        } else {
            text.append("Will be deleted (").append(plan.remove().size()).append(", ")
                    .append(Sizes.human(plan.bytesFreed())).append(" freed):\n");
            plan.remove().forEach(d -> text.append("  • ").append(line(d)).append('\n'));
        }
        if (!plan.keep().isEmpty()) {
            text.append("\nKept (").append(plan.keep().size()).append("):\n");
            plan.keep().forEach(d -> text.append("  • ").append(line(d)).append('\n'));
        }
        return text.toString();
    }

    private String line(PrunePlan.Decision decision) {
        CatalogEntry e = decision.entry();
        return when(e.created()) + "  " + Sizes.human(e.size()) + "  " + e.id() + " — " + decision.reason();
    }

    // ---- back up, then migrate ----

    /** The tabs that show what a restore changes (the Backups tab reads its own list again). */
    private static final java.util.Set<dev.railyard.ui.shell.Feature> RESTORE_AFFECTS = java.util.EnumSet.of(
            dev.railyard.ui.shell.Feature.OVERVIEW, dev.railyard.ui.shell.Feature.TABLES, dev.railyard.ui.shell.Feature.INDEXES,
            dev.railyard.ui.shell.Feature.QUERIES, dev.railyard.ui.shell.Feature.ACTIVITY, dev.railyard.ui.shell.Feature.MIGRATIONS);
    /** The tabs that show what a migration changes. */
    private static final java.util.Set<dev.railyard.ui.shell.Feature> MIGRATE_AFFECTS = java.util.EnumSet.of(
            dev.railyard.ui.shell.Feature.OVERVIEW, dev.railyard.ui.shell.Feature.TABLES, dev.railyard.ui.shell.Feature.INDEXES,
            dev.railyard.ui.shell.Feature.MIGRATIONS);

    /** Whether the selected profile has migration folders to migrate from. */
    public boolean canMigrate() {
        ConnectionProfile profile = profile();
        return profile != null && (!profile.migrations().locations().isEmpty() || migrateCommand(profile) != null);
    }

    /** The selected profile's own migration command, or null when Flyway migrates (or nothing is selected). */
    public String migrateCommand() {
        ConnectionProfile profile = profile();
        return profile == null ? null : migrateCommand(profile);
    }

    /** The profile's own migration command (profile edit --migrate-command), or null: then Flyway migrates. */
    private static String migrateCommand(ConnectionProfile profile) {
        return profile.migrations().migrateCommand(); // MigrationSettings keeps a blank one as null
    }

    /** Why "back up, then migrate" is off, or null when it is on. */
    public String migrateDisabledReason() {
        if (profile() == null) {
            return "Select a connection first";
        }
        return canMigrate() ? null
                : "'" + profile().name() + "' has no migration folders and no migration command: set folders in the "
                        + "connection's Migrations settings, or a command with railyard profile edit --migrate-command";
    }

    /**
     * Backs up (noted with the pending migrations), verifies the backup quickly, migrates. When
     * the migration fails the backup is offered for a restore ({@link #restoreOfferProperty}).
     */
    public RunningJob<MigrateFlowResult> backUpThenMigrate(Consumer<MigrateFlowResult> then) {
        return backUpThenMigrate(null, null, then);
    }

    /** Whether "back up, then migrate" on the selected profile needs its database name typed back. */
    public boolean migrateNeedsTypedName() {
        ConnectionProfile profile = profile();
        return profile != null && connection.guard().protectionOf(profile).production();
    }

    /** Whether restoring over {@code target}'s database needs its name typed back, and the word (the core's guard decides). */
    public dev.railyard.guard.Protection protectionOf(ConnectionProfile target) {
        return connection.guard().protectionOf(target);
    }

    /** The word to type back on production: the database name. */
    public String confirmationWord() {
        ConnectionProfile profile = profile();
        return profile == null ? "" : ProductionGuard.confirmationWord(profile);
    }

    /**
     * @param target the version to migrate up to; null for every pending migration
     * @param typed  the database name typed back (production); null when not asked
     * @throws dev.railyard.guard.ConfirmationRequiredException on production without the right name: nothing runs
     */
    public RunningJob<MigrateFlowResult> backUpThenMigrate(String target, String typed, Consumer<MigrateFlowResult> then) {
        return backUpThenMigrate(target, typed, null, null, then);
    }

    /**
     * As above, with the migration session's lock and statement timeouts (null for the core's
     * default: a lock timeout on production, none elsewhere).
     */
    public RunningJob<MigrateFlowResult> backUpThenMigrate(String target, String typed, java.time.Duration lockTimeout,
                                                           java.time.Duration statementTimeout, Consumer<MigrateFlowResult> then) {
        ConnectionProfile profile = requireProfile();
        if (!canMigrate()) {
            throw new IllegalStateException(migrateDisabledReason());
        }
        Clearance clearance = connection.guard().clear(profile, GuardedAction.RELEASE, typed);
        dev.railyard.migrate.MigrationTimeouts timeouts = dev.railyard.migrate.MigrationTimeouts.forMigration(clearance,
                lockTimeout, statementTimeout);
        restoreOffer.set(null);
        status.set("Backing up " + profile.name() + ", then migrating…");
        Consumer<MigrateFlowResult> delivered = (MigrateFlowResult result) -> {
                    status.set(result.summary());
                    refresh(result.backup() == null ? null : result.backup().id(), () -> {
                        restoreOffer.set(result.restoreFrom() != null ? result : null);
                        then.accept(result);
                    });
                };
        // A flow that stopped shows as failed in the task panel, but its result still reaches the tab.
        RunningJob<MigrateFlowResult> running = tasks.submit(JobSpec.writing("Back up, then migrate " + profile.name(), profile.name()), context -> {
            MigrateFlowResult result = backUpThenMigrate(profile, target, clearance, timeouts, context);
            if (!result.succeeded()) {
                throw new FlowStopped(result);
            }
            return result;
        });
        FxJobs.deliver(running, uiThread, (value, failure) -> {
            // The migration may have run (in part): its tab and the inspect tabs read again.
            connection.changed(profile, MIGRATE_AFFECTS);
            if (failure == null) {
                delivered.accept(value);
            } else if (failure instanceof FlowStopped stopped) {
                delivered.accept(stopped.result);
            } else {
                status.set("Back up, then migrate failed: " + ProblemText.of(failure).oneLine());
                refresh();
            }
        });
        return running;
    }

    /** Ends the flow's job as failed, carrying what happened up to then. */
    static final class FlowStopped extends Exception {
        final transient MigrateFlowResult result;

        FlowStopped(MigrateFlowResult result) {
            super(result.summary());
            this.result = result;
        }
    }

    private MigrateFlowResult backUpThenMigrate(ConnectionProfile profile, String target, Clearance clearance,
                                                dev.railyard.migrate.MigrationTimeouts timeouts, JobContext context) throws Exception {
        String password = password(profile, context);
        String command = migrateCommand(profile);
        if (command != null) {
            // The application's own migrator (Prisma, Drizzle, Alembic…), as `railyard release` runs it:
            // back up, verify, then the command with the database's address in its environment.
            dev.railyard.release.CommandReleaseResult result = new ReleaseFlow(service)
                    .backUpThenRun(profile, password, new dev.railyard.release.MigratorCommand(command,
                            dev.railyard.release.MigratorCommand.projectOf(profile.migrations().toolFolder())), false,
                            "before migrating", clearance, context::log)
                    .run(context);
            return MigrateFlowResult.of(result);
        }
        // The migration's own pool on the direct address: never the views' pool reopened under their feet.
        try (SessionPool pool = SessionPool.open(connection.databases(), profile, () -> password)) {
            FlywayMigrations flyway = FlywayMigrations.forProfile(profile.forSessionWork(), pool.dataSource());
            ReleaseResult result = new ReleaseFlow(service)
                    .backUpThenMigrate(profile, password, flyway, target, "before migrating", clearance, timeouts).run(context);
            return MigrateFlowResult.of(result);
        }
    }

    // ---- helpers ----

    /** "2026-11-21 09:49" in the user's zone. */
    public static String when(Instant instant) {
        return instant == null ? "" : WHEN.format(instant.atZone(ZoneId.systemDefault()));
    }

    /**
     * A backup into the catalog with the profile's password, on a job thread. The backup's own first
     * connection is the password check (no connection is opened just to check it): when the server
     * refuses an "ask every time" profile, the user is asked and the backup runs again; nothing was
     * read or written before that first connection.
     */
    private BackupResult backUp(ConnectionProfile profile, BackupOptions options, JobContext context) throws Exception {
        try {
            return connection.access().withPassword(profile, password -> {
                try {
                    return service.create(profile, password, BackupService.CreateRequest.intoCatalog(options)).run(context);
                } catch (ConnectionProblem problem) {
                    throw problem;
                } catch (Exception e) {
                    throw new BackupFailed(e);
                }
            });
        } catch (BackupFailed e) {
            throw e.failure;
        }
    }

    /** Carries a backup's own failure through the password attempt, which passes on connection problems only. */
    private static final class BackupFailed extends RuntimeException {
        final transient Exception failure;

        BackupFailed(Exception failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }

    /** The profile's password on a job thread, asking or opening the vault as a connection would. */
    private String password(ConnectionProfile profile, JobContext context) throws ConnectionProblem {
        context.message("Connecting to " + profile.host() + ":" + profile.port());
        return connection.access().withPassword(profile, password -> {
            try (Connection c = connection.databases().connect(profile)) {
                return password;
            } catch (SQLException e) {
                return password; // closing a checked connection: nothing to report
            }
        });
    }

    private ConnectionProfile requireProfile() {
        return Objects.requireNonNull(profile(), "No connection is selected");
    }

    private String profileOf(CatalogEntry entry) {
        String name = entry.manifest().profile();
        return name != null ? name : profile() != null ? profile().name() : null;
    }

    private <T> RunningJob<T> run(JobSpec spec, Job<T> job, Consumer<T> onResult, Consumer<ProblemText> onFailure) {
        return FxJobs.deliver(tasks.submit(spec, job), uiThread, onResult, failure -> {
            onFailure.accept(ProblemText.of(failure));
            refresh();
        });
    }
}
