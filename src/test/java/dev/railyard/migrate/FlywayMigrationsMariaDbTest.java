package dev.railyard.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.guard.GuardedAction;
import dev.railyard.support.Guards;
import com.mysql.cj.jdbc.MysqlDataSource;
import dev.railyard.db.Dialect;
import dev.railyard.profile.MigrationSettings;
import dev.railyard.support.MysqlServer;
import dev.railyard.task.JobCancelledException;
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
class FlywayMigrationsMariaDbTest {

    private static final MysqlServer MARIADB = MysqlServer.shared();

    @TempDir
    Path temp;

    private MigrationFolder folder;
    private DataSource dataSource;
    private FlywayMigrations flyway;

    @BeforeEach
    void freshDatabase() {
        folder = new MigrationFolder(temp.resolve("db"));
        MysqlDataSource source = new MysqlDataSource();
        source.setURL(MARIADB.jdbcUrl(MARIADB.createDatabase("flyway")));
        dataSource = source;
        flyway = new FlywayMigrations(dataSource, Guards.target(Dialect.MYSQL),
                new MigrationSettings(List.of(folder.dir.toString()), List.of(), null, Map.of(), null));
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean tableExists(String name) throws SQLException {
        return count("select count(*) from information_schema.tables where table_schema = database() and table_name = '" + name + "'") == 1;
    }

    private MigrationRow row(StatusReport report, String version) {
        return report.rows().stream().filter(r -> version.equals(r.version())).findFirst().orElseThrow();
    }

    private void threeMigrations() {
        folder.write("V1__create_customers.sql", "create table customers (id bigint primary key, name varchar(100));\n");
        folder.write("V2__create_orders.sql", "create table orders (id bigint primary key, customer_id bigint);\n");
        folder.write("V3__index_orders.sql", "create index orders_customer on orders (customer_id);\n");
    }

    @Test
    void pendingMigrationsBecomeApplied() throws Exception {
        threeMigrations();
        assertEquals("0 applied, 3 pending", flyway.status().summary());

        RecordingContext context = new RecordingContext();
        MigrateOutcome outcome = flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(context);

        assertEquals(List.of("1", "2", "3"), outcome.applied().stream().map(AppliedMigration::version).toList());
        StatusReport status = flyway.status();
        assertEquals("3 applied", status.summary());
        assertEquals(MigrationStatus.SUCCESS, row(status, "3").status());
        assertEquals("root", row(status, "3").installedBy());
        assertTrue(tableExists("orders"));
    }

    @Test
    void failedMigrationListsTheStatementsThatMayAlreadyHaveApplied() throws Exception {
        folder.write("V1__create_customers.sql", "create table customers (id bigint primary key);\n");
        Path v2 = folder.write("V2__orders.sql", """
                create table orders (id bigint primary key);
                insert into orders values (1);
                -- the index commits everything before it on MariaDB
                create index orders_id on orders (id);
                insert into orders values (2);
                insert into order_lines select id from orders;
                create table never_reached (id int);
                """);

        MigrationFailedException e = assertThrows(MigrationFailedException.class,
                () -> flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(new RecordingContext()));

        MigrationFailure failure = e.outcome().failure();
        assertEquals("2", failure.version());
        assertEquals(v2.toString(), failure.file());
        assertEquals("insert into order_lines select id from orders", FlywayMigrationsPostgresTest.statement(failure.statement()));
        assertEquals(6, failure.lineNumber());
        assertEquals("42S02", failure.sqlState());
        assertEquals(1146, failure.errorCode());
        assertTrue(failure.serverMessage().contains("order_lines' doesn't exist"), failure.serverMessage());
        assertFalse(failure.rolledBack());
        assertEquals(List.of("create table orders (id bigint primary key)", "insert into orders values (1)",
                        "create index orders_id on orders (id)"),
                failure.mayHaveApplied().stream().map(FlywayMigrationsPostgresTest::statement).toList());
        assertTrue(failure.note().startsWith("MariaDB cannot roll DDL back"), failure.note());
        assertTrue(failure.inWords().contains("  - create index orders_id on orders (id)"), failure.inWords());

        assertTrue(tableExists("orders"), "MariaDB kept the DDL that ran before the failure");
        assertFalse(tableExists("never_reached"));
        assertEquals(1, count("select count(*) from orders"), "the insert after the last DDL was rolled back");

        StatusReport status = flyway.status();
        assertTrue(failure.recordedAsFailed(), "Flyway keeps a failed row where DDL cannot roll back");
        assertEquals(MigrationStatus.FAILED, row(status, "2").status());
        assertEquals("1 applied, 1 failed", status.summary());
        assertTrue(failure.nextStep().contains("run repair to remove the failed row"), failure.nextStep());
        RepairOutcome repair = flyway.repair(Guards.clear(GuardedAction.REPAIR, flyway.target())).run(new RecordingContext());
        assertEquals(List.of("Removed the failed row of V2 (orders)"), repair.changes());
        assertEquals(MigrationStatus.PENDING, row(flyway.status(), "2").status());
    }

    @Test
    void changedFileIsDetectedByValidateAndRepairRealignsIt() throws Exception {
        threeMigrations();
        flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(new RecordingContext());
        Path v1 = folder.write("V1__create_customers.sql", "create table customers (id bigint primary key, name varchar(200));\n");

        assertEquals("3 applied, checksum changed in V1", flyway.status().summary());
        ValidateOutcome validation = flyway.validate().run(new RecordingContext());
        assertFalse(validation.valid());
        assertEquals(ValidationProblem.Kind.CHECKSUM_CHANGED, validation.problems().get(0).kind());
        assertEquals(v1.toString(), validation.changedScripts().get(0).file());

        RepairOutcome repair = flyway.repair(Guards.clear(GuardedAction.REPAIR, flyway.target())).run(new RecordingContext());
        assertTrue(repair.changes().get(0).startsWith("Realigned V1 (create customers)"), repair.changes().toString());
        assertTrue(flyway.validate().run(new RecordingContext()).valid());
    }

    @Test
    void baselineOnANonEmptySchemaSkipsMigrationsUpToItsVersion() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table customers (id bigint primary key, name varchar(100))");
        }
        threeMigrations();
        MigrationException unbaselined = assertThrows(MigrationException.class, () -> flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(new RecordingContext()));
        assertTrue(unbaselined.getMessage().startsWith("Migrate did not start: the schema already has tables but no Flyway history"), unbaselined.getMessage());

        BaselineOutcome baseline = flyway.baseline("1", "Existing schema", Guards.clear(GuardedAction.BASELINE, flyway.target())).run(new RecordingContext());
        assertTrue(baseline.baselined());
        MigrateOutcome outcome = flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(new RecordingContext());
        assertEquals(List.of("2", "3"), outcome.applied().stream().map(AppliedMigration::version).toList());
        assertNotNull(flyway.status().rows().stream().filter(r -> r.status() == MigrationStatus.BASELINE).findFirst().orElse(null));
    }

    @Test
    void cancellingStopsBetweenMigrationsWithoutAFailedRow() throws Exception {
        threeMigrations();
        assertThrows(JobCancelledException.class, () -> flyway.migrate(null, Guards.clear(GuardedAction.MIGRATE, flyway.target())).run(RecordingContext.cancellingAfter(1)));
        StatusReport status = flyway.status();
        assertEquals(MigrationStatus.SUCCESS, row(status, "1").status());
        assertEquals(MigrationStatus.PENDING, row(status, "2").status());
        assertTrue(status.failed().isEmpty());
        assertFalse(tableExists("orders"));
    }
}
