package dev.railyard.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.guard.GuardedAction;
import dev.railyard.support.Guards;
import dev.railyard.db.Dialect;
import dev.railyard.profile.MigrationSettings;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.task.JobCancelledException;
import dev.railyard.task.ProgressUnit;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class FlywayMigrationsPostgresTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared();

    @TempDir
    Path temp;

    private MigrationFolder folder;
    private DataSource dataSource;
    private FlywayMigrations flyway;

    @BeforeEach
    void freshDatabase() {
        folder = new MigrationFolder(temp.resolve("db"));
        dataSource = PG.dataSource(PG.createDatabase("flyway"));
        flyway = new FlywayMigrations(dataSource, Guards.target(Dialect.POSTGRESQL), settings(folder.dir));
    }

    private static MigrationSettings settings(Path dir) {
        return new MigrationSettings(List.of(dir.toString()), List.of(), null, Map.of(), null);
    }

    private void threeMigrations() {
        folder.write("V1__create_customers.sql", "create table customers (id bigint primary key, name text);\n");
        folder.write("V2__create_orders.sql", "create table orders (id bigint primary key, customer_id bigint references customers);\n");
        folder.write("V3__index_orders.sql", "create index orders_customer on orders (customer_id);\n");
    }

    private boolean tableExists(String name) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select to_regclass('public." + name + "') is not null")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** A statement as Flyway reported it, without the trailing semicolon Flyway sometimes keeps. */
    static String statement(String sql) {
        return sql.strip().replaceAll(";+$", "");
    }

    private MigrationRow row(StatusReport report, String version) {
        return report.rows().stream().filter(r -> version.equals(r.version())).findFirst().orElseThrow();
    }

    @Test
    void pendingMigrationsBecomeAppliedWithProgressPerMigration() throws Exception {
        threeMigrations();
        StatusReport before = flyway.status();
        assertEquals(3, before.pending().size());
        assertEquals("0 applied, 3 pending", before.summary());
        assertNull(before.currentVersion());
        assertEquals(MigrationStatus.PENDING, row(before, "1").status());

        RecordingContext context = new RecordingContext();
        MigrateOutcome outcome = flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(context);

        assertTrue(outcome.succeeded());
        assertEquals(List.of("1", "2", "3"), outcome.applied().stream().map(AppliedMigration::version).toList());
        assertNull(outcome.fromVersion());
        assertEquals("3", outcome.toVersion());
        assertEquals("Applied 3 migrations: empty -> 3", outcome.summary());
        List<Long> done = context.progress.stream().filter(p -> p.unit() == ProgressUnit.MIGRATIONS && p.total() == 3)
                .map(RecordingContext.Progress::done).distinct().toList();
        assertEquals(List.of(0L, 1L, 2L, 3L), done);
        assertTrue(context.messages.contains("Applying V2 — create orders (2 of 3)"), context.messages.toString());

        StatusReport after = flyway.status();
        assertEquals("3 applied", after.summary());
        assertEquals("3", after.currentVersion());
        MigrationRow v2 = row(after, "2");
        assertEquals(MigrationStatus.SUCCESS, v2.status());
        assertEquals("postgres", v2.installedBy());
        assertNotNull(v2.installedOn());
        assertNotNull(v2.executionMillis());
        assertEquals("SQL", v2.type());
        assertEquals("V2__create_orders.sql", v2.script());
        assertEquals(Tone.OK, v2.status().tone());
        assertTrue(after.healthy());
        assertTrue(tableExists("orders"));
    }

    @Test
    void migrateStopsAtTheTargetVersion() throws Exception {
        threeMigrations();
        MigrateOutcome outcome = flyway.migrate("2", Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(new RecordingContext());
        assertEquals("2", outcome.toVersion());
        StatusReport status = flyway.status();
        assertEquals(MigrationStatus.SUCCESS, row(status, "2").status());
        assertEquals(MigrationStatus.PENDING, row(status, "3").status());
        assertEquals("2 applied, 1 pending", status.summary());
    }

    @Test
    void pendingScriptSqlIsReadFromItsFile() throws Exception {
        threeMigrations();
        MigrationRow pending = row(flyway.status(), "3");
        assertEquals(folder.dir.resolve("V3__index_orders.sql").toString(), pending.file());
        assertEquals("create index orders_customer on orders (customer_id);\n", flyway.scriptText(pending).orElseThrow());
    }

    @Test
    void failingMigrationIsShownWithStatementAndMessageAndPostgresRollsItBack() throws Exception {
        folder.write("V1__create_customers.sql", "create table customers (id bigint primary key);\n");
        Path v2 = folder.write("V2__orders.sql", """
                create table orders (id bigint primary key);

                insert into orders values (1);
                -- this one refers to a table that does not exist
                insert into order_lines select * from orders;
                create table never_reached (id int);
                """);

        MigrationFailedException e = assertThrows(MigrationFailedException.class,
                () -> flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(new RecordingContext()));

        MigrationFailure failure = e.outcome().failure();
        assertNotNull(failure);
        assertEquals(List.of("1"), e.outcome().applied().stream().map(AppliedMigration::version).toList());
        assertEquals("2", failure.version());
        assertEquals(v2.toString(), failure.file());
        assertEquals("insert into order_lines select * from orders", statement(failure.statement()));
        assertEquals(5, failure.lineNumber());
        assertEquals("42P01", failure.sqlState());
        assertEquals("ERROR: relation \"order_lines\" does not exist", failure.serverMessage());
        assertEquals("Fix the script, then migrate again.", failure.nextStep());
        assertTrue(failure.rolledBack());
        assertTrue(failure.mayHaveApplied().isEmpty());
        assertFalse(failure.recordedAsFailed());
        assertTrue(failure.note().startsWith("PostgreSQL rolled V2 back"), failure.note());
        assertTrue(e.getMessage().contains("V2 (orders) failed at line 5"), e.getMessage());

        assertFalse(tableExists("orders"), "the transactional migration left its table behind");
        StatusReport status = flyway.status();
        assertEquals(MigrationStatus.SUCCESS, row(status, "1").status());
        assertEquals(MigrationStatus.PENDING, row(status, "2").status());
    }

    @Test
    void migrationOutsideATransactionSaysWhichStatementsStayApplied() throws Exception {
        folder.write("V1__create_orders.sql", "create table orders (id bigint primary key, placed date);\n");
        folder.write("V2__concurrent_indexes.sql", """
                create index concurrently orders_placed on orders (placed);
                create index concurrently lines_order on order_lines (order_id);
                """);

        MigrationFailedException e = assertThrows(MigrationFailedException.class,
                () -> flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(new RecordingContext()));

        MigrationFailure failure = e.outcome().failure();
        assertFalse(failure.rolledBack());
        assertEquals(List.of("create index concurrently orders_placed on orders (placed)"),
                failure.mayHaveApplied().stream().map(FlywayMigrationsPostgresTest::statement).toList());
        assertTrue(failure.recordedAsFailed());
        assertTrue(failure.nextStep().contains("run repair"), failure.nextStep());
        assertEquals(MigrationStatus.FAILED, row(flyway.status(), "2").status());
        assertEquals("1 applied, 1 failed", flyway.status().summary());

        RepairOutcome repair = flyway.repair(Guards.clear(GuardedAction.REPAIR, flyway.target())).run(new RecordingContext());
        assertEquals(List.of("Removed the failed row of V2 (concurrent indexes)"), repair.changes());
        assertEquals(MigrationStatus.PENDING, row(flyway.status(), "2").status());
    }

    @Test
    void changedFileIsDetectedByStatusAndValidateAndRepairRealignsIt() throws Exception {
        threeMigrations();
        flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(new RecordingContext());
        Path v2 = folder.write("V2__create_orders.sql",
                "create table orders (id bigint primary key, customer_id bigint references customers, note text);\n");

        StatusReport status = flyway.status();
        MigrationRow changed = row(status, "2");
        assertEquals(MigrationStatus.CHANGED, changed.status());
        assertEquals(Tone.DANGER, changed.status().tone());
        assertEquals("3 applied, checksum changed in V2", status.summary());
        assertEquals(1, status.changedScripts().size());
        ChangedScript script = status.changedScripts().get(0);
        assertEquals(v2.toString(), script.file());
        assertFalse(script.appliedChecksum().equals(script.fileChecksum()));
        assertTrue(script.inWords().startsWith("V2 (create orders) changed after it was applied: " + v2), script.inWords());

        ValidateOutcome validation = flyway.validate().run(new RecordingContext());
        assertFalse(validation.valid());
        assertEquals(1, validation.problems().size());
        ValidationProblem problem = validation.problems().get(0);
        assertEquals("2", problem.version());
        assertEquals(ValidationProblem.Kind.CHECKSUM_CHANGED, problem.kind());
        assertTrue(problem.inWords().startsWith("V2 (create orders): checksum changed"), problem.inWords());
        assertTrue(problem.inWords().contains("V2__create_orders.sql"), problem.inWords());
        assertEquals(v2.toString(), validation.changedScripts().get(0).file());

        MigrationFailedException blocked = assertThrows(MigrationFailedException.class,
                () -> flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(new RecordingContext()));
        assertNotNull(blocked.outcome().blockedBy());
        assertNull(blocked.outcome().failure());
        assertTrue(blocked.getMessage().startsWith("Migrate did not start: 1 problem: V2"), blocked.getMessage());

        RepairOutcome repair = flyway.repair(Guards.clear(GuardedAction.REPAIR, flyway.target())).run(new RecordingContext());
        assertTrue(repair.changes().stream().anyMatch(c -> c.startsWith("Realigned V2 (create orders)")), repair.changes().toString());
        assertTrue(flyway.validate().run(new RecordingContext()).valid());
        assertEquals(MigrationStatus.SUCCESS, row(flyway.status(), "2").status());
    }

    @Test
    void pendingMigrationsAreNotValidationProblems() throws Exception {
        threeMigrations();
        ValidateOutcome outcome = flyway.validate().run(new RecordingContext());
        assertTrue(outcome.valid(), outcome.summary());
        assertTrue(outcome.problems().isEmpty());
    }

    @Test
    void deletedFileOfAnAppliedMigrationIsAValidationProblem() throws Exception {
        threeMigrations();
        flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(new RecordingContext());
        folder.delete("V2__create_orders.sql");

        assertEquals(MigrationStatus.MISSING, row(flyway.status(), "2").status());
        ValidateOutcome outcome = flyway.validate().run(new RecordingContext());
        assertFalse(outcome.valid());
        assertEquals(ValidationProblem.Kind.FILE_MISSING, outcome.problems().get(0).kind());
        assertEquals("2", outcome.problems().get(0).version());
    }

    @Test
    void cancellingStopsBetweenMigrationsAndLeavesTheRestPending() throws Exception {
        threeMigrations();
        RecordingContext context = RecordingContext.cancellingAfter(1);
        assertThrows(JobCancelledException.class, () -> flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(context));

        StatusReport status = flyway.status();
        assertEquals(MigrationStatus.SUCCESS, row(status, "1").status());
        assertEquals(MigrationStatus.PENDING, row(status, "2").status());
        assertEquals(MigrationStatus.PENDING, row(status, "3").status());
        assertFalse(tableExists("orders"));
        assertTrue(status.failed().isEmpty(), "cancelling must not leave a failed row");
    }

    @Test
    void baselineOnANonEmptySchemaSkipsMigrationsUpToItsVersion() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table customers (id bigint primary key, name text)");
        }
        threeMigrations();
        MigrationException unbaselined = assertThrows(MigrationException.class,
                () -> flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(new RecordingContext()));
        assertTrue(unbaselined.getMessage().startsWith("Migrate did not start: the schema already has tables but no Flyway history"), unbaselined.getMessage());

        BaselineOutcome baseline = flyway.baseline("1", "Existing schema", Guards.clear(GuardedAction.BASELINE, flyway.target())).run(new RecordingContext());
        assertTrue(baseline.baselined());
        assertEquals("1", baseline.version());
        StatusReport status = flyway.status();
        assertEquals(MigrationStatus.BASELINE, status.rows().stream()
                .filter(r -> "1".equals(r.version()) && r.status() == MigrationStatus.BASELINE).findFirst().orElseThrow().status());
        assertEquals("Existing schema", status.rows().stream()
                .filter(r -> r.status() == MigrationStatus.BASELINE).findFirst().orElseThrow().description());

        MigrateOutcome outcome = flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(new RecordingContext());
        assertEquals(List.of("2", "3"), outcome.applied().stream().map(AppliedMigration::version).toList());
        assertTrue(tableExists("orders"));
    }

    @Test
    void withoutLocationsTheHistoryTableIsShownAsApplied() throws Exception {
        threeMigrations();
        flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(new RecordingContext());

        FlywayMigrations tableOnly = new FlywayMigrations(dataSource, Guards.target(Dialect.POSTGRESQL), MigrationSettings.none());
        StatusReport status = tableOnly.status();
        assertEquals(3, status.rows().size());
        assertTrue(status.rows().stream().allMatch(r -> r.status() == MigrationStatus.SUCCESS), status.rows().toString());
        assertEquals("3 applied", status.summary());
        assertTrue(status.warnings().get(0).startsWith("No migration folder is set"));
    }

    @Test
    void schemasHistoryTableAndPlaceholdersComeFromTheSettings() throws Exception {
        folder.write("V1__table.sql", "create table ${table_name} (id int);\n");
        FlywayMigrations custom = new FlywayMigrations(dataSource, Guards.target(Dialect.POSTGRESQL), new MigrationSettings(
                List.of(folder.dir.toString()), List.of("app"), "schema_history", Map.of("table_name", "widgets"), null));
        custom.migrate(null, Guards.clear(GuardedAction.MIGRATE, custom.target())).run(new RecordingContext());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select to_regclass('app.widgets') is not null, to_regclass('app.schema_history') is not null")) {
            rs.next();
            assertTrue(rs.getBoolean(1), "placeholder not replaced or schema not used");
            assertTrue(rs.getBoolean(2), "history table not where the settings say");
        }
        assertEquals("app.schema_history", custom.historyTable());
    }

    @Test
    void missingFolderIsAWarningNotAnError() throws Exception {
        FlywayMigrations missing = new FlywayMigrations(dataSource, Guards.target(Dialect.POSTGRESQL), settings(temp.resolve("nope")));
        StatusReport status = missing.status();
        assertTrue(status.rows().isEmpty());
        assertTrue(status.warnings().get(0).contains("does not exist"), status.warnings().toString());
    }

    @Test
    void plainFoldersBecomeAbsoluteFilesystemLocationsAndPrefixedOnesStay() {
        assertEquals("classpath:sandbox/migrations", FlywayMigrations.flywayLocation("classpath:sandbox/migrations"));
        assertEquals("filesystem:/srv/db", FlywayMigrations.flywayLocation("filesystem:/srv/db"));
        assertEquals("filesystem:" + Path.of("db/migrations").toAbsolutePath(), FlywayMigrations.flywayLocation("db/migrations"));
    }
}
