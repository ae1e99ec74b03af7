package dev.railyard.backup;

import dev.railyard.backup.mysql.MysqlBackupService;
import dev.railyard.backup.mysql.MysqlEndpoint;
import dev.railyard.backup.mysql.MysqlRestoreOptions;
import dev.railyard.backup.mysql.MysqlRestoreResult;
import dev.railyard.backup.mysql.MysqlTools;
import dev.railyard.backup.postgres.BackupObjects;
import dev.railyard.backup.postgres.NativePgTools;
import dev.railyard.backup.postgres.PgBackupService;
import dev.railyard.backup.postgres.PgEndpoint;
import dev.railyard.backup.script.ScriptCheck;
import dev.railyard.backup.script.ScriptHazards;
import dev.railyard.db.Dialect;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.db.ConnectionProblem;
import dev.railyard.db.JdbcUrls;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.Job;
import dev.railyard.task.Sizes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups and restores for any profile, whatever its dialect: the one entry point of the CLI's
 * {@code backup} commands and the Backups tab. It picks the dialect's engine, puts catalog
 * backups in the profile's folder, records the migration head in the manifest, and prices the
 * transfer for Railway hosts.
 */
public final class BackupService {

    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);
    /** PgEndpoint's connect timeout, named when a backup's first connection times out. */
    private static final Duration PG_CONNECT_TIMEOUT = Duration.ofSeconds(20);

    private final BackupCatalog catalog;
    private final PgBackupService postgres;
    private final MysqlBackupService mysql;

    public BackupService(BackupCatalog catalog, PgBackupService postgres, MysqlBackupService mysql) {
        this.catalog = catalog;
        this.postgres = postgres;
        this.mysql = mysql;
    }

    /** With the native tools found on PATH (pg_dump, mysqldump/mariadb-dump), the built-in engines otherwise. */
    public static BackupService withToolsOnPath(BackupCatalog catalog) {
        return new BackupService(catalog, new PgBackupService(NativePgTools.fromEnvironment(null)),
                new MysqlBackupService(MysqlTools.fromPath().withOptionFileFolder(catalog.home().run())));
    }

    /**
     * The rows a PostgreSQL backup file itself holds per table (see {@link PgBackupService#rowsInFile});
     * empty when they cannot be read here.
     */
    public java.util.Optional<java.util.List<Manifest.TableEntry>> postgresRowsInFile(java.nio.file.Path file,
                                                                                     dev.railyard.task.JobContext context)
            throws BackupException, java.io.IOException {
        return postgres.rowsInFile(file, context);
    }

    public BackupCatalog catalog() {
        return catalog;
    }

    /**
     * What to back up and where.
     *
     * @param out where the file goes; null for the profile's catalog folder
     */
    public record CreateRequest(BackupOptions options, EngineChoice engine, boolean customFormat, Path out,
                                boolean replaceOut) {
        /** Without leave to replace an existing {@code out} file. */
        public CreateRequest(BackupOptions options, EngineChoice engine, boolean customFormat, Path out) {
            this(options, engine, customFormat, out, false);
        }

        public static CreateRequest intoCatalog(BackupOptions options) {
            return new CreateRequest(options, EngineChoice.AUTO, false, null);
        }
    }

    /**
     * Where a restore goes and how.
     *
     * @param createDatabase null to restore into the target's own database; otherwise the new
     *                       database to create (never blank: a blank name is refused, it must not
     *                       fall back to the existing database)
     * @param clean          drop exactly the objects the backup creates first (nothing else)
     * @param clearance      the production guard's consent to {@link GuardedAction#RESTORE_OVER restore over}
     *                       the target's database; required when {@code createDatabase} is null
     * @param dryRun         list what would be dropped (with clean) or collide, and change nothing
     * @param schemas        restore only these schemas of the backup (PostgreSQL); empty for all
     * @param tables         restore only these tables of the backup (PostgreSQL); empty for all
     * @param backupFirst    over an existing database: back the target up into its profile's catalog
     *                       first (noted "before restore of ..."), so the restore can be undone
     * @param mapFlavour     MySQL: map what a backup of the other flavour holds that the target lacks
     *                       (see {@link dev.railyard.backup.mysql.CrossFlavour})
     */
    public record RestoreRequest(String createDatabase, boolean singleTransaction, boolean clean, boolean stopOnError,
                                 Clearance clearance, boolean dryRun, List<String> schemas, List<String> tables,
                                 boolean backupFirst, boolean allowServerPrograms, boolean mapFlavour) {

        public RestoreRequest(String createDatabase, boolean singleTransaction, boolean clean, boolean stopOnError,
                              Clearance clearance, boolean dryRun, List<String> schemas, List<String> tables,
                              boolean backupFirst, boolean allowServerPrograms) {
            this(createDatabase, singleTransaction, clean, stopOnError, clearance, dryRun, schemas, tables, backupFirst,
                    allowServerPrograms, false);
        }

        public RestoreRequest {
            if (createDatabase != null && createDatabase.isBlank()) {
                throw new IllegalArgumentException("The new database needs a name (a blank one was given)");
            }
            schemas = schemas == null ? List.of() : List.copyOf(schemas);
            tables = tables == null ? List.of() : List.copyOf(tables);
        }

        /** Without dry run, parts or a backup first. */
        public RestoreRequest(String createDatabase, boolean singleTransaction, boolean clean, boolean stopOnError,
                              Clearance clearance) {
            this(createDatabase, singleTransaction, clean, stopOnError, clearance, false, List.of(), List.of(), false, false);
        }

        public static RestoreRequest intoNewDatabase(String name) {
            return new RestoreRequest(Objects.requireNonNull(name, "name"), true, false, true, null);
        }

        /** Over the target's existing database, with the guard's clearance; the target is backed up first. */
        public static RestoreRequest overExisting(Clearance clearance, boolean singleTransaction, boolean clean) {
            return new RestoreRequest(null, singleTransaction, clean, true, Objects.requireNonNull(clearance, "clearance"),
                    false, List.of(), List.of(), true, false);
        }

        /** Go on after a failed statement and list every failure (false), or stop at the first (true, the default). */
        public RestoreRequest withStopOnError(boolean value) {
            return new RestoreRequest(createDatabase, singleTransaction, clean, value, clearance, dryRun, schemas, tables,
                    backupFirst, allowServerPrograms, mapFlavour);
        }

        public RestoreRequest withDryRun(boolean value) {
            return new RestoreRequest(createDatabase, singleTransaction, clean, stopOnError, clearance, value, schemas, tables,
                    backupFirst, allowServerPrograms, mapFlavour);
        }

        /** Only these schemas and tables of the backup (empty lists: all). */
        public RestoreRequest withParts(List<String> someSchemas, List<String> someTables) {
            return new RestoreRequest(createDatabase, singleTransaction, clean, stopOnError, clearance, dryRun, someSchemas,
                    someTables, backupFirst, allowServerPrograms, mapFlavour);
        }

        /** True when only some schemas or tables of the backup are restored. */
        public boolean partial() {
            return !schemas.isEmpty() || !tables.isEmpty();
        }

        public RestoreRequest withBackupFirst(boolean value) {
            return new RestoreRequest(createDatabase, singleTransaction, clean, stopOnError, clearance, dryRun, schemas, tables,
                    value, allowServerPrograms, mapFlavour);
        }

        /** Run statements that reach the server's machine (COPY … PROGRAM, server files) too: only when the user said so. */
        public RestoreRequest withAllowServerPrograms(boolean value) {
            return new RestoreRequest(createDatabase, singleTransaction, clean, stopOnError, clearance, dryRun, schemas, tables,
                    backupFirst, value, mapFlavour);
        }

        /**
         * A MySQL backup of the other flavour (MySQL into MariaDB or back): apply the collation,
         * sql_mode and sequence mappings instead of stopping before the restore (the CLI's --map-flavour).
         */
        public RestoreRequest withMapFlavour(boolean value) {
            return new RestoreRequest(createDatabase, singleTransaction, clean, stopOnError, clearance, dryRun, schemas, tables,
                    backupFirst, allowServerPrograms, value);
        }

        /** True when the restore will drop or overwrite objects of an existing database. */
        public boolean overwrites() {
            return createDatabase == null && !dryRun;
        }
    }

    /** A finished restore, whatever the dialect. */
    /**
     * What a restore did, for people.
     *
     * @param work what was loaded and how long it took: "762,202 rows in 7 tables, 1.9 s"
     */
    public record RestoreSummary(String target, String database, boolean createdDatabase, String engine,
                                 String verification, List<String> notes, List<String> errors, String work) {
        public RestoreSummary {
            notes = notes == null ? List.of() : List.copyOf(notes);
            errors = errors == null ? List.of() : List.copyOf(errors);
        }
    }

    /** The file a backup of {@code profile} goes to when no --out is given. */
    public Path catalogPath(ConnectionProfile profile, BackupOptions options) {
        return catalog.newBackupPath(profile, options.compression());
    }

    /** As {@link #catalogPath(ConnectionProfile, BackupOptions)}: the name is reserved; {@code .dump} for the custom format. */
    private Path catalogPath(ConnectionProfile profile, BackupOptions options, boolean customFormat) {
        return catalog.newBackupPath(profile, options.compression(), customFormat);
    }

    /**
     * A backup of the profile (its unpooled address when it has one). The manifest gets the
     * migration head of the backup's own snapshot.
     */
    public Job<BackupResult> create(ConnectionProfile profile, String password, CreateRequest request) {
        return create(profile, password, request, estimate -> { });
    }

    /**
     * A backup of the profile, as {@link #create(ConnectionProfile, String, CreateRequest)}, that
     * reports what it will move through the network as soon as its first connection knows it (from
     * the catalog, or in the round trip that starts the snapshot): no connection is spent on the
     * estimate alone. A backup with N jobs opens N connections with the built-in engines; the server
     * version and the migration head are read on the first. When that first connection fails, the
     * job throws the {@link ConnectionProblem}, classified: nothing was read or written, so a caller
     * may ask for the password and run it again.
     *
     * @param onEstimate called on the job's thread, before the data is read
     */
    public Job<BackupResult> create(ConnectionProfile profile, String password, CreateRequest request,
                                    Consumer<TransferEstimate> onEstimate) {
        ConnectionProfile source = profile.forSessionWork();
        SnapshotProbe probe = new HistoryProbe(source, onEstimate);
        return context -> {
            // A catalog name is reserved when the job runs (not when it is made): a job never run holds no name.
            Path out = request.out() != null ? request.out() : catalogPath(profile, request.options(), request.customFormat());
            boolean published = false;
            boolean replacing = request.out() != null && Files.exists(out);
            if (request.out() != null) {
                catalog.checkMayWrite(out, request.replaceOut());
            }
            dev.railyard.home.AtomicFiles.createPrivateDirectories(out.toAbsolutePath().getParent());
            try {
                BackupResult result;
                if (source.dialect() == Dialect.POSTGRESQL) {
                    result = postgres.create(PgEndpoint.of(source, password), request.options(), request.engine(),
                            request.customFormat(), out, profile.name(), probe).run(context);
                } else {
                    if (request.customFormat()) {
                        throw new BackupException("The custom format is pg_dump's; MySQL backups are SQL scripts (--format sql)");
                    }
                    result = mysql.create(MysqlEndpoint.of(source, password), request.options(), request.engine(), out, probe)
                            .run(context);
                }
                published = true;
                if (replacing) {
                    catalog.forgetState(out);
                }
                return result;
            } catch (BackupConnectException e) {
                throw ConnectionProblem.classify(source, e.getCause(), password != null && !password.isEmpty(),
                        source.dialect() == Dialect.POSTGRESQL ? PG_CONNECT_TIMEOUT : JdbcUrls.CONNECT_TIMEOUT);
            } finally {
                if (!published && request.out() == null) {
                    catalog.release(out);
                }
            }
        };
    }

    /**
     * The statements of a backup file that reach the database server's machine (run programs,
     * read or write its files, change its configuration): a file from elsewhere is shown to the
     * user with these before it is restored into a real server. Empty for a file with none, and
     * for pg_dump archives (not readable without pg_restore).
     */
    public List<ScriptHazards.Finding> serverAccess(Path file, Dialect dialect) throws java.io.IOException {
        return ScriptHazards.scan(file, dialect == Dialect.POSTGRESQL).serverAccess();
    }

    /**
     * Restores a backup file into the target profile's server (a new database when the request names
     * one). Over an existing database, and unless asked not to, the target is backed up first into its
     * profile's catalog; a failed restore names that backup.
     */
    public Job<RestoreSummary> restore(Path file, ConnectionProfile target, String password, RestoreRequest request) {
        AtomicReference<FirstRead> checked = new AtomicReference<>();
        Job<RestoreSummary> restore = restoreChecked(file, target, password, request, checked::get);
        return context -> {
            // One read of a plain PostgreSQL script serves every check that must pass before anything runs,
            // and lists the objects it creates.
            // Into a new database, in parts, the tables' data runs as table data only: the check leaves it to the load.
            List<long[]> dataOnly = target.dialect() == Dialect.POSTGRESQL
                    ? dev.railyard.backup.postgres.PgRestore.tablePartsRunAsDataOnly(file, postgresOptions(request)) : List.of();
            BackupObjects.Reading objects = new BackupObjects.Reading(context);
            Optional<ScriptCheck> check = target.dialect() == Dialect.POSTGRESQL
                    ? ScriptCheck.read(file, context, objects, dataOnly) : Optional.empty();
            if (check.isPresent() && check.get().tableDataLeftToTheLoad() > 0 && !check.get().hazards().clean()) {
                // What it found is reported by line, and lines past the data it left are counted only by a whole read.
                objects = new BackupObjects.Reading(context);
                check = ScriptCheck.read(file, context, objects);
            }
            BackupObjects.Reading listed = objects;
            check.ifPresent(c -> checked.set(new FirstRead(c, listed)));
            // A file from elsewhere may run programs or touch files on the server: named, run only when allowed.
            List<ScriptHazards.Finding> found = check.isPresent() ? check.get().hazards().serverAccess()
                    : serverAccess(file, target.dialect());
            if (!found.isEmpty()) {
                if (!request.allowServerPrograms()) {
                    throw new ServerAccessRefusedException(file.getFileName().toString(), found);
                }
                found.forEach(f -> context.log("Runs, as allowed, a statement that reaches the server's machine: " + f));
            }
            return restore.run(context);
        };
    }

    /** The one read of a plain PostgreSQL script before anything runs: its checks, and the objects it creates. */
    private record FirstRead(ScriptCheck check, BackupObjects.Reading objects) {
    }

    /** {@code checked}: the one read of the file made before the job runs, null when there was none. */
    private Job<RestoreSummary> restoreChecked(Path file, ConnectionProfile target, String password, RestoreRequest request,
                                               Supplier<FirstRead> checked) {
        ConnectionProfile into = target.forSessionWork();
        if (request.createDatabase() == null) {
            // Over the existing database: only with the guard's word for this very database.
            if (request.clearance() == null) {
                throw new IllegalStateException("Restoring over " + target.address() + " needs the production guard's clearance");
            }
            request.clearance().check(GuardedAction.RESTORE_OVER, target);
        }
        if (!request.backupFirst() || request.createDatabase() != null || request.dryRun()) {
            return into.dialect() == Dialect.POSTGRESQL
                    ? restorePostgres(file, into, password, request, BeforeChanges.NOTHING, checked)
                    : restoreMysql(file, into, password, request, BeforeChanges.NOTHING);
        }
        return context -> {
            // Once the file and the target are checked (no clash, not a dry run), right before the first change.
            AtomicReference<BackupResult> before = new AtomicReference<>();
            BeforeChanges backUp = c -> {
                String what = BackupCatalog.idOf(file);
                c.message("Backing up " + target.address() + " before the restore");
                BackupResult made = create(target, password, CreateRequest.intoCatalog(BackupOptions.defaults()
                        .withCompression(Compression.ZSTD).withNote("before restore of " + what))).run(c);
                before.set(made);
                c.log("Backed up the target first: " + made.file() + " (id " + BackupCatalog.idOf(made.file()) + ")");
            };
            Job<RestoreSummary> restore = into.dialect() == Dialect.POSTGRESQL
                    ? restorePostgres(file, into, password, request, backUp, checked)
                    : restoreMysql(file, into, password, request, backUp);
            RestoreSummary summary;
            try {
                summary = restore.run(context);
            } catch (BackupException e) {
                if (before.get() == null) {
                    throw e;
                }
                String id = BackupCatalog.idOf(before.get().file());
                throw new BackupException(dev.railyard.backup.postgres.PgRestore.sentence(e.getMessage()) + " The target was backed up before the restore: backup " + id
                        + " (" + before.get().file() + "); restore it with: railyard backup restore " + id
                        + (target.name() == null ? "" : " --to-profile " + target.name()) + " --clean", e);
            }
            if (before.get() == null) {
                return summary;
            }
            List<String> notes = new java.util.ArrayList<>(summary.notes());
            notes.add(0, "Backed up the target first: backup " + BackupCatalog.idOf(before.get().file())
                    + " (" + before.get().file().getFileName() + ")");
            return new RestoreSummary(summary.target(), summary.database(), summary.createdDatabase(), summary.engine(),
                    summary.verification(), notes, summary.errors(), summary.work());
        };
    }

    private Job<RestoreSummary> restorePostgres(Path file, ConnectionProfile into, String password, RestoreRequest request,
                                                BeforeChanges beforeChanges, Supplier<FirstRead> checked) {
        RestoreOptions options = postgresOptions(request);
        PgEndpoint endpoint = PgEndpoint.of(into, password);
        return context -> {
            FirstRead read = checked.get();
            if (read != null) {
                read.check().requireBackup();
            } else {
                BackupFileCheck.require(file, context);
            }
            RestoreResult r = (read == null ? postgres.restore(file, endpoint, options, beforeChanges)
                    : postgres.restore(file, endpoint, options, beforeChanges, read.check(), read.objects())).run(context);
            List<String> errors = r.script() == null ? List.of()
                    : new java.util.ArrayList<>(r.script().errors().stream().map(Object::toString).toList());
            if (r.script() != null && r.script().errorCount() > r.script().errors().size()) {
                // Never fewer failures than there were: the ones past the list are counted.
                errors.add((r.script().errorCount() - r.script().errors().size()) + " more statements failed (not listed)");
            }
            String work = (r.script() == null ? "" : String.format("%,d rows in %d tables, %,d statements; ",
                    r.script().rows(), r.script().copies(), r.script().statements())) + Sizes.duration(r.duration());
            return new RestoreSummary(r.target(), r.database(), r.createdDatabase(), r.engine(), r.verification(),
                    r.notes(), errors, work);
        };
    }

    private static RestoreOptions postgresOptions(RestoreRequest request) {
        return RestoreOptions.defaults()
                .withCreateDatabase(request.createDatabase())
                .withSingleTransaction(request.singleTransaction())
                .withClean(request.clean())
                .withStopOnError(request.stopOnError())
                .withDryRun(request.dryRun())
                .withSchemas(request.schemas())
                .withTables(request.tables());
    }

    private Job<RestoreSummary> restoreMysql(Path file, ConnectionProfile into, String password, RestoreRequest request,
                                             BeforeChanges beforeChanges) {
        if (request.partial()) {
            throw new IllegalArgumentException("--schema and --table on restore are for PostgreSQL backups; a MySQL backup "
                    + "holds one database");
        }
        MysqlRestoreOptions options = request.createDatabase() != null
                ? MysqlRestoreOptions.defaults().intoNewDatabase(request.createDatabase())
                : MysqlRestoreOptions.defaults().intoExistingDatabase(into.database());
        options = options.withStopOnError(request.stopOnError()).withClean(request.clean()).withDryRun(request.dryRun())
                .withMapFlavour(request.mapFlavour());
        Job<MysqlRestoreResult> job = mysql.restore(file, MysqlEndpoint.of(into, password), options, beforeChanges);
        return context -> {
            BackupFileCheck.require(file, context);
            MysqlRestoreResult r = job.run(context);
            String work = (r.script() == null ? "" : String.format("%,d statements; ", r.script().statements()))
                    + Sizes.duration(r.duration());
            return new RestoreSummary(r.target(), r.database(), r.createdDatabase(), r.engine(), r.verification(),
                    r.notes(), r.errors(), work);
        };
    }

    /**
     * What a backup moves through the network: the data size the server reports (one query).
     * Railway bills that traffic when the host is theirs.
     */
    public TransferEstimate estimate(ConnectionProfile profile, Connection connection) throws SQLException {
        String sql = profile.dialect() == Dialect.POSTGRESQL
                ? "SELECT coalesce(sum(pg_table_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "WHERE c.relkind IN ('r', 'm', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                : "SELECT coalesce(sum(data_length), 0) FROM information_schema.tables WHERE table_schema = database()";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return new TransferEstimate(rs.getLong(1), profile.isRailway());
        }
    }

    /** Reads the migration head in the backup's snapshot, and prices the transfer once its size is known. */
    private static final class HistoryProbe implements SnapshotProbe {
        private final ConnectionProfile source;
        private final Consumer<TransferEstimate> onEstimate;
        private final AtomicBoolean estimated = new AtomicBoolean();

        HistoryProbe(ConnectionProfile source, Consumer<TransferEstimate> onEstimate) {
            this.source = source;
            this.onEstimate = onEstimate;
        }

        @Override
        public Optional<String> migrationHead(Connection connection) throws SQLException {
            Optional<String> head = MigrationHead.read(connection, source.dialect());
            LOG.info("Migration head of {}: {}", source.address(), head.orElse("none"));
            return head;
        }

        @Override
        public void dataBytes(long bytes) {
            // Once: a native MySQL dump that falls back to the built-in engine reports twice.
            if (bytes >= 0 && !estimated.getAndSet(true)) {
                onEstimate.accept(new TransferEstimate(bytes, source.isRailway()));
            }
        }
    }
}
