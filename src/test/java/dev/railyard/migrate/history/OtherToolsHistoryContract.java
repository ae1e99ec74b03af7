package dev.railyard.migrate.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each tool's history table, created with the tool's own DDL, read back through
 * {@link OtherToolsHistory}. Runs against PostgreSQL and MariaDB.
 */
abstract class OtherToolsHistoryContract {

    protected Connection connection;
    private OtherToolsHistory history;

    abstract Dialect dialect();

    /** An auto-commit connection to a new, empty database, in UTC. */
    abstract Connection freshDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        connection = freshDatabase();
        history = new OtherToolsHistory(dialect());
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    boolean postgres() {
        return dialect() == Dialect.POSTGRESQL;
    }

    /** A literal for a zone-aware column (timestamptz, MySQL TIMESTAMP/DATETIME in a UTC session). */
    String at(String utc) {
        return postgres() ? "TIMESTAMPTZ '" + utc + "+00'" : "'" + utc + "'";
    }

    /** A literal for a column without zone. */
    String local(String utc) {
        return "'" + utc + "'";
    }

    String q(String identifier) {
        return SqlNames.quote(dialect(), identifier);
    }

    private ToolHistory only(HistoryTool tool) throws Exception {
        HistoryScan scan = history.scan(connection);
        List<ToolHistory> found = scan.histories().stream().filter(h -> h.tool() == tool).toList();
        assertEquals(1, found.size(), "tables found: " + scan.histories().stream().map(ToolHistory::summary).toList());
        assertNull(found.get(0).problem(), found.get(0).summary());
        return found.get(0);
    }

    private static Instant t(String utc) {
        return Instant.parse(utc.replace(' ', 'T') + "Z");
    }

    @Test
    void prismaShowsAppliedFailedAndRolledBackMigrations() throws Exception {
        ToolTables.create(connection, ToolTables.prisma(dialect()));
        ToolTables.run(connection,
                "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)"
                        + " VALUES ('a1', 'c1', " + at("2024-05-01 10:00:01") + ", '20240501100000_init', NULL, NULL, " + at("2024-05-01 10:00:00") + ", 1)",
                "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)"
                        + " VALUES ('a2', 'c2', NULL, '20240601100000_add_orders', 'Database error code: 42P07\nrelation \"orders\" already exists', "
                        + at("2024-06-02 09:00:00") + ", " + at("2024-06-01 10:00:00") + ", 0)",
                "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)"
                        + " VALUES ('a3', 'c3', NULL, '20240701100000_add_index', 'Database error code: 1061\nDuplicate key name', NULL, "
                        + at("2024-07-01 10:00:00") + ", 0)");

        List<HistoryEntry> entries = only(HistoryTool.PRISMA).entries();
        assertEquals(List.of("20240501100000_init", "20240601100000_add_orders", "20240701100000_add_index"),
                entries.stream().map(HistoryEntry::name).toList());
        assertEquals(List.of(EntryStatus.SUCCEEDED, EntryStatus.ROLLED_BACK, EntryStatus.FAILED),
                entries.stream().map(HistoryEntry::status).toList());
        assertEquals(t("2024-05-01 10:00:01"), entries.get(0).when(), "finished_at is when it was applied");
        assertEquals("20240501100000", entries.get(0).version());
        assertEquals("c1", entries.get(0).checksum());
        assertEquals("1 step", entries.get(0).detail());
        assertEquals("Database error code: 1061", entries.get(2).detail());
        assertEquals(t("2024-07-01 10:00:00"), entries.get(2).when(), "a failed one has only started_at");
    }

    @Test
    void drizzleTableIsReadWithTheJournalTimeAndHash() throws Exception {
        ToolTables.create(connection, ToolTables.drizzle(dialect()));
        String table = postgres() ? "\"drizzle\".\"__drizzle_migrations\"" : "`__drizzle_migrations`";
        ToolTables.run(connection,
                "insert into " + table + " (" + q("hash") + ", " + q("created_at") + ") values ('" + "ab".repeat(32) + "', 1714557600000)",
                "insert into " + table + " (" + q("hash") + ", " + q("created_at") + ") values ('" + "cd".repeat(32) + "', 1717236000000)");

        ToolHistory drizzle = only(HistoryTool.DRIZZLE);
        assertEquals(postgres() ? "drizzle.__drizzle_migrations" : drizzle.table().schema() + ".__drizzle_migrations",
                drizzle.table().displayName());
        assertEquals(List.of(Instant.ofEpochMilli(1714557600000L), Instant.ofEpochMilli(1717236000000L)),
                drizzle.entries().stream().map(HistoryEntry::when).toList());
        assertEquals("1714557600000", drizzle.entries().get(0).version());
        assertEquals("ab".repeat(32), drizzle.entries().get(0).checksum());
    }

