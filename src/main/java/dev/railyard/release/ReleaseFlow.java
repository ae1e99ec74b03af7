package dev.railyard.release;

import dev.railyard.backup.BackupCatalog;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.BackupService;
import dev.railyard.backup.BackupState.Verification;
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

    private final BackupService backups;

    public ReleaseFlow(BackupService backups) {
        this.backups = Objects.requireNonNull(backups, "backups");
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
