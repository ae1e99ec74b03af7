package dev.railyard.migrate.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.support.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each PostgreSQL rule of {@code migrate check} against a live server: the flagged case, and a
 * safe variant that is not flagged. Tables: big (1M rows), items (1,000 rows), owners, empty_t,
 * ids (serial key near its end), low_ids, big_ids (bigint key).
 */
class MigrationCheckerPostgresTest {

    private static EmbeddedPostgres pg;
    private static String db;

    @BeforeAll
    static void schema() throws SQLException {
        pg = EmbeddedPostgres.shared();
        db = pg.createDatabase("mcheck");
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE big (id int PRIMARY KEY, v int, t text)");
            s.execute("INSERT INTO big SELECT g, g % 1000, 'row ' || g FROM generate_series(1, 1000000) g");
            s.execute("CREATE TABLE owners (id int PRIMARY KEY)");
            s.execute("INSERT INTO owners SELECT generate_series(1, 100)");
            s.execute("CREATE TABLE items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name varchar(50), price numeric(10,2),"
                    + " note text, owner_id int, created timestamptz, code text)");
            s.execute("INSERT INTO items (name, price, note, owner_id, code) SELECT 'item ' || g, g, 'n', 1 + g % 100, 'c' || g"
                    + " FROM generate_series(1, 1000) g");
            s.execute("CREATE UNIQUE INDEX items_code_idx ON items (code)");
            s.execute("ALTER TABLE items ADD CONSTRAINT items_note_present CHECK (note IS NOT NULL)");
            s.execute("CREATE TABLE empty_t (id int, name text)");
            s.execute("CREATE TABLE ids (id serial PRIMARY KEY, v int)");
            s.execute("INSERT INTO ids (v) VALUES (1)");
            s.execute("SELECT setval('ids_id_seq', 1900000000)");
            s.execute("CREATE TABLE low_ids (id serial PRIMARY KEY, v int)");
            s.execute("INSERT INTO low_ids (v) VALUES (1)");
            s.execute("CREATE TABLE big_ids (id bigserial PRIMARY KEY, v int)");
            s.execute("INSERT INTO big_ids (v) VALUES (1)");
            s.execute("SELECT setval('big_ids_id_seq', 1900000000)");
            s.execute("ANALYZE");
        }
    }

    private static CheckReport check(TransactionMode mode, String... scripts) throws SQLException {
        List<PendingScript> pending = new ArrayList<>();
        for (int i = 0; i < scripts.length; i++) {
            pending.add(new PendingScript("Flyway", "V" + (i + 1) + "__test.sql", Path.of("/migrations/V" + (i + 1) + "__test.sql"),
                    scripts[i], mode));
        }
        try (Connection c = pg.connect(db)) {
            return new MigrationChecker(CheckSettings.defaults()).check(c, db, pending, List.of());
        }
    }

    private static CheckReport flyway(String... scripts) throws SQLException {
        return check(TransactionMode.FLYWAY, scripts);
    }

    private static List<Finding> findings(CheckReport report, Rule rule) {
        return report.scripts().stream()
                .flatMap(s -> Stream.concat(s.findings().stream(), s.statements().stream().flatMap(st -> st.findings().stream())))
                .filter(f -> f.rule() == rule).toList();
    }

    private static void assertFlagged(CheckReport report, Rule rule, Verdict verdict) {
        List<Finding> found = findings(report, rule);
        assertEquals(1, found.size(), () -> rule + " expected once in " + report);
        assertEquals(verdict, found.get(0).verdict(), found.get(0)::toString);
        assertFalse(found.get(0).saferRewrite().isBlank(), "a safer rewrite is given");
    }

    private static void assertSafe(CheckReport report) {
        assertEquals(Verdict.SAFE, report.verdict(), report::toString);
    }

    // ------------------------------------------------------------ indexes

    @Test
    void indexWithoutConcurrentlyOnAMillionRowsIsDangerousWithTheTablesSize() throws SQLException {
        CheckReport report = flyway("CREATE INDEX big_v_idx ON big (v);");
        assertEquals(Verdict.DANGEROUS, report.verdict());
        StatementCheck st = report.scripts().get(0).statements().get(0);
        assertEquals(PgLock.SHARE, st.lock());
        assertTrue(st.scans());
        assertEquals(1_000_000L, st.facts().rowEstimate());
        assertTrue(st.facts().totalBytes() > 30L * 1024 * 1024, st.facts()::toString);
        Finding f = findings(report, Rule.INDEX_WITHOUT_CONCURRENTLY).get(0);
        assertTrue(f.message().contains("1,000,000 rows"), f.message());
        assertTrue(f.message().contains("MB"), f.message());
        assertTrue(f.saferRewrite().startsWith("CREATE INDEX CONCURRENTLY big_v_idx ON big (v)"), f.saferRewrite());
    }

    @Test
    void indexConcurrentlyAloneInAFlywayScriptOrOnAnEmptyTableIsSafe() throws SQLException {
        CheckReport concurrently = flyway("CREATE INDEX CONCURRENTLY big_v_idx ON big (v);");
        assertSafe(concurrently);
        assertFalse(concurrently.scripts().get(0).statements().get(0).inTransaction(), "Flyway runs it without a transaction");
        assertEquals(PgLock.SHARE_UPDATE_EXCLUSIVE, concurrently.scripts().get(0).statements().get(0).lock());
        assertSafe(flyway("CREATE INDEX empty_name_idx ON empty_t (name);"));
        assertSafe(flyway("CREATE TABLE fresh (id int, v int);\nCREATE INDEX fresh_v_idx ON fresh (v);"));
    }

    @Test
    void smallNonEmptyTableIndexIsRisky() throws SQLException {
        assertFlagged(flyway("CREATE INDEX items_name_idx ON items (name);"), Rule.INDEX_WITHOUT_CONCURRENTLY, Verdict.RISKY);
    }

    @Test
    void concurrentlyInsideATransactionIsDangerousAndSaysHowToRunItOutside() throws SQLException {
        CheckReport mixed = flyway("CREATE TABLE t2 (id int);\nCREATE INDEX CONCURRENTLY items_name_idx ON items (name);");
        assertFlagged(mixed, Rule.CONCURRENTLY_IN_TRANSACTION, Verdict.DANGEROUS);
        Finding f = findings(mixed, Rule.CONCURRENTLY_IN_TRANSACTION).get(0);
        assertTrue(f.message().contains("Flyway refuses"), f.message());
        assertTrue(f.saferRewrite().contains("V1__test.sql.conf") && f.saferRewrite().contains("executeInTransaction=false"),
                f.saferRewrite());

        assertFlagged(flyway("BEGIN;\nCREATE INDEX CONCURRENTLY items_name_idx ON items (name);\nCOMMIT;"),
                Rule.CONCURRENTLY_IN_TRANSACTION, Verdict.DANGEROUS);
        assertFlagged(check(TransactionMode.ALL_PENDING, "CREATE INDEX CONCURRENTLY items_name_idx ON items (name);"),
                Rule.CONCURRENTLY_IN_TRANSACTION, Verdict.DANGEROUS);
        assertFlagged(check(TransactionMode.ONE_QUERY, "CREATE TABLE t2 (id int);\nCREATE INDEX CONCURRENTLY items_name_idx ON items (name);"),
                Rule.CONCURRENTLY_IN_TRANSACTION, Verdict.DANGEROUS);

        // Safe: executeInTransaction=false in the script's .conf, or alone in a Prisma migration.
        assertSafe(check(TransactionMode.NONE, "CREATE TABLE t2 (id int);\nCREATE INDEX CONCURRENTLY items_name_idx ON items (name);"));
        assertSafe(check(TransactionMode.ONE_QUERY, "CREATE INDEX CONCURRENTLY items_name_idx ON items (name);"));
    }

    // ------------------------------------------------------------ columns

    @Test
    void addColumnWithAVolatileDefaultRewritesButAConstantOrStableOneDoesNot() throws SQLException {
        CheckReport report = flyway("ALTER TABLE items ADD COLUMN uid uuid DEFAULT gen_random_uuid();");
        assertFlagged(report, Rule.VOLATILE_DEFAULT, Verdict.RISKY);
        assertTrue(report.scripts().get(0).statements().get(0).rewrites());
        assertFlagged(flyway("ALTER TABLE big ADD COLUMN seq bigserial;"), Rule.VOLATILE_DEFAULT, Verdict.DANGEROUS);

        assertSafe(flyway("ALTER TABLE items ADD COLUMN seen timestamptz DEFAULT now() NOT NULL;"));
        assertSafe(flyway("ALTER TABLE items ADD COLUMN flag boolean DEFAULT false;"));
        assertSafe(flyway("ALTER TABLE empty_t ADD COLUMN uid uuid DEFAULT gen_random_uuid();"));
    }

    @Test
    void typeChangeThatIsNotBinaryCoercibleRewrites() throws SQLException {
        assertFlagged(flyway("ALTER TABLE items ALTER COLUMN owner_id TYPE bigint;"), Rule.TYPE_CHANGE_REWRITE, Verdict.RISKY);
        assertFlagged(flyway("ALTER TABLE items ALTER COLUMN name TYPE varchar(20);"), Rule.TYPE_CHANGE_REWRITE, Verdict.RISKY);
        assertFlagged(flyway("ALTER TABLE big ALTER COLUMN v SET DATA TYPE text USING v::text;"), Rule.TYPE_CHANGE_REWRITE,
                Verdict.DANGEROUS);

        assertSafe(flyway("ALTER TABLE items ALTER COLUMN name TYPE varchar(100);"));
        assertSafe(flyway("ALTER TABLE items ALTER COLUMN name TYPE text;"));
        assertSafe(flyway("ALTER TABLE items ALTER COLUMN price TYPE numeric(12,2);"));
    }

    @Test
    void setNotNullWithoutAValidatedCheckScansUnderAccessExclusive() throws SQLException {
        CheckReport report = flyway("ALTER TABLE items ALTER COLUMN name SET NOT NULL;");
        assertFlagged(report, Rule.SET_NOT_NULL_SCAN, Verdict.RISKY);
        assertEquals(PgLock.ACCESS_EXCLUSIVE, report.scripts().get(0).statements().get(0).lock());

        // A validated CHECK already in the database, or added and validated by earlier pending migrations.
        assertSafe(flyway("ALTER TABLE items ALTER COLUMN note SET NOT NULL;"));
        assertSafe(flyway("ALTER TABLE items ADD CONSTRAINT items_name_present CHECK (name IS NOT NULL) NOT VALID;",
                "ALTER TABLE items VALIDATE CONSTRAINT items_name_present;",
                "ALTER TABLE items ALTER COLUMN name SET NOT NULL;"));
    }

    @Test
    void foreignKeyOrCheckWithoutNotValidScans() throws SQLException {
        CheckReport fk = flyway("ALTER TABLE items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id);");
        assertFlagged(fk, Rule.CONSTRAINT_WITHOUT_NOT_VALID, Verdict.RISKY);
        assertEquals(PgLock.SHARE_ROW_EXCLUSIVE, fk.scripts().get(0).statements().get(0).lock());
        assertTrue(findings(fk, Rule.CONSTRAINT_WITHOUT_NOT_VALID).get(0).saferRewrite()
                .contains("NOT VALID; then, in its own transaction: ALTER TABLE items VALIDATE CONSTRAINT items_owner_fk"));
        assertFlagged(flyway("ALTER TABLE items ADD CHECK (price > 0);"), Rule.CONSTRAINT_WITHOUT_NOT_VALID, Verdict.RISKY);

        assertSafe(flyway("ALTER TABLE items ADD CONSTRAINT items_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id) NOT VALID;"));
        assertSafe(flyway("ALTER TABLE items ADD CONSTRAINT items_price_positive CHECK (price > 0) NOT VALID;"));
        assertSafe(flyway("ALTER TABLE items VALIDATE CONSTRAINT items_note_present;"));
    }

    @Test
    void primaryKeyOrUniqueWithoutUsingIndexBuildsTheIndexUnderAccessExclusive() throws SQLException {
        CheckReport unique = flyway("ALTER TABLE items ADD CONSTRAINT items_code_key UNIQUE (code);");
        assertFlagged(unique, Rule.KEY_WITHOUT_USING_INDEX, Verdict.RISKY);
        assertTrue(findings(unique, Rule.KEY_WITHOUT_USING_INDEX).get(0).saferRewrite()
                .startsWith("CREATE UNIQUE INDEX CONCURRENTLY items_code_key ON items (code);"));
        assertFlagged(flyway("ALTER TABLE big DROP CONSTRAINT big_pkey, ADD PRIMARY KEY (id);"), Rule.KEY_WITHOUT_USING_INDEX,
                Verdict.DANGEROUS);

        assertSafe(flyway("ALTER TABLE items ADD CONSTRAINT items_code_key UNIQUE USING INDEX items_code_idx;"));
    }

    // ------------------------------------------------------------ destructive

    @Test
    void dropAndRenameOfColumnsAndTablesAreFlagged() throws SQLException {
        assertFlagged(flyway("ALTER TABLE items DROP COLUMN note;"), Rule.DESTRUCTIVE, Verdict.DANGEROUS);
        assertFlagged(flyway("DROP TABLE items;"), Rule.DESTRUCTIVE, Verdict.DANGEROUS);
        assertFlagged(flyway("TRUNCATE items;"), Rule.DESTRUCTIVE, Verdict.DANGEROUS);
        assertFlagged(flyway("DROP TABLE empty_t;"), Rule.DESTRUCTIVE, Verdict.RISKY);
        assertFlagged(flyway("ALTER TABLE items RENAME COLUMN note TO remark;"), Rule.RENAME, Verdict.RISKY);
        assertFlagged(flyway("ALTER TABLE items RENAME TO products;"), Rule.RENAME, Verdict.RISKY);

        assertSafe(flyway("DROP TABLE IF EXISTS never_there;"));
        assertSafe(flyway("CREATE TABLE scratch (id int, a text);\nALTER TABLE scratch RENAME COLUMN a TO b;\n"
                + "ALTER TABLE scratch DROP COLUMN b;\nDROP TABLE scratch;"));
        assertSafe(flyway("ALTER TABLE items DROP COLUMN IF EXISTS never_there;"));
    }

    @Test
    void vacuumFullClusterAndReindexWithoutConcurrentlyAreFlagged() throws SQLException {
        CheckReport full = flyway("VACUUM FULL big;");
        assertFlagged(full, Rule.TABLE_REWRITE, Verdict.DANGEROUS);
        assertEquals(PgLock.ACCESS_EXCLUSIVE, full.scripts().get(0).statements().get(0).lock());
        assertFlagged(flyway("VACUUM (FULL, ANALYZE) items;"), Rule.TABLE_REWRITE, Verdict.RISKY);
        assertFlagged(flyway("CLUSTER items USING items_pkey;"), Rule.TABLE_REWRITE, Verdict.RISKY);
        CheckReport reindex = flyway("REINDEX TABLE items;");
        assertFlagged(reindex, Rule.REINDEX_WITHOUT_CONCURRENTLY, Verdict.RISKY);
        assertTrue(findings(reindex, Rule.REINDEX_WITHOUT_CONCURRENTLY).get(0).saferRewrite().startsWith("REINDEX TABLE CONCURRENTLY items"));

        assertSafe(flyway("VACUUM (ANALYZE) items;"));
        assertSafe(check(TransactionMode.NONE, "REINDEX TABLE CONCURRENTLY items;"));
        // Flyway does not know REINDEX ... CONCURRENTLY cannot run in a transaction: it would fail.
        assertFlagged(flyway("REINDEX TABLE CONCURRENTLY items;"), Rule.CONCURRENTLY_IN_TRANSACTION, Verdict.DANGEROUS);
    }

    // ------------------------------------------------------------ keys and transactions

    @Test
    void integerKeyCloseToItsEndIsFlaggedOnTheTablesAMigrationTouches() throws SQLException {
        CheckReport report = flyway("ALTER TABLE ids ADD COLUMN note text;");
        assertFlagged(report, Rule.INT_KEY_EXHAUSTION, Verdict.DANGEROUS);
        assertTrue(findings(report, Rule.INT_KEY_EXHAUSTION).get(0).message().contains("88%"),
                findings(report, Rule.INT_KEY_EXHAUSTION).get(0).message());

        assertSafe(flyway("ALTER TABLE low_ids ADD COLUMN note text;"));
        assertSafe(flyway("ALTER TABLE big_ids ADD COLUMN note text;"));
    }

    @Test
    void severalRiskyStatementsInOneTransactionAreFlaggedButNotWhenSplit() throws SQLException {
        String index = "CREATE INDEX items_name_idx ON items (name);";
        String check = "ALTER TABLE owners ADD CONSTRAINT owners_positive CHECK (id > 0);";
        CheckReport together = flyway(index + "\n" + check);
        assertFlagged(together, Rule.RISKY_STATEMENTS_IN_ONE_TRANSACTION, Verdict.RISKY);
        assertTrue(findings(together, Rule.RISKY_STATEMENTS_IN_ONE_TRANSACTION).get(0).message().contains("lines 1, 2"));

        assertTrue(findings(flyway(index, check), Rule.RISKY_STATEMENTS_IN_ONE_TRANSACTION).isEmpty());
        assertTrue(findings(check(TransactionMode.NONE, index + "\n" + check), Rule.RISKY_STATEMENTS_IN_ONE_TRANSACTION).isEmpty());
    }

    // ------------------------------------------------------------ live sessions

    @Test
    void anOpenTransactionHoldingALockOnTheTableIsNamed() throws Exception {
        try (Connection other = pg.connect(db); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.execute("SET application_name = 'billing-worker'");
            int pid;
            try (var rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            s.execute("UPDATE big SET v = v WHERE id = 1");
            pg.awaitTrue(db, "EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = " + pid + " AND state = 'idle in transaction')",
                    java.time.Duration.ofSeconds(5), "the other session to sit idle in its transaction");

            CheckReport report = flyway("CREATE INDEX CONCURRENTLY big_t_idx ON big (t);",
                    "ALTER TABLE big ADD COLUMN extra int;");
            StatementCheck alter = report.scripts().get(1).statements().get(0);
            LockHolder holder = alter.facts().holders().stream().filter(h -> h.pid() == pid).findFirst().orElseThrow();
            assertEquals(PgLock.ROW_EXCLUSIVE, holder.mode());
            assertTrue(holder.granted());
            assertEquals("idle in transaction", holder.state());
            assertTrue(holder.queryStart() != null && holder.transactionStart() != null);
            assertEquals("billing-worker", holder.applicationName());

            Finding queue = findings(report, Rule.LOCK_QUEUE).get(0);
            assertEquals(Verdict.DANGEROUS, queue.verdict());
            assertTrue(queue.message().contains("pid " + pid + " (idle in transaction, transaction open "), queue.message());
            assertTrue(queue.message().contains("query started "), queue.message());
            assertTrue(queue.message().contains("UPDATE big SET v = v WHERE id = 1"), queue.message());
            assertTrue(queue.saferRewrite().contains("--lock-timeout"), queue.saferRewrite());
            // The concurrent build takes SHARE UPDATE EXCLUSIVE, which a ROW EXCLUSIVE holder does not block.
            assertTrue(report.scripts().get(0).statements().get(0).findings().stream().noneMatch(f -> f.rule() == Rule.LOCK_QUEUE));
            other.rollback();
        }
        assertSafe(flyway("ALTER TABLE big ADD COLUMN extra int;"));
    }

    @Test
    void aTableLockedAccessExclusiveDoesNotHangTheCheckAndTheHolderIsNamed() throws Exception {
        try (Connection other = pg.connect(db); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            int pid;
            try (var rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            s.execute("LOCK TABLE items IN ACCESS EXCLUSIVE MODE");
            CheckReport report = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                    () -> flyway("ALTER TABLE items ADD COLUMN extra int;"));
            StatementCheck st = report.scripts().get(0).statements().get(0);
            assertTrue(st.facts().totalBytes() > 0, "size from pg_class while the table is locked: " + st.facts());
            Finding queue = findings(report, Rule.LOCK_QUEUE).get(0);
            assertTrue(queue.message().contains("pid " + pid + " (idle in transaction") && queue.message().contains("holds ACCESS EXCLUSIVE"),
                    queue.message());
            other.rollback();
        }
    }

    @Test
    void prismaQuotedNamesAndDrizzleDoBlocksAreReadToo() throws SQLException {
        try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS \"Post\" (id int PRIMARY KEY, \"authorId\" int)");
            s.execute("INSERT INTO \"Post\" SELECT g, 1 + g % 100 FROM generate_series(1, 500) g ON CONFLICT DO NOTHING");
            s.execute("ANALYZE \"Post\"");
        }
        CheckReport prisma = check(TransactionMode.ONE_QUERY,
                "-- AddForeignKey\nALTER TABLE \"Post\" ADD CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY (\"authorId\")"
                        + " REFERENCES \"owners\"(\"id\") ON DELETE RESTRICT ON UPDATE CASCADE;\n");
        assertFlagged(prisma, Rule.CONSTRAINT_WITHOUT_NOT_VALID, Verdict.RISKY);
        assertTrue(findings(prisma, Rule.CONSTRAINT_WITHOUT_NOT_VALID).get(0).saferRewrite()
                .startsWith("ALTER TABLE \"Post\" ADD CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY"), prisma.toString());
        assertFlagged(check(TransactionMode.ONE_QUERY, "CREATE INDEX \"Post_authorId_idx\" ON \"Post\"(\"authorId\");"),
                Rule.INDEX_WITHOUT_CONCURRENTLY, Verdict.RISKY);

        CheckReport drizzle = check(TransactionMode.ALL_PENDING, """
                DO $$ BEGIN
                 ALTER TABLE "items" ADD CONSTRAINT "items_owner_id_owners_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."owners"("id") ON DELETE no action ON UPDATE no action;
                EXCEPTION
                 WHEN duplicate_object THEN null;
                END $$;
                --> statement-breakpoint
                CREATE INDEX IF NOT EXISTS "items_price_idx" ON "items" USING btree ("price");""");
        assertFlagged(drizzle, Rule.CONSTRAINT_WITHOUT_NOT_VALID, Verdict.RISKY);
        assertFlagged(drizzle, Rule.INDEX_WITHOUT_CONCURRENTLY, Verdict.RISKY);
        assertEquals(7, drizzle.scripts().get(0).statements().get(1).line());
    }
}