    @Test
    void knexBatchesAreReadAndALeftoverLockIsNoted() throws Exception {
        ToolTables.create(connection, ToolTables.knex(dialect()));
        String insert = "insert into " + q("knex_migrations") + " (" + q("name") + ", " + q("batch") + ", " + q("migration_time") + ") values ";
        ToolTables.run(connection,
                insert + "('20240501_create_users.js', 1, " + at("2024-05-01 10:00:00") + ")",
                insert + "('20240601_create_orders.js', 2, " + at("2024-06-01 10:00:00") + ")",
                "update " + q("knex_migrations_lock") + " set " + q("is_locked") + " = 1");

        HistoryScan scan = history.scan(connection);
        ToolHistory knex = scan.of(HistoryTool.KNEX).orElseThrow();
        assertEquals(List.of("20240501_create_users.js", "20240601_create_orders.js"), knex.entries().stream().map(HistoryEntry::name).toList());
        assertEquals(List.of("batch 1", "batch 2"), knex.entries().stream().map(HistoryEntry::detail).toList());
        assertEquals(t("2024-06-01 10:00:00"), knex.entries().get(1).when());
        assertEquals(1, scan.histories().size(), "the lock table is a companion, not a history");
        assertTrue(scan.notes().get(0).startsWith("Knex's migrations are locked"), scan.notes().toString());
    }

    @Test
    void sequelizeMetaNamesGiveTheTimeOfTheirFile() throws Exception {
        ToolTables.create(connection, ToolTables.sequelize(dialect()));
        ToolTables.run(connection, "INSERT INTO " + q("SequelizeMeta") + " (" + q("name") + ") VALUES ('20240501100000-create-user.js'), ('seed-admin.js')");

        List<HistoryEntry> entries = only(HistoryTool.SEQUELIZE).entries();
        assertEquals(List.of("20240501100000-create-user.js", "seed-admin.js"), entries.stream().map(HistoryEntry::name).toList());
        assertEquals(t("2024-05-01 10:00:00"), entries.get(0).when());
        assertNull(entries.get(1).when());
    }

    @Test
    void typeormMigrationsAreFoundUnderEitherName() throws Exception {
        ToolTables.create(connection, ToolTables.typeorm(dialect(), "typeorm_migrations"));
        ToolTables.run(connection, "INSERT INTO " + q("typeorm_migrations") + " (" + q("timestamp") + ", " + q("name") + ")"
                + " VALUES (1714557600000, 'CreateUsers1714557600000'), (1717236000000, 'AddOrders1717236000000')");

        List<HistoryEntry> entries = only(HistoryTool.TYPEORM).entries();
        assertEquals(List.of("CreateUsers1714557600000", "AddOrders1717236000000"), entries.stream().map(HistoryEntry::name).toList());
        assertEquals(Instant.ofEpochMilli(1717236000000L), entries.get(1).when());
    }

    @Test
    void alembicShowsItsCurrentRevisionOnly() throws Exception {
        ToolTables.create(connection, ToolTables.alembic(dialect()));
        ToolTables.run(connection, "INSERT INTO alembic_version (version_num) VALUES ('ae1027a6acf')");

        List<HistoryEntry> entries = only(HistoryTool.ALEMBIC).entries();
        assertEquals(1, entries.size());
        assertEquals("ae1027a6acf", entries.get(0).version());
        assertNull(entries.get(0).when());
    }

    @Test
    void djangoMigrationsAreNamedByApp() throws Exception {
        ToolTables.create(connection, ToolTables.django(dialect()));
        String insert = "INSERT INTO " + q("django_migrations") + " (" + q("app") + ", " + q("name") + ", " + q("applied") + ") VALUES ";
        ToolTables.run(connection,
                insert + "('contenttypes', '0001_initial', " + at("2024-05-01 10:00:00.123456") + ")",
                insert + "('auth', '0001_initial', " + at("2024-05-01 10:00:01") + ")");

        List<HistoryEntry> entries = only(HistoryTool.DJANGO).entries();
        assertEquals(List.of("contenttypes.0001_initial", "auth.0001_initial"), entries.stream().map(HistoryEntry::name).toList());
        assertEquals(t("2024-05-01 10:00:00.123456"), entries.get(0).when());
        assertEquals("0001", entries.get(1).version());
    }

