package dev.railyard.migrate.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.guard.GuardedAction;
import dev.railyard.migrate.FlywayMigrations;
import dev.railyard.migrate.MigrateOutcome;
import dev.railyard.migrate.MigrationFailedException;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.MigrationSettings;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.Guards;
import dev.railyard.task.JobContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the check tells about Flyway's transactions holds for the Flyway Railyard ships: a script
 * holding only CREATE INDEX CONCURRENTLY runs; one mixing it with other statements is refused;
 * executeInTransaction=false in the script's .conf file makes it run; REINDEX TABLE CONCURRENTLY,
 * which Flyway does not recognise, fails inside its transaction.
 */
class FlywayTransactionModelTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared();

    @TempDir
    Path dir;

    private MigrateOutcome migrate(String script, String sql, String conf) throws Exception {
        String db = PG.createDatabase("flyway_tx");
        Path folder = Files.createDirectories(dir.resolve(db));
        Files.writeString(folder.resolve("V0__items.sql"), "CREATE TABLE items (id int PRIMARY KEY, name text);\n");
        DataSource dataSource = PG.dataSource(db);
        ConnectionProfile target = Guards.target(Dialect.POSTGRESQL);
        FlywayMigrations flyway = new FlywayMigrations(dataSource, target,
                new MigrationSettings(List.of(folder.toString()), List.of(), null, Map.of(), null));
        assertTrue(flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, target)).run(JobContext.silent()).succeeded());
        Files.writeString(folder.resolve(script), sql);
        if (conf != null) {
            Files.writeString(folder.resolve(script + ".conf"), conf);
        }
        try (Connection c = PG.connect(db)) {
            List<PendingScript> pending = List.of(new PendingScript("Flyway", script, folder.resolve(script), sql,
                    PendingMigrations.outsideTransactionByConf(folder.resolve(script)) ? TransactionMode.NONE : TransactionMode.FLYWAY));
            CheckReport report = new MigrationChecker(CheckSettings.defaults()).check(c, db, pending, List.of());
            boolean flagged = report.scripts().get(0).findings().stream().anyMatch(f -> f.rule() == Rule.CONCURRENTLY_IN_TRANSACTION)
                    || report.scripts().get(0).statements().stream().flatMap(s -> s.findings().stream())
                    .anyMatch(f -> f.rule() == Rule.CONCURRENTLY_IN_TRANSACTION);
            MigrateOutcome outcome;
            try {
                outcome = flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, target)).run(JobContext.silent());
            } catch (MigrationFailedException e) {
                outcome = e.outcome();
            } catch (dev.railyard.migrate.MigrationException e) {
                outcome = null; // refused before it started: the mixed script
                assertTrue(e.getMessage().contains("mixed") || e.getMessage().contains("transactional"), e.getMessage());
            }
            boolean succeeded = outcome != null && outcome.succeeded();
            assertEquals(!succeeded, flagged, "the check flags exactly the scripts Flyway cannot run: " + sql + " -> " + outcome);
            return outcome;
        }
    }

    @Test
    void checkAgreesWithFlywayOnWhichScriptsCanRunAConcurrentStatement() throws Exception {
        String index = "CREATE INDEX CONCURRENTLY items_name_idx ON items (name);\n";
        assertTrue(migrate("V1_1__alone.sql", index, null).succeeded());
        migrate("V1_1__mixed.sql", "CREATE TABLE other (id int);\n" + index, null);
        assertTrue(migrate("V1_1__mixed_conf.sql", "CREATE TABLE other (id int);\n" + index, "executeInTransaction=false\n").succeeded());
        migrate("V1_1__reindex.sql", "REINDEX TABLE CONCURRENTLY items;\n", null);
        assertTrue(migrate("V1_1__reindex_conf.sql", "REINDEX TABLE CONCURRENTLY items;\n", "executeInTransaction=false\n").succeeded());
    }

    @Test
    void anInScriptHeaderIsNotReadByThisFlyway() throws Exception {
        // The Flyway Railyard ships reads script configuration from the .conf file beside the script only:
        // a "-- flyway:executeInTransaction=false" header does not change how it runs the script, so the
        // check recommends the .conf file and does not trust the header.
        MigrateOutcome outcome = migrate("V1_1__header.sql",
                "-- flyway:executeInTransaction=false\nCREATE TABLE other (id int);\nCREATE INDEX CONCURRENTLY items_name_idx ON items (name);\n",
                null);
        assertTrue(outcome == null || !outcome.succeeded());
    }

}
