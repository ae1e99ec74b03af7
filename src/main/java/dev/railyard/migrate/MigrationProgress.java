package dev.railyard.migrate;

import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Flyway callback that turns migrate's events into job progress, stops between migrations
 * when the job is cancelled, and remembers which statements of the current script ran, so a
 * failure on MySQL can say what may already have applied. Flyway calls it on the job's thread.
 */
final class MigrationProgress implements Callback {

    private final JobContext context;
    private final List<AppliedMigration> applied = new ArrayList<>();
    private final List<String> statementsOfCurrent = new ArrayList<>();
    private String failingStatement;
    private int total = -1;
    private long startedNanos;
    private boolean mariaDb;

    MigrationProgress(JobContext context) {
        this.context = context;
    }

    void expect(int total) {
        this.total = total;
    }

    @Override
    public boolean supports(Event event, Context flyway) {
        return switch (event) {
            case BEFORE_MIGRATE, BEFORE_EACH_MIGRATE, AFTER_EACH_MIGRATE, AFTER_EACH_MIGRATE_ERROR,
                 AFTER_EACH_MIGRATE_STATEMENT, AFTER_EACH_MIGRATE_STATEMENT_ERROR -> true;
            default -> false;
        };
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context flyway) {
        return true; // reads nothing from the database but metadata
    }

    @Override
    public void handle(Event event, Context flyway) {
        switch (event) {
            case BEFORE_MIGRATE -> mariaDb = isMariaDb(flyway);
            case BEFORE_EACH_MIGRATE -> {
                // Between two migrations: the previous one is committed, this one has not started.
                context.checkCancelled();
                statementsOfCurrent.clear();
                failingStatement = null;
                startedNanos = System.nanoTime();
                MigrationInfo m = flyway.getMigrationInfo();
                String position = total > 0 ? " (" + (applied.size() + 1) + " of " + total + ")" : "";
                context.message("Applying " + label(m) + position);
            }
            case AFTER_EACH_MIGRATE_STATEMENT -> {
                if (flyway.getStatement() != null) {
                    statementsOfCurrent.add(flyway.getStatement().getSql());
                }
            }
            case AFTER_EACH_MIGRATE_STATEMENT_ERROR -> {
                if (flyway.getStatement() != null) {
                    failingStatement = flyway.getStatement().getSql();
                }
            }
            case AFTER_EACH_MIGRATE -> {
                MigrationInfo m = flyway.getMigrationInfo();
                int millis = (int) ((System.nanoTime() - startedNanos) / 1_000_000);
                applied.add(new AppliedMigration(m.getVersion() == null ? null : m.getVersion().getVersion(),
                        m.getDescription(), m.getScript(), millis));
                context.log("Applied " + label(m) + " in " + millis + " ms");
                context.progress(applied.size(), Math.max(total, applied.size()), ProgressUnit.MIGRATIONS);
            }
            case AFTER_EACH_MIGRATE_ERROR -> context.log("Failed: " + label(flyway.getMigrationInfo()));
            default -> { }
        }
    }

    @Override
    public String getCallbackName() {
        return "railyard-progress";
    }

    List<AppliedMigration> applied() {
        return List.copyOf(applied);
    }

    /** Statements of the failed script that completed before the failing one. */
    List<String> statementsBeforeFailure() {
        return List.copyOf(statementsOfCurrent);
    }

    String failingStatement() {
        return failingStatement;
    }

    boolean mariaDb() {
        return mariaDb;
    }

    private static boolean isMariaDb(Context flyway) {
        try {
            String version = flyway.getConnection().getMetaData().getDatabaseProductVersion();
            return version != null && version.toLowerCase(Locale.ROOT).contains("mariadb");
        } catch (SQLException e) {
            return false;
        }
    }

    private static String label(MigrationInfo m) {
        if (m == null) {
            return "migration";
        }
        return (m.getVersion() == null ? "repeatable" : "V" + m.getVersion().getVersion()) + " — " + m.getDescription();
    }
}
