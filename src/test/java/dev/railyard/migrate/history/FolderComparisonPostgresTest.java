package dev.railyard.migrate.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.support.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class FolderComparisonPostgresTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared();

    @TempDir
    Path temp;

    private Connection connection;

    @BeforeEach
    void open() throws Exception {
        connection = PG.connect(PG.createDatabase("folders"));
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    private static String hex(String algorithm, String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Path write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private HistoryScan scan() throws Exception {
        return new OtherToolsHistory(Dialect.POSTGRESQL).scan(connection);
    }

    private static List<FileState> states(FolderComparison comparison) {
        return comparison.files().stream().map(FolderFile::state).toList();
    }

    private void prismaRow(String name, String checksum, String finished, String rolledBack, String logs) throws Exception {
        ToolTables.run(connection, "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)"
                + " VALUES ('" + name + "', '" + checksum + "', " + finished + ", '" + name + "', " + logs + ", " + rolledBack + ", now(), 1)");
    }

    @Test
    void prismaFolderShowsPendingChangedAndFailedMigrations() throws Exception {
        Path prisma = temp.resolve("prisma");
        write(prisma.resolve("schema.prisma"), "datasource db { provider = \"postgresql\" }\n");
        Path migrations = prisma.resolve("migrations");
        write(migrations.resolve("migration_lock.toml"), "provider = \"postgresql\"\n");
        String init = "-- CreateTable\nCREATE TABLE \"User\" (\"id\" SERIAL NOT NULL);\n";
        write(migrations.resolve("20240501100000_init/migration.sql"), init);
        String orders = "CREATE TABLE \"Order\" (\"id\" SERIAL NOT NULL);\nCREATE INDEX \"o\" ON \"Order\"(\"id\");\n";
        write(migrations.resolve("20240601100000_orders/migration.sql"), orders.replace("\n", "\r\n")); // checked out on Windows
        write(migrations.resolve("20240701100000_index/migration.sql"), "CREATE INDEX \"u\" ON \"User\"(\"id\", \"name\");\n");
        write(migrations.resolve("20240801100000_pending/migration.sql"), "ALTER TABLE \"User\" ADD COLUMN \"email\" TEXT;\n");
        write(migrations.resolve("20240901100000_broken/migration.sql"), "ALTER TABLE \"Nope\" ADD COLUMN \"x\" INT;\n");

        ToolTables.create(connection, ToolTables.prisma(Dialect.POSTGRESQL));
        prismaRow("20240401100000_gone", hex("SHA-256", "x"), "now()", "NULL", "NULL");
        prismaRow("20240501100000_init", hex("SHA-256", init), "now()", "NULL", "NULL");
        prismaRow("20240601100000_orders", hex("SHA-256", orders), "now()", "NULL", "NULL");
        prismaRow("20240701100000_index", hex("SHA-256", "CREATE INDEX \"u\" ON \"User\"(\"id\");\n"), "now()", "NULL", "NULL");
        prismaRow("20240901100000_broken", hex("SHA-256", "ALTER TABLE \"Nope\" ADD COLUMN \"x\" INT;\n"), "NULL", "NULL",
                "'Database error code: 42P01\nrelation \"Nope\" does not exist'");

        FolderComparison comparison = ToolFolders.compare(prisma, scan());

        assertEquals(HistoryTool.PRISMA, comparison.tool());
        assertEquals(migrations, comparison.folder());
        assertEquals(List.of("20240501100000_init", "20240601100000_orders", "20240701100000_index", "20240801100000_pending",
                "20240901100000_broken", "20240401100000_gone"), comparison.files().stream().map(FolderFile::name).toList());
        assertEquals(List.of(FileState.APPLIED, FileState.APPLIED, FileState.CHANGED, FileState.PENDING, FileState.FAILED,
                FileState.NOT_IN_FOLDER), states(comparison));
        FolderFile changed = comparison.changed().get(0);
        assertEquals(migrations.resolve("20240701100000_index/migration.sql"), changed.file());
        assertEquals(hex("SHA-256", "CREATE INDEX \"u\" ON \"User\"(\"id\", \"name\");\n"), changed.fileChecksum());
        assertEquals("Database error code: 42P01", comparison.in(FileState.FAILED).get(0).detail());
        assertEquals("2 applied, 1 pending, 1 changed since applied (20240701100000_index), 1 failed (20240901100000_broken),"
                + " 1 applied, no file", comparison.summary());
    }

    @Test
    void prismaRolledBackMigrationIsPendingAgain() throws Exception {
        Path migrations = temp.resolve("migrations");
        String sql = "CREATE TABLE a (id int);\n";
        write(migrations.resolve("20240501100000_a/migration.sql"), sql);
        ToolTables.create(connection, ToolTables.prisma(Dialect.POSTGRESQL));
        prismaRow("20240501100000_a", hex("SHA-256", sql), "NULL", "now()", "'failed once'");

        FolderComparison comparison = ToolFolders.compare(migrations, scan());
        assertEquals(List.of(FileState.PENDING), states(comparison));
        assertTrue(comparison.files().get(0).detail().startsWith("rolled back earlier"));
    }

    @Test
    void prismaFolderWithoutItsTableIsAllPending() throws Exception {
        Path migrations = temp.resolve("migrations");
        write(migrations.resolve("20240501100000_a/migration.sql"), "CREATE TABLE a (id int);\n");
        FolderComparison comparison = ToolFolders.compare(migrations, scan());
        assertEquals(List.of(FileState.PENDING), states(comparison));
        assertNull(comparison.table());
        assertTrue(comparison.notes().get(0).startsWith("No _prisma_migrations table"));
    }

    @Test
    void drizzleFolderFollowsTheJournalAndTheMigratorsRules() throws Exception {
        Path drizzle = temp.resolve("drizzle");
        write(drizzle.resolve("meta/_journal.json"), """
                {"version":"7","dialect":"postgresql","entries":[
                  {"idx":0,"version":"7","when":1714557600000,"tag":"0000_init","breakpoints":true},
                  {"idx":1,"version":"7","when":1717236000000,"tag":"0001_orders","breakpoints":true},
                  {"idx":2,"version":"7","when":1718000000000,"tag":"0002_merged_late","breakpoints":true},
                  {"idx":3,"version":"7","when":1720000000000,"tag":"0003_index","breakpoints":true},
                  {"idx":4,"version":"7","when":1730000000000,"tag":"0004_next","breakpoints":true}]}
                """);
        String init = "CREATE TABLE \"users\" (\"id\" serial);\n--> statement-breakpoint\nCREATE TABLE \"posts\" (\"id\" serial);\n";
        write(drizzle.resolve("0000_init.sql"), init.replace("\n", "\r\n"));
        write(drizzle.resolve("0001_orders.sql"), "CREATE TABLE \"orders\" (\"id\" serial, \"note\" text);\n");
        write(drizzle.resolve("0002_merged_late.sql"), "ALTER TABLE \"users\" ADD COLUMN \"x\" int;\n");
        String index = "CREATE INDEX \"i\" ON \"users\" (\"id\");\n";
        write(drizzle.resolve("0003_index.sql"), index);
        write(drizzle.resolve("0004_next.sql"), "ALTER TABLE \"users\" ADD COLUMN \"y\" int;\n");

        ToolTables.create(connection, ToolTables.drizzle(Dialect.POSTGRESQL));
        ToolTables.run(connection, "insert into drizzle.__drizzle_migrations (hash, created_at) values"
                + " ('" + hex("SHA-256", init) + "', 1714557600000),"
                + " ('" + hex("SHA-256", "CREATE TABLE \"orders\" (\"id\" serial);\n") + "', 1717236000000),"
                + " ('" + hex("SHA-256", index) + "', 1720000000000)");

        FolderComparison comparison = ToolFolders.compare(drizzle, scan());

        assertEquals(HistoryTool.DRIZZLE, comparison.tool());
        assertEquals("drizzle.__drizzle_migrations", comparison.table());
        assertEquals(List.of("0000_init", "0001_orders", "0002_merged_late", "0003_index", "0004_next"),
                comparison.files().stream().map(FolderFile::name).toList());
        assertEquals(List.of(FileState.APPLIED, FileState.CHANGED, FileState.SKIPPED, FileState.APPLIED, FileState.PENDING),
                states(comparison));
        assertEquals(drizzle.resolve("0001_orders.sql"), comparison.changed().get(0).file());
        assertTrue(comparison.in(FileState.SKIPPED).get(0).detail().contains("will not run"));
    }

    @Test
    void plainSqlFolderIsComparedByFileNameAndChecksum() throws Exception {
        Path folder = temp.resolve("sql");
        String users = "create table users (id int);\n";
        write(folder.resolve("001_users.sql"), users);
        write(folder.resolve("002_orders.sql"), "create table orders (id int, note text);\n");
        write(folder.resolve("003_index.sql"), "create index on users (id);\n");
        write(folder.resolve("README.md"), "how to run\n");
        ToolTables.create(connection, ToolTables.handRolledMigrations(Dialect.POSTGRESQL));
        ToolTables.run(connection, "insert into migrations (filename, checksum) values"
                + " ('000_legacy.sql', 'abc'),"
                + " ('001_users.sql', '" + hex("SHA-256", users) + "'),"
                + " ('002_orders.sql', '" + hex("MD5", "create table orders (id int);\n") + "')");

        FolderComparison comparison = ToolFolders.compare(folder, scan());

        assertEquals(HistoryTool.HAND_ROLLED, comparison.tool());
        assertEquals("public.migrations", comparison.table());
        assertEquals(List.of("001_users.sql", "002_orders.sql", "003_index.sql", "000_legacy.sql"),
                comparison.files().stream().map(FolderFile::name).toList());
        assertEquals(List.of(FileState.APPLIED, FileState.CHANGED, FileState.PENDING, FileState.NOT_IN_FOLDER), states(comparison));
        assertEquals(List.of("003_index.sql"), comparison.pending().stream().map(FolderFile::name).toList());
        assertEquals("1 applied, 1 pending, 1 changed since applied (002_orders.sql), 1 applied, no file", comparison.summary());
    }

    @Test
    void plainFolderMatchesKnexFileNames() throws Exception {
        Path folder = temp.resolve("knex");
        write(folder.resolve("20240501_users.js"), "exports.up = k => k.schema.createTable('users', t => t.increments());\n");
        write(folder.resolve("20240601_orders.js"), "exports.up = k => k.schema.createTable('orders', t => t.increments());\n");
        ToolTables.create(connection, ToolTables.knex(Dialect.POSTGRESQL));
        ToolTables.run(connection, "insert into knex_migrations (name, batch, migration_time) values ('20240501_users.js', 1, now())");

        FolderComparison comparison = ToolFolders.compare(folder, scan());
        assertEquals(HistoryTool.KNEX, comparison.tool());
        assertEquals(List.of(FileState.APPLIED, FileState.PENDING), states(comparison));
    }
}