    @Test
    void railsVersionsGiveTheirTimeAndTheEnvironmentIsNoted() throws Exception {
        ToolTables.create(connection, ToolTables.rails(dialect()));
        ToolTables.run(connection,
                "INSERT INTO " + q("schema_migrations") + " (" + q("version") + ") VALUES ('20240501100000'), ('20240601100000')",
                "INSERT INTO " + q("ar_internal_metadata") + " (" + q("key") + ", " + q("value") + ", " + q("created_at") + ", " + q("updated_at") + ")"
                        + " VALUES ('environment', 'production', " + local("2024-05-01 10:00:00") + ", " + local("2024-05-01 10:00:00") + ")");

        HistoryScan scan = history.scan(connection);
        ToolHistory rails = scan.of(HistoryTool.RAILS).orElseThrow();
        assertEquals(List.of(t("2024-05-01 10:00:00"), t("2024-06-01 10:00:00")), rails.entries().stream().map(HistoryEntry::when).toList());
        assertTrue(scan.notes().stream().anyMatch(n -> n.endsWith(": production")), scan.notes().toString());
        assertTrue(scan.of(HistoryTool.GOLANG_MIGRATE).isEmpty());
    }

    @Test
    void golangMigrateDirtyVersionIsAFailure() throws Exception {
        ToolTables.create(connection, ToolTables.golangMigrate(dialect()));
        ToolTables.run(connection, "INSERT INTO " + q("schema_migrations") + " (version, dirty) VALUES (20240601100000, true)");

        List<HistoryEntry> entries = only(HistoryTool.GOLANG_MIGRATE).entries();
        assertEquals(1, entries.size());
        assertEquals(EntryStatus.FAILED, entries.get(0).status());
        assertTrue(entries.get(0).detail().startsWith("dirty"), entries.get(0).detail());
        assertEquals(t("2024-06-01 10:00:00"), entries.get(0).when());
        assertTrue(history.scan(connection).of(HistoryTool.RAILS).isEmpty(), "golang-migrate's table taken for Rails'");
    }

    @Test
    void liquibaseExecTypesBecomeStatusesAndAHeldLockIsNoted() throws Exception {
        ToolTables.create(connection, ToolTables.liquibase(dialect()));
        String table = postgres() ? "public.databasechangelog" : "DATABASECHANGELOG";
        String insert = "INSERT INTO " + table + " (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, MD5SUM, "
                + (postgres() ? "DESCRIPTION" : "`DESCRIPTION`") + ", COMMENTS, TAG, LIQUIBASE, DEPLOYMENT_ID) VALUES ";
        ToolTables.run(connection,
                insert + "('1', 'alice', 'db/changelog.xml', " + local("2024-05-01 10:00:00") + ", 1, 'EXECUTED', '9:abc', 'createTable tableName=users', '', NULL, '4.29.2', '4557600000')",
                insert + "('2', 'bob', 'db/changelog.xml', " + local("2024-05-01 10:00:01") + ", 2, 'MARK_RAN', '9:def', 'sql', '', 'v1', '4.29.2', '4557600000')",
                insert + "('3', 'bob', 'db/changelog.xml', " + local("2024-05-01 10:00:02") + ", 3, 'FAILED', '9:123', 'sql', '', NULL, '4.29.2', '4557600000')",
                insert + "('4', 'carol', 'db/views.xml', " + local("2024-05-01 10:00:03") + ", 4, 'RERAN', '9:456', 'createView', '', NULL, '4.29.2', '4557600000')",
                insert + "('5', 'carol', 'db/views.xml', " + local("2024-05-01 10:00:04") + ", 5, 'SKIPPED', '9:789', 'sql', '', NULL, '4.29.2', '4557600000')",
                "UPDATE " + (postgres() ? "public.databasechangeloglock SET LOCKED = TRUE" : "DATABASECHANGELOGLOCK SET `LOCKED` = 1")
                        + ", LOCKEDBY = 'ci-runner (10.0.0.5)', LOCKGRANTED = " + local("2024-05-01 10:00:00") + " WHERE ID = 1");

        HistoryScan scan = history.scan(connection);
        List<HistoryEntry> entries = scan.of(HistoryTool.LIQUIBASE).orElseThrow().entries();
        assertEquals(List.of(EntryStatus.SUCCEEDED, EntryStatus.SUCCEEDED, EntryStatus.FAILED, EntryStatus.SUCCEEDED, EntryStatus.UNKNOWN),
                entries.stream().map(HistoryEntry::status).toList());
        assertEquals("1 by alice", entries.get(0).name());
        assertEquals("9:abc", entries.get(0).checksum());
        assertEquals(t("2024-05-01 10:00:00"), entries.get(0).when());
        assertTrue(entries.get(1).detail().startsWith("marked as ran without executing; db/changelog.xml; sql"), entries.get(1).detail());
        assertTrue(entries.get(1).detail().endsWith("tag v1"), entries.get(1).detail());
        assertTrue(entries.get(4).detail().startsWith("skipped"), entries.get(4).detail());
        assertTrue(scan.notes().stream().anyMatch(n -> n.startsWith("Liquibase's lock is held by ci-runner (10.0.0.5) since 2024-05-01T10:00:00Z")),
                scan.notes().toString());
    }

