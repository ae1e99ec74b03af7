package dev.railyard.migrate;

import dev.railyard.db.Connections;
import dev.railyard.db.Dialect;
import dev.railyard.migrate.check.BlockingSessions;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.MigrationSettings;
import dev.railyard.task.Job;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.BaselineResult;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.RepairOutput;
import org.flywaydb.core.api.output.RepairResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.exception.FlywaySqlException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Flyway for one database: status, and migrate / validate / repair / baseline as jobs.
 *
 * <p>Takes a {@link DataSource} rather than a connection because Flyway opens its own (two:
 * one for the migrations, one for the history table and its lock); size the pool for that
 * plus whatever the caller holds, or Flyway waits forever on a full pool.
 */
public final class FlywayMigrations {

    public static final String DEFAULT_HISTORY_TABLE = "flyway_schema_history";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FlywayMigrations.class);

    /** Used when the profile has no locations, so Flyway does not pick up some db/migration from our own class path. */
    private static final String NO_LOCATION = "classpath:dev/railyard/migrate/no-locations-configured";

    private static final List<String> KNOWN_PREFIXES = List.of("classpath:", "filesystem:", "s3:", "gcs:");

    private final DataSource dataSource;
    private final ConnectionProfile target;
    private final Dialect dialect;
    private final MigrationSettings settings;

    /**
     * @param dataSource connections to {@code target}'s database
     * @param target     the database the data source reaches: migrate, repair and baseline accept
     *                   only a {@link Clearance} the production guard gave for it
     * @param settings   locations, schemas, history table; null for none
     */
    public FlywayMigrations(DataSource dataSource, ConnectionProfile target, MigrationSettings settings) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.target = Objects.requireNonNull(target, "target");
        this.dialect = target.dialect();
        this.settings = settings == null ? MigrationSettings.none() : settings;
    }

    /** Flyway for a profile, with its migration settings and dialect. */
    public static FlywayMigrations forProfile(ConnectionProfile profile, DataSource dataSource) {
        return new FlywayMigrations(dataSource, profile, profile.migrations());
    }

    /** The database these migrations run against. */
    public ConnectionProfile target() {
        return target;
    }

    public MigrationSettings settings() {
        return settings;
    }

    /** Flyway's location for what the user typed: a plain folder becomes an absolute "filesystem:" location. */
    public static String flywayLocation(String location) {
        String trimmed = location.strip();
        for (String prefix : KNOWN_PREFIXES) {
            if (trimmed.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                return trimmed;
            }
        }
        return "filesystem:" + Path.of(trimmed).toAbsolutePath().normalize();
    }

    /**
     * Where a script is, as the user configured it: the file's path for a folder, and
     * "classpath:sandbox/migrations/V3__add_order_notes.sql" for a class-path location (Flyway's
     * physical location is then a jar's inside, "/tmp/…/file:/…/railyard.jar!/sandbox/…", which
     * names nothing a user can open). Null when Flyway knows no location.
     */
    String shownLocation(String physical, String script) {
        return shownLocation(locations(), physical, script);
    }

    static String shownLocation(List<String> locations, String physical, String script) {
        String location = emptyToNull(physical);
        if (location == null) {
            return null;
        }
        String normalised = location.replace('\\', '/');
        for (String configured : locations) {
            if (configured.startsWith("classpath:")) {
                String folder = configured.substring("classpath:".length()).replaceAll("^/+|/+$", "");
                String relative = (folder.isEmpty() ? "" : folder + "/") + (script == null ? "" : script);
                if (script != null && normalised.endsWith("/" + relative)) {
                    return "classpath:" + relative;
                }
            }
        }
        boolean insideArchive = location.contains("!/") || location.contains("file:") || location.startsWith("jar:");
        if (!insideArchive) {
            return location; // a folder on disk: its path as it is
        }
        int inside = normalised.lastIndexOf("!/");
        return "classpath:" + (inside >= 0 ? normalised.substring(inside + 2) : (script == null ? normalised : script));
    }

    /** The configured locations as Flyway locations, blanks dropped. */
    public List<String> locations() {
        return settings.locations().stream().filter(l -> l != null && !l.isBlank()).map(FlywayMigrations::flywayLocation).toList();
    }

    /** The history table, qualified with the first schema when schemas are set. */
    public String historyTable() {
        String table = settings.historyTable() == null || settings.historyTable().isBlank()
                ? DEFAULT_HISTORY_TABLE : settings.historyTable();
        return settings.schemas().isEmpty() ? table : settings.schemas().get(0) + "." + table;
    }

    // ---------------------------------------------------------------- status

    /** Every migration Flyway knows of, from the files and the history table, with a summary. */
    public StatusReport status() throws MigrationException {
        MigrationInfoService info;
        try {
            info = configure().load().info();
        } catch (FlywayException e) {
            throw new MigrationException("Could not read Flyway's status: " + flywayMessage(e), e);
        }
        boolean noLocations = locations().isEmpty();
        List<MigrationRow> rows = new ArrayList<>();
        for (MigrationInfo migration : info.all()) {
            rows.add(row(migration, noLocations));
        }
        List<ChangedScript> changed = rows.stream().filter(MigrationRow::checksumChanged)
                .map(r -> new ChangedScript(r.version(), r.description(), r.script(), r.file(), r.appliedChecksum(), r.fileChecksum()))
                .toList();
        MigrationInfo current = info.current();
        return new StatusReport(rows, current == null || current.getVersion() == null ? null : current.getVersion().getVersion(),
                summary(rows, changed), changed, configurationWarnings(), historyTable());
    }

    private MigrationRow row(MigrationInfo m, boolean noLocations) {
        MigrationStatus status = MigrationStatus.of(m.getState());
        if (noLocations) {
            // Without a folder every applied migration would show as missing or future: only the table is known.
            if (status == MigrationStatus.MISSING || status == MigrationStatus.FUTURE) {
                status = MigrationStatus.SUCCESS;
            } else if (status == MigrationStatus.MISSING_FAILED || status == MigrationStatus.FUTURE_FAILED) {
                status = MigrationStatus.FAILED;
            }
        }
        Integer applied = m.isApplied() ? m.getAppliedChecksum() : null;
        Integer resolved = m.getResolvedChecksum();
        if (m.isVersioned() && applied != null && resolved != null && !applied.equals(resolved)
                && (status == MigrationStatus.SUCCESS || status == MigrationStatus.OUT_OF_ORDER)) {
            status = MigrationStatus.CHANGED;
        }
        return new MigrationRow(
                m.getVersion() == null ? null : m.getVersion().getVersion(),
                m.getDescription(),
                m.getType() == null ? null : m.getType().name(),
                m.getScript(),
                m.getChecksum(),
                m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant(),
                m.getInstalledBy(),
                m.getExecutionTime(),
                status,
                m.getInstalledRank(),
                shownLocation(m.getPhysicalLocation(), m.getScript()),
                applied,
                resolved);
    }

    static String summary(List<MigrationRow> rows, List<ChangedScript> changed) {
        if (rows.isEmpty()) {
            return "No migrations: no scripts in the locations and nothing in Flyway's history table";
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("applied", rows.stream().filter(r -> r.status().applied() && !r.status().failed()
                && r.status() != MigrationStatus.SUPERSEDED && r.status() != MigrationStatus.DELETED
                && r.status() != MigrationStatus.UNDONE).count());
        counts.put("pending", count(rows, MigrationStatus.PENDING));
        counts.put("failed", rows.stream().filter(r -> r.status().failed()).count());
        counts.put("with missing file", count(rows, MigrationStatus.MISSING) + count(rows, MigrationStatus.MISSING_FAILED));
        counts.put("out of order", count(rows, MigrationStatus.OUT_OF_ORDER));
        counts.put("ignored", count(rows, MigrationStatus.IGNORED));
        counts.put("outdated", count(rows, MigrationStatus.OUTDATED));
        counts.put("future", count(rows, MigrationStatus.FUTURE) + count(rows, MigrationStatus.FUTURE_FAILED));
        List<String> parts = new ArrayList<>();
        counts.forEach((what, n) -> {
            if (n > 0 || what.equals("applied")) {
                parts.add(n + " " + what);
            }
        });
        if (!changed.isEmpty()) {
            parts.add("checksum changed in " + String.join(", ", changed.stream()
                    .map(c -> c.version() == null ? c.script() : "V" + c.version()).toList()));
        }
        return String.join(", ", parts);
    }

    private static long count(List<MigrationRow> rows, MigrationStatus status) {
        return rows.stream().filter(r -> r.status() == status).count();
    }

    private List<String> configurationWarnings() {
        List<String> warnings = new ArrayList<>();
        if (locations().isEmpty()) {
            warnings.add("No migration folder is set for this profile: showing Flyway's history table only");
        }
        for (String location : locations()) {
            if (location.startsWith("filesystem:")) {
                Path folder = Path.of(location.substring("filesystem:".length()));
                if (!Files.isDirectory(folder)) {
                    warnings.add("Migration folder " + folder + " does not exist: Flyway sees no scripts there");
                }
            }
        }
        return warnings;
    }

    /** The SQL of a migration's script (a pending one, typically), read from its file or the class path. */
    public Optional<String> scriptText(MigrationRow row) throws MigrationException {
        if (row.file() != null && !row.file().startsWith("classpath:")) {
            Path file = Path.of(row.file());
            if (Files.isRegularFile(file)) {
                try {
                    return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new MigrationException("Could not read " + file + ": " + e.getMessage(), e);
                }
            }
        }
        if (row.script() == null) {
            return Optional.empty();
        }
        for (String location : locations()) {
            if (location.startsWith("classpath:")) {
                String folder = location.substring("classpath:".length()).replaceAll("^/+|/+$", "");
                String resource = (folder.isEmpty() ? "" : folder + "/") + row.script();
                try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                    if (in != null) {
                        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    throw new MigrationException("Could not read classpath:" + resource + ": " + e.getMessage(), e);
                }
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- actions

    /**
     * Applies pending migrations, up to {@code target} when given ("7", "2.1"; null or blank for
     * all). Reports progress per migration and stops between migrations when cancelled.
     * Throws {@link MigrationFailedException} when a migration fails or validation blocks it.
     *
     * @param clearance the production guard's consent to migrate this database
     */
    public Job<MigrateOutcome> migrate(String target, Clearance clearance) {
        return migrate(target, clearance, MigrationTimeouts.forMigration(Objects.requireNonNull(clearance, "clearance"), null, null));
    }

    /**
     * As {@link #migrate(String, Clearance)}, with the migration session's lock and statement
     * timeouts: a statement that waits longer for a lock fails, the migration is not applied, and
     * the failure names the sessions that held the lock.
     */
    public Job<MigrateOutcome> migrate(String target, Clearance clearance, MigrationTimeouts timeouts) {
        Objects.requireNonNull(clearance, "clearance").check(GuardedAction.MIGRATE, this.target);
        Objects.requireNonNull(timeouts, "timeouts");
        return context -> runMigrate(context, target == null || target.isBlank() ? null : target.strip(), timeouts);
    }

    private MigrateOutcome runMigrate(JobContext context, String target, MigrationTimeouts timeouts) throws MigrationException {
        MigrationProgress progress = new MigrationProgress(context);
        DataSource session = dataSource;
        if (timeouts.any()) {
            session = Connections.withSessionTimeouts(dataSource, dialect, timeouts.lockTimeout(), timeouts.statementTimeout());
            context.log("Migration session: " + timeouts.describe());
        }
        FluentConfiguration configuration = configure(session).validateOnMigrate(false).callbacks(progress);
        if (target != null) {
            configuration.target(target);
        }
        Flyway flyway = configuration.load();
        context.message("Reading Flyway's history table");
        String from;
        int total;
        ValidateResult validation;
        try {
            MigrationInfoService info = flyway.info();
            from = versionOf(info.current());
            total = info.pending().length;
            context.progress(0, total, ProgressUnit.MIGRATIONS);
            context.checkCancelled();
            context.message("Validating " + total + " pending and the applied migrations");
            validation = flyway.validateWithResult();
        } catch (FlywayException e) {
            throw notStarted(e);
        }
        if (!validation.validationSuccessful) {
            ValidateOutcome blocked = validateOutcome(validation, status());
            throw new MigrationFailedException(new MigrateOutcome(from, from, List.of(), null, blocked, List.of()), null);
        }
        progress.expect(total);
        try {
            MigrateResult result = flyway.migrate();
            String to = result.targetSchemaVersion != null ? result.targetSchemaVersion : from;
            context.progress(total, total, ProgressUnit.MIGRATIONS);
            context.message(result.migrationsExecuted == 0 ? "Nothing to migrate" : "Applied " + result.migrationsExecuted + " migrations");
            return new MigrateOutcome(from, to, progress.applied(), null, null,
                    result.warnings == null ? List.of() : result.warnings);
        } catch (FlywayException e) {
            JobCancelledException cancelled = find(e, JobCancelledException.class);
            if (cancelled != null) {
                context.log("Cancelled after " + progress.applied().size() + " migrations; the rest stay pending");
                throw cancelled;
            }
            FlywayMigrateException failed = find(e, FlywayMigrateException.class);
            if (failed == null && !progress.applied().isEmpty()) {
                throw new MigrationException("Migrate stopped after applying " + progress.applied().size()
                        + " migrations: " + flywayMessage(e), e);
            }
            if (failed == null) {
                throw notStarted(e);
            }
            MigrationFailure failure = failure(failed, progress);
            context.log(failure.inWords());
            String to = progress.applied().isEmpty() ? from : progress.applied().get(progress.applied().size() - 1).version();
            throw new MigrationFailedException(new MigrateOutcome(from, to, progress.applied(), failure, null, List.of()), e);
        }
    }

    /** Flyway refused before running any migration: a non-empty schema without history, a lock, a connection. */
    private MigrationException notStarted(FlywayException e) {
        if (e.getErrorCode() == CoreErrorCode.NON_EMPTY_SCHEMA_WITHOUT_SCHEMA_HISTORY_TABLE) {
            return new MigrationException("Migrate did not start: the schema already has tables but no Flyway history"
                    + " table (" + historyTable() + "). Baseline it at the version its tables match, then migrate.", e);
        }
        return new MigrationException("Migrate did not start: " + flywayMessage(e), e);
    }

    /** Checks applied migrations against the files: edits, missing files, failures, out-of-order ones. Pending ones are fine. */
    public Job<ValidateOutcome> validate() {
        return context -> {
            context.message("Validating migrations against " + historyTable());
            context.progress(0, 1, ProgressUnit.STEPS);
            try {
                ValidateResult result = configure().load().validateWithResult();
                ValidateOutcome outcome = validateOutcome(result, result.validationSuccessful ? null : status());
                context.progress(1, 1, ProgressUnit.STEPS);
                context.message(outcome.summary());
                return outcome;
            } catch (FlywayException e) {
                throw new MigrationException("Could not validate: " + flywayMessage(e), e);
            }
        };
    }

    /** Removes failed rows, realigns checksums with the files, and marks missing ones deleted. */
    public Job<RepairOutcome> repair(Clearance clearance) {
        Objects.requireNonNull(clearance, "clearance").check(GuardedAction.REPAIR, target);
        return context -> {
            context.message("Repairing " + historyTable());
            context.progress(0, 1, ProgressUnit.STEPS);
            try {
                RepairResult result = configure().load().repair();
                List<String> changes = new ArrayList<>();
                for (RepairOutput o : nonNull(result.migrationsRemoved)) {
                    changes.add("Removed the failed row of " + label(o.version, o.description));
                }
                for (RepairOutput o : nonNull(result.migrationsDeleted)) {
                    changes.add("Marked " + label(o.version, o.description) + " as deleted: its file is missing");
                }
                for (RepairOutput o : nonNull(result.migrationsAligned)) {
                    changes.add("Realigned " + label(o.version, o.description) + " with its file"
                            + (o.filepath == null || o.filepath.isBlank() ? "" : " " + o.filepath));
                }
                RepairOutcome outcome = new RepairOutcome(changes);
                changes.forEach(context::log);
                context.progress(1, 1, ProgressUnit.STEPS);
                context.message(outcome.summary());
                return outcome;
            } catch (FlywayException e) {
                throw new MigrationException("Could not repair " + historyTable() + ": " + flywayMessage(e), e);
            }
        };
    }

    /**
     * Starts Flyway's history on a database that already has tables: marks {@code version} as
     * applied, so only later migrations run.
     */
    public Job<BaselineOutcome> baseline(String version, String description, Clearance clearance) {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(clearance, "clearance").check(GuardedAction.BASELINE, target);
        String words = description == null || description.isBlank() ? "Baseline" : description.strip();
        return context -> {
            context.message("Baselining at version " + version);
            context.progress(0, 1, ProgressUnit.STEPS);
            try {
                BaselineResult result = configure().baselineVersion(version.strip()).baselineDescription(words).load().baseline();
                context.progress(1, 1, ProgressUnit.STEPS);
                String summary = result.successfullyBaselined
                        ? "Baselined at version " + result.baselineVersion + ": migrations up to it will not run"
                        : "Nothing done: " + historyTable() + " already has a baseline";
                context.message(summary);
                return new BaselineOutcome(result.successfullyBaselined, result.baselineVersion, words, summary);
            } catch (FlywayException e) {
                throw new MigrationException("Could not baseline at version " + version + ": " + flywayMessage(e)
                        + " (baseline is for a database that has tables but no Flyway history yet)", e);
            }
        };
    }

    // ---------------------------------------------------------------- configuration

    /** Flyway's configuration from the profile's settings; never cleans. */
    FluentConfiguration configure() {
        return configure(dataSource);
    }

    private FluentConfiguration configure(DataSource dataSource) {
        List<String> locations = locations();
        FluentConfiguration configuration = Flyway.configure(FlywayMigrations.class.getClassLoader());
        if (dialect == Dialect.POSTGRESQL) {
            // Flyway's default lock holds a transaction open on its second connection, and
            // CREATE INDEX CONCURRENTLY waits for every open transaction: the migration would hang.
            PostgreSQLConfigurationExtension postgres = configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class);
            if (postgres != null) {
                postgres.setTransactionalLock(false);
            }
        }
        configuration
                .dataSource(dataSource)
                .locations(locations.isEmpty() ? new String[] {NO_LOCATION} : locations.toArray(String[]::new))
                .cleanDisabled(true)
                // Pending migrations are not validation errors; a changed or missing one is.
                .ignoreMigrationPatterns("*:pending", "*:future")
                .placeholders(settings.placeholders());
        if (!settings.schemas().isEmpty()) {
            configuration.schemas(settings.schemas().toArray(String[]::new));
        }
        if (settings.historyTable() != null && !settings.historyTable().isBlank()) {
            configuration.table(settings.historyTable());
        }
        return configuration;
    }

    // ---------------------------------------------------------------- failures in words

    private MigrationFailure failure(FlywayMigrateException failed, MigrationProgress progress) {
        MigrationInfo migration = failed.getMigration();
        FlywaySqlScriptException script = find(failed, FlywaySqlScriptException.class);
        SQLException sql = find(failed, SQLException.class);
        String statement = SqlStatements.forDisplay(script != null ? script.getStatement() : progress.failingStatement());
        int line = script != null ? script.getLineNumber() : failed.getLineNumber();
        String sqlState = sql != null ? sql.getSQLState() : failed.getSqlState();
        int errorCode = sql != null ? sql.getErrorCode() : failed.getSqlErrorCode();
        String message = sql != null ? sql.getMessage() : firstLine(failed.getMessage());
        String file = migration == null ? null : shownLocation(migration.getPhysicalLocation(), migration.getScript());
        if (file == null && failed.getAbsolutePathOnDisk() != null) {
            file = failed.getAbsolutePathOnDisk();
        }
        String version = migration == null || migration.getVersion() == null ? null : migration.getVersion().getVersion();
        String description = migration == null ? "unknown" : migration.getDescription();
        String scriptName = migration == null ? null : migration.getScript();
        String label = version == null ? "Repeatable " + scriptName : "V" + version;

        List<String> ran = progress.statementsBeforeFailure().stream().map(SqlStatements::forDisplay).toList();
        boolean inTransaction = failed.isExecutableInTransaction();
        boolean recordedAsFailed = recordedAsFailed(migration);
        List<String> left;
        String note;
        if (dialect == Dialect.POSTGRESQL) {
            if (inTransaction) {
                left = List.of();
                note = "PostgreSQL rolled " + label + " back: DDL is transactional there, so nothing of this script is left"
                        + " in the database" + (recordedAsFailed ? "." : " and the history table has no row for it.");
            } else {
                left = ran;
                note = label + " ran outside a transaction (Flyway does that for statements such as CREATE INDEX CONCURRENTLY), so "
                        + (left.isEmpty() ? "nothing had run before the failing statement." : "these statements ran before the failure and stay applied:");
            }
        } else {
            String server = progress.mariaDb() ? "MariaDB" : "MySQL";
            left = SqlStatements.committedBeforeFailure(ran);
            note = left.isEmpty()
                    ? "No DDL of " + label + " had run before the failing statement, so " + server
                            + " rolled back what had run and nothing of this script is left."
                    : server + " cannot roll DDL back: each CREATE, ALTER or DROP commits on its own (and everything before it),"
                            + " so these statements of " + label + " ran before the failure and may already have applied:";
        }
        List<String> waitedFor = waitedFor(sqlState, statement);
        StringBuilder next = new StringBuilder();
        if (!left.isEmpty()) {
            next.append("Undo them by hand, or make the script safe to re-run. ");
        }
        if (!waitedFor.isEmpty()) {
            next.append("Let ").append(waitedFor.size() == 1 ? "that session" : "those sessions")
                    .append(" finish or end ").append(waitedFor.size() == 1 ? "it" : "them").append(" (railyard inspect activity)");
        } else if (WAITED.contains(sqlState)) {
            next.append("Find what holds the lock or slows the statement (railyard inspect activity)");
        } else {
            next.append("Fix the script");
        }
        if (recordedAsFailed) {
            next.append(", run repair to remove the failed row Flyway left in ").append(historyTable());
        }
        next.append(", then migrate again.");
        return new MigrationFailure(version, description, scriptName, file, statement, line, sqlState, errorCode,
                message == null ? "unknown error" : firstLine(message), left.isEmpty() && inTransaction,
                left, recordedAsFailed, note, next.toString(), waitedFor);
    }

    /** SQLSTATEs of a statement that gave up waiting for a lock, or was cancelled by statement_timeout. */
    private static final List<String> WAITED = List.of("55P03", "57014");

    /**
     * Who a statement that timed out waited for: the sessions holding locks on its table now (they
     * usually still do, a moment later). Empty when it failed for another reason or nobody is found.
     */
    private List<String> waitedFor(String sqlState, String statement) {
        if (dialect != Dialect.POSTGRESQL || statement == null || !WAITED.contains(sqlState)) {
            return List.of();
        }
        try (java.sql.Connection connection = dataSource.getConnection()) {
            return BlockingSessions.holding(connection, statement, java.time.Duration.ofSeconds(1));
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Could not look up the sessions holding the lock", e);
            return List.of();
        }
    }

    private boolean recordedAsFailed(MigrationInfo migration) {
        if (migration == null) {
            return false;
        }
        try {
            for (MigrationInfo info : configure().load().info().all()) {
                if (Objects.equals(info.getScript(), migration.getScript()) && info.getState().isFailed()) {
                    return true;
                }
            }
        } catch (FlywayException e) {
            return false; // only a hint in the note; the failure itself is already known
        }
        return false;
    }

    private static ValidateOutcome validateOutcome(ValidateResult result, StatusReport status) {
        List<ValidationProblem> problems = new ArrayList<>();
        for (ValidateOutput output : nonNull(result.invalidMigrations)) {
            ErrorCode code = output.errorDetails == null ? null : output.errorDetails.errorCode;
            String message = output.errorDetails == null ? "" : output.errorDetails.errorMessage;
            problems.add(new ValidationProblem(emptyToNull(output.version), emptyToNull(output.description),
                    emptyToNull(output.filepath), kind(code), message));
        }
        if (problems.isEmpty() && !result.validationSuccessful && result.errorDetails != null) {
            problems.add(new ValidationProblem(null, null, null, ValidationProblem.Kind.OTHER, result.errorDetails.errorMessage));
        }
        List<ChangedScript> changed = status == null ? List.of() : status.changedScripts();
        return new ValidateOutcome(result.validationSuccessful, result.validateCount, problems, changed);
    }

    private static ValidationProblem.Kind kind(ErrorCode code) {
        if (!(code instanceof CoreErrorCode core)) {
            return ValidationProblem.Kind.OTHER;
        }
        return switch (core) {
            case CHECKSUM_MISMATCH -> ValidationProblem.Kind.CHECKSUM_CHANGED;
            case DESCRIPTION_MISMATCH -> ValidationProblem.Kind.DESCRIPTION_CHANGED;
            case TYPE_MISMATCH -> ValidationProblem.Kind.TYPE_CHANGED;
            case FAILED_VERSIONED_MIGRATION, FAILED_REPEATABLE_MIGRATION, FAILED_BASELINE_MIGRATION -> ValidationProblem.Kind.FAILED;
            case APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED, APPLIED_REPEATABLE_MIGRATION_NOT_RESOLVED -> ValidationProblem.Kind.FILE_MISSING;
            case RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED, RESOLVED_REPEATABLE_MIGRATION_NOT_APPLIED -> ValidationProblem.Kind.NOT_APPLIED;
            case OUTDATED_REPEATABLE_MIGRATION -> ValidationProblem.Kind.OUTDATED_REPEATABLE;
            default -> ValidationProblem.Kind.OTHER;
        };
    }

    /** Flyway's message without its multi-line detail block, and the server's words when a SQL error is inside. */
    static String flywayMessage(FlywayException e) {
        SQLException sql = find(e, SQLException.class);
        String own = firstLine(e instanceof FlywaySqlException s ? s.getMessage() : e.getMessage());
        if (sql != null && sql.getMessage() != null && !own.contains(sql.getMessage())) {
            return own + " (" + firstLine(sql.getMessage()) + ")";
        }
        return own;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unknown error";
        }
        String stripped = text.strip();
        int newline = stripped.indexOf('\n');
        return (newline < 0 ? stripped : stripped.substring(0, newline)).strip();
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String versionOf(MigrationInfo info) {
        return info == null || info.getVersion() == null ? null : info.getVersion().getVersion();
    }

    private static String label(String version, String description) {
        return (version == null || version.isBlank() ? "repeatable" : "V" + version) + " (" + description + ")";
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
