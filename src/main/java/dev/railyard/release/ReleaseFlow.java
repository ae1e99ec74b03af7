package dev.railyard.release;

import dev.railyard.backup.BackupCatalog;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.BackupService;
import dev.railyard.backup.BackupState;
import dev.railyard.backup.BackupState.Verification;
import dev.railyard.backup.DeepVerifier;
import dev.railyard.backup.MigrationHead;
import dev.railyard.db.Connections;
import dev.railyard.db.Endpoint;
import dev.railyard.profile.EnvironmentTag;
import dev.railyard.task.JobContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.railyard.backup.CatalogEntry;
import dev.railyard.backup.Compression;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.migrate.FlywayMigrations;
import dev.railyard.migrate.MigrateOutcome;
import dev.railyard.migrate.MigrationException;
import dev.railyard.migrate.MigrationFailedException;
import dev.railyard.migrate.MigrationRow;
import dev.railyard.migrate.MigrationTimeouts;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.Job;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Back up, verify the backup, then migrate: the one flow behind the window's "Back up, then
 * migrate" and {@code railyard release}. It runs only with the production guard's clearance to
 * release to the profile's database, and migrates only after the backup passed its check.
 */
public final class ReleaseFlow {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseFlow.class);

    private final BackupService backups;
    private final DeepVerifier deepVerifier;

    public ReleaseFlow(BackupService backups) {
        this(backups, null);
    }

    /** @param deepVerifier restores a backup into a local server to check it; null when only quick checks are made */
    public ReleaseFlow(BackupService backups, DeepVerifier deepVerifier) {
        this.backups = Objects.requireNonNull(backups, "backups");
        this.deepVerifier = deepVerifier;
    }

    /**
     * Back up, verify the backup (deeply when {@code deep}), then run the profile's own migrator
     * with the database's address in its environment. The migrator runs only when the check passed.
     * The backup's state records the command, its exit code and the migration heads before and
     * after. Lines the command writes go to the job's log and to {@code output}.
     *
     * @param clearance the guard's consent to release to this database
     */
    public Job<CommandReleaseResult> backUpThenRun(ConnectionProfile profile, String password, MigratorCommand command,
                                                   boolean deep, String notePrefix, Clearance clearance,
                                                   Consumer<String> output) {
        Objects.requireNonNull(clearance, "clearance").check(GuardedAction.RELEASE, profile);
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(output, "output");
        if (deep && deepVerifier == null) {
            throw new IllegalStateException("A deep check was asked for without a deep verifier");
        }
        try {
            command.checkHoldsNoSecret(password);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ". Nothing was backed up or run.", e);
        }
        return context -> {
            context.message("1/3 Backing up " + profile.name() + " before: " + command.command());
            BackupOptions options = BackupOptions.defaults().withCompression(Compression.ZSTD)
                    .withNote(notePrefix + ": " + command.command());
            BackupResult backup = backups.create(profile, password, BackupService.CreateRequest.intoCatalog(options))
                    .run(context);
            CatalogEntry entry = backups.catalog().require(BackupCatalog.idOf(backup.file()));
            String headBefore = entry.manifest().migrationHead();

            context.message("2/3 Verifying " + entry.id() + (deep ? " (deep)" : ""));
            Verification verification = backups.catalog().verifyQuick(entry, context);
            if (verification.passed() && deep) {
                verification = deepVerifier.verify(backups.catalog().require(entry.id()), context);
            }
            if (!verification.passed()) {
                return new CommandReleaseResult(entry, verification, null, headBefore, null, "The backup " + entry.id()
                        + " did not pass its check (" + verification.detail() + "); the migrator was not run.", null);
            }

            context.checkCancelled();
            context.message("3/3 Running " + command.command());
            Endpoint endpoint = Endpoint.forSessionWork(profile);
            int exit = command.run(endpoint, password, context, output);
            String headAfter = readHead(endpoint, password, context).orElse(null);
            backups.catalog().recordRelease(entry, new BackupState.ReleaseRun(command.command(), exit, headBefore,
                    headAfter, Instant.now()));
            String heads = headBefore == null && headAfter == null ? ""
                    : " Migration head: " + (headBefore == null ? "none" : headBefore) + " -> "
                    + (headAfter == null ? "unknown" : headAfter) + ".";
            if (exit != 0) {
                String restore = restoreCommand(profile, entry);
                return new CommandReleaseResult(entry, verification, exit, headBefore, headAfter,
                        "The migration command failed with exit code " + exit + "." + heads + " The backup taken before it is "
                                + entry.id() + "; to put the database back: " + restore, restore);
            }
            return new CommandReleaseResult(entry, verification, exit, headBefore, headAfter, "Backed up as "
                    + entry.id() + ", verified (" + verification.label() + "), then ran the migration command (exit 0)."
                    + heads, null);
        };
    }

    /**
     * The restore that puts {@code profile}'s database back as the backup has it: over the same
     * database, dropping what the backup creates first (the restore backs the target up first).
     */
    public static String restoreCommand(ConnectionProfile profile, CatalogEntry entry) {
        return "railyard backup restore " + entry.id() + " --to-profile " + profile.name() + " --clean"
                + (profile.environment() == EnvironmentTag.PRODUCTION ? " --confirm " + profile.database() : "");
    }

    /** The head after the migrator, from its history table; empty when none is readable (logged, not thrown). */
    private static Optional<String> readHead(Endpoint endpoint, String password, JobContext context) {
        try (Connection connection = Connections.open(endpoint, password, Connections.Purpose.ADMIN)) {
            return MigrationHead.read(connection, endpoint.dialect());
        } catch (SQLException e) {
            LOG.debug("Could not read the migration head after the migrator", e);
            context.log("The migration head after the command could not be read: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * @param profile   the profile to back up and migrate
     * @param password  its password (null when the server needs none)
     * @param flyway    its migrations, on its session-work address
     * @param target    the version to migrate up to; null for every pending one
     * @param notePrefix what the backup's note starts with ("before release")
     * @param clearance the guard's consent to release to this database
     */
    public Job<ReleaseResult> backUpThenMigrate(ConnectionProfile profile, String password, FlywayMigrations flyway,
                                                String target, String notePrefix, Clearance clearance) {
        return backUpThenMigrate(profile, password, flyway, target, notePrefix, clearance,
                MigrationTimeouts.forMigration(Objects.requireNonNull(clearance, "clearance"), null, null));
    }

    /** As above, with the migration session's lock and statement timeouts. */
    public Job<ReleaseResult> backUpThenMigrate(ConnectionProfile profile, String password, FlywayMigrations flyway,
                                                String target, String notePrefix, Clearance clearance,
                                                MigrationTimeouts timeouts) {
        Objects.requireNonNull(clearance, "clearance").check(GuardedAction.RELEASE, profile);
        Objects.requireNonNull(timeouts, "timeouts");
        clearance.check(GuardedAction.MIGRATE, flyway.target());
        return context -> {
            List<MigrationRow> pending = flyway.status().pending();
            String pendingText = pending.isEmpty() ? "nothing pending"
                    : "pending " + pending.stream().map(MigrationRow::label).collect(Collectors.joining(", "));

            context.message("1/3 Backing up " + profile.name() + " (" + pendingText + ")");
            BackupOptions options = BackupOptions.defaults().withCompression(Compression.ZSTD)
                    .withNote(notePrefix + ": " + pendingText);
            BackupResult backup = backups.create(profile, password, BackupService.CreateRequest.intoCatalog(options))
                    .run(context);
            CatalogEntry entry = backups.catalog().require(BackupCatalog.idOf(backup.file()));

            context.message("2/3 Verifying " + entry.id());
            Verification verification = backups.catalog().verifyQuick(entry, context);
            if (!verification.passed()) {
                return new ReleaseResult(entry, verification, null, "The backup " + entry.id() + " failed its check ("
                        + verification.detail() + "); nothing was migrated.", null);
            }

            context.checkCancelled();
            context.message("3/3 Migrating (" + pendingText + ")");
            MigrateOutcome outcome;
            try {
                outcome = flyway.migrate(target, clearance, timeouts).run(context);
            } catch (MigrationFailedException e) {
                outcome = e.outcome();
            } catch (MigrationException e) {
                return new ReleaseResult(entry, verification, null, sentence(e.getMessage())
                        + " Nothing was migrated; the backup " + entry.id() + " is in the catalog.", null);
            }
            if (!outcome.succeeded()) {
                return new ReleaseResult(entry, verification, outcome, outcome.summary(), entry);
            }
            return new ReleaseResult(entry, verification, outcome, "Backed up as " + entry.id() + ", verified, then "
                    + lowerFirst(outcome.summary()), null);
        };
    }

    /** A message that ends a sentence before the next one starts ("… CREATE SCHEMA shop. Nothing was…"). */
    static String sentence(String text) {
        String t = text == null ? "" : text.strip();
        return t.isEmpty() || t.matches("(?s).*[.!?:]$") ? t : t + ".";
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
