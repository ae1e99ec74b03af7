package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupException;
import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.backup.RestoreResult;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.PgClientTools;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * --clean over a database that already holds the backup's collation, text search dictionary and
 * configuration and extended statistics: they are dropped and made again (before, they were not
 * known, so the restore stopped at "already exists"); without --clean they are named as clashes.
 */
class CleanRestoreOtherKindsTest {

    private static final EmbeddedPostgres PG = EmbeddedPostgres.shared("15");
    private static String source;

    private static final String[] OBJECTS = {
        "CREATE COLLATION public.plain_c (provider = libc, locale = 'C')",
        "CREATE TEXT SEARCH DICTIONARY public.simple_keep (TEMPLATE = pg_catalog.simple, STOPWORDS = english)",
        "CREATE TEXT SEARCH CONFIGURATION public.shop_search (COPY = pg_catalog.english)",
        "ALTER TEXT SEARCH CONFIGURATION public.shop_search ALTER MAPPING FOR asciiword WITH public.simple_keep",
        "CREATE TABLE public.products (id int PRIMARY KEY, name text COLLATE public.plain_c, category text, "
                + "search tsvector GENERATED ALWAYS AS (to_tsvector('public.shop_search'::regconfig, name)) STORED)",
        "CREATE STATISTICS public.products_name_category ON name, category FROM public.products",
    };

    @BeforeAll
    static void source() throws SQLException {
        source = PG.createDatabase("kinds_src");
        try (Connection c = PG.connect(source); Statement s = c.createStatement()) {
            for (String sql : OBJECTS) {
                s.execute(sql);
            }
            s.execute("INSERT INTO public.products (id, name, category) SELECT i, 'Product ' || i, 'c' || (i % 5) "
                    + "FROM generate_series(1, 50) i");
        }
    }

    private static String target() throws SQLException {
        String name = PG.createDatabase("kinds_target");
        try (Connection c = PG.connect(name); Statement s = c.createStatement()) {
            for (String sql : OBJECTS) {
                s.execute(sql);
            }
            s.execute("INSERT INTO public.products (id, name, category) VALUES (1, 'old', 'x')");
        }
        return name;
    }

    private static Path backup(Path dir, String kind) throws Exception {
        Path file = dir.resolve(kind + ".sql");
        if (kind.equals("builtin")) {
            new BuiltinPgDump(PgFidelityRoundTripTest.endpoint(PG, source), BackupOptions.defaults(), file, null)
                    .run(new RecordingContext());
        } else {
            Process p = new ProcessBuilder(PgClientTools.tool("pg_dump").toString(), "--no-owner", "--no-privileges",
                    "-h", "localhost", "-p", Integer.toString(PG.port()), "-U", "postgres", "-f", file.toString(), source)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), "pg_dump failed: " + out);
        }
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "pg_dump"})
    void cleanDropsAndRemakesThemAndWithoutCleanTheyAreClashes(String kind, @TempDir Path dir) throws Exception {
        Path file = backup(dir, kind);

        String clashing = target();
        BackupException refused = assertThrows(BackupException.class, () -> CleanRestoreTest.restore(file, clashing, RestoreOptions.defaults()));
        for (String named : new String[] {"collation public.plain_c", "text search dictionary public.simple_keep",
                "text search configuration public.shop_search", "statistics object public.products_name_category"}) {
            assertTrue(refused.getMessage().contains(named), named + " is named as a clash: " + refused.getMessage());
        }

        String target = target();
        RestoreResult result = CleanRestoreTest.restore(file, target, RestoreOptions.defaults().withClean(true));
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("1 collation") && n.contains("1 text search dictionary")
                && n.contains("1 text search configuration") && n.contains("1 statistics object")), result.notes().toString());
        try (Connection c = PG.connect(target); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE search @@ to_tsquery('public.shop_search', 'product')) "
                     + "FROM public.products")) {
            rs.next();
            assertEquals(50, rs.getInt(1), "the source's rows");
            assertEquals(50, rs.getInt(2), "searchable through the restored configuration");
        }
    }
}
