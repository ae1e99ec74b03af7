package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.backup.RestoreResult;
import dev.railyard.support.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore with --clean into a database where an application holds a transaction open on a table
 * the restore drops: the restore waits (as pg_restore does) but names the session it waits for,
 * and goes on once that transaction ends.
 */
class RestoreLockWaitTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared();

    @Test
    void aRestoreWaitingBehindAnOpenTransactionNamesItsHolderAndFinishesOnceItEnds(@TempDir Path dir) throws Exception {
        String source = PG.createDatabase("lockwait_src");
        try (Connection c = PG.connect(source); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.orders (id int PRIMARY KEY, note text)");
            s.execute("INSERT INTO public.orders SELECT i, 'n' || i FROM generate_series(1, 100) i");
        }
        Path file = dir.resolve("orders.sql");
        new BuiltinPgDump(PgFidelityRoundTripTest.endpoint(PG, source), BackupOptions.defaults(), file, null)
                .run(new RecordingContext());
        String target = PG.createDatabase("lockwait_target");
        try (Connection c = PG.connect(target); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.orders (id int PRIMARY KEY, note text)");
        }

        try (Connection app = PG.connect(target); Statement s = app.createStatement()) {
            s.execute("SET application_name = 'billing-api'");
            app.setAutoCommit(false);
            s.executeQuery("SELECT count(*) FROM public.orders").close(); // holds ACCESS SHARE until it ends
            int appPid;
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                appPid = rs.getInt(1);
            }

            String named = "held by session " + appPid;
            // Completed by the step that names the holder, as the job reports it: no polling.
            CompletableFuture<String> naming = new CompletableFuture<>();
            RecordingContext context = new RecordingContext(step -> {
                if (step.contains(named)) {
                    naming.complete(step);
                }
            });
            CompletableFuture<RestoreResult> restore = CompletableFuture.supplyAsync(() -> {
                try {
                    return new PgRestore(file, PgFidelityRoundTripTest.endpoint(PG, target),
                            RestoreOptions.defaults().withClean(true), NativePgTools.fromEnvironment(null)).run(context);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            restore.whenComplete((result, failure) -> naming.completeExceptionally(
                    new AssertionError("the restore ended without naming the holder: " + context.messages, failure)));
            String said = naming.get(30, TimeUnit.SECONDS);
            assertTrue(said.contains("billing-api") && said.contains("idle in transaction") && said.contains("public.orders"),
                    "says who, in what state, and on what: " + said);
            assertTrue(context.allLog().contains(named), "and logs it: " + context.allLog());
            assertTrue(!restore.isDone(), "the restore waits; nothing is given up");

            app.commit();
            RestoreResult result = restore.get(60, TimeUnit.SECONDS);
            assertEquals(0, result.script().errorCount(), result.toString());
        }
        try (Connection c = PG.connect(target); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM public.orders")) {
            rs.next();
            assertEquals(100, rs.getInt(1));
        }
    }
}