    @Test
    void handRolledTablesAreRecognisedByTheirColumns() throws Exception {
        ToolTables.create(connection, ToolTables.handRolledMigrations(dialect()));
        ToolTables.create(connection, ToolTables.handRolledHistory(dialect()));
        ToolTables.run(connection,
                "insert into migrations (filename, checksum, executed_at) values ('001_users.sql', 'x', " + at("2024-05-01 10:00:00") + ")",
                "insert into migration_history (migration_name, applied_at, checksum, status) values"
                        + " ('001_init', " + local("2024-05-01 09:00:00") + ", NULL, 'success'),"
                        + " ('002_orders', " + local("2024-05-02 09:00:00") + ", NULL, 'failed'),"
                        + " ('003_undo', " + local("2024-05-03 09:00:00") + ", NULL, 'rolled_back')");

        Map<String, ToolHistory> byTable = history.scan(connection).histories().stream()
                .collect(Collectors.toMap(h -> h.table().name(), Function.identity()));
        assertEquals(HistoryTool.HAND_ROLLED, byTable.get("migrations").tool());
        assertEquals("001_users.sql", byTable.get("migrations").entries().get(0).name());
        assertEquals("x", byTable.get("migrations").entries().get(0).checksum());
        assertEquals(t("2024-05-01 10:00:00"), byTable.get("migrations").entries().get(0).when());
        assertEquals(List.of(EntryStatus.SUCCEEDED, EntryStatus.FAILED, EntryStatus.ROLLED_BACK),
                byTable.get("migration_history").entries().stream().map(HistoryEntry::status).toList());
    }

    @Test
    void emptyTablesAreFoundAsTheirToolWithNoEntries() throws Exception {
        ToolTables.create(connection, ToolTables.prisma(dialect()));
        ToolTables.create(connection, ToolTables.drizzle(dialect()));
        ToolTables.create(connection, ToolTables.knex(dialect()));
        ToolTables.create(connection, ToolTables.sequelize(dialect()));
        ToolTables.create(connection, ToolTables.typeorm(dialect(), "migrations"));
        ToolTables.create(connection, ToolTables.alembic(dialect()));
        ToolTables.create(connection, ToolTables.django(dialect()));
        ToolTables.create(connection, ToolTables.rails(dialect()));
        ToolTables.create(connection, ToolTables.liquibase(dialect()));
        ToolTables.create(connection, ToolTables.handRolledHistory(dialect()));
        ToolTables.run(connection, "create table data_migration_jobs (id int primary key, payload text)");

        HistoryScan scan = history.scan(connection);
        assertEquals(List.of(HistoryTool.PRISMA, HistoryTool.DRIZZLE, HistoryTool.KNEX, HistoryTool.SEQUELIZE, HistoryTool.TYPEORM,
                        HistoryTool.ALEMBIC, HistoryTool.DJANGO, HistoryTool.RAILS, HistoryTool.LIQUIBASE, HistoryTool.HAND_ROLLED).stream()
                        .sorted().toList(),
                scan.tools().stream().sorted().toList(), "data_migration_jobs is not a history table");
        assertTrue(scan.histories().stream().allMatch(h -> h.entries().isEmpty() && h.problem() == null),
                scan.histories().stream().map(ToolHistory::summary).toList().toString());
        assertTrue(scan.notes().isEmpty(), scan.notes().toString());
        assertTrue(scan.histories().stream().map(ToolHistory::summary).allMatch(s -> s.endsWith(": empty")));
    }
}
