package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.backup.BackupResult;
import dev.railyard.backup.Compression;
import dev.railyard.backup.EngineChoice;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.backup.RestoreResult;
import dev.railyard.support.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Settings the built-in engine used to drop without a word (issue #15, items 5-10): each is
 * made in a source database, which goes through a built-in backup and a restore into a new
 * database, and the catalog facts that hold the setting must be the same on both sides.
 */
class PgSilentLossTest {

    @TempDir
    Path dir;

    /** Item 5: the TOAST table's storage parameters travel with the table's (and a materialized view's). */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(strings = {"15", "17", "18"})
    void toastStorageParametersComeBack(String major) throws Exception {
        RoundTrip trip = roundTrip(major, """
                CREATE TABLE public.toasted (id integer, body text)
                    WITH (fillfactor=90, toast.autovacuum_enabled=false, toast.autovacuum_vacuum_cost_delay=23);
                CREATE TABLE public.toast_only (id integer, body text) WITH (toast.autovacuum_enabled=false);
                INSERT INTO public.toasted VALUES (1, repeat('x', 5000));
                CREATE MATERIALIZED VIEW public.toasted_mv WITH (toast.autovacuum_enabled=false) AS SELECT * FROM public.toasted;
                """);
        String facts = """
                SELECT c.relname, c.reloptions::text AS options, t.reloptions::text AS toast_options
                  FROM pg_class c LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
                 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'm') ORDER BY 1""";
        trip.assertSame(facts);
        assertTrue(trip.source(facts).contains("toasted|{fillfactor=90}|{autovacuum_enabled=false,autovacuum_vacuum_cost_delay=23}"),
                trip.source(facts).toString());
    }

    /** Item 6: a materialized view's column settings are a table's, and come back as such. */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(strings = {"15", "17", "18"})
    void materializedViewColumnSettingsComeBack(String major) throws Exception {
        RoundTrip trip = roundTrip(major, """
                CREATE TABLE public.readings (id integer, note text);
                INSERT INTO public.readings VALUES (1, 'a'), (2, 'b');
                CREATE MATERIALIZED VIEW public.readings_mv AS SELECT id, note FROM public.readings;
                ALTER MATERIALIZED VIEW public.readings_mv ALTER COLUMN id SET STATISTICS 321;
                ALTER MATERIALIZED VIEW public.readings_mv ALTER COLUMN note SET STORAGE EXTERNAL;
                ALTER MATERIALIZED VIEW public.readings_mv ALTER COLUMN id SET (n_distinct = 42, n_distinct_inherited = -0.5);
                ALTER MATERIALIZED VIEW public.readings_mv ALTER COLUMN note SET COMPRESSION pglz;
                """);
        String facts = """
                SELECT a.attname, coalesce(to_jsonb(a) ->> 'attstattarget', '-1') AS statistics, a.attstorage,
                       a.attoptions::text, to_jsonb(a) ->> 'attcompression' AS compression
                  FROM pg_attribute a WHERE a.attrelid = 'public.readings_mv'::regclass AND a.attnum > 0 ORDER BY a.attnum""";
        trip.assertSame(facts);
        assertEquals(List.of("id|321|p|{n_distinct=42,n_distinct_inherited=-0.5}|", "note|-1|e|null|p"), trip.source(facts));
    }

    /** Item 7: a partition's clone of its parent's trigger keeps the state it was given apart. */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(strings = {"15", "17", "18"})
    void triggerStateOnPartitionsComesBack(String major) throws Exception {
        RoundTrip trip = roundTrip(major, """
                CREATE TABLE public.events (id integer, at date) PARTITION BY RANGE (at);
                CREATE TABLE public.events_2024 PARTITION OF public.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE TABLE public.events_2025 PARTITION OF public.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                CREATE TABLE public.events_2026 PARTITION OF public.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')
                    PARTITION BY RANGE (id);
                CREATE TABLE public.events_2026_low PARTITION OF public.events_2026 FOR VALUES FROM (0) TO (1000);
                CREATE TABLE public.events_2026_high PARTITION OF public.events_2026 FOR VALUES FROM (1000) TO (2000);
                CREATE TABLE public.events_2027 PARTITION OF public.events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
                CREATE FUNCTION public.audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                CREATE TRIGGER audit BEFORE INSERT ON public.events FOR EACH ROW EXECUTE FUNCTION public.audit();
                CREATE TRIGGER quiet BEFORE UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION public.audit();
                ALTER TABLE public.events DISABLE TRIGGER quiet;
                ALTER TABLE public.events_2024 DISABLE TRIGGER audit;
                ALTER TABLE public.events_2025 ENABLE ALWAYS TRIGGER audit;
                ALTER TABLE public.events_2026 ENABLE REPLICA TRIGGER audit;
                ALTER TABLE public.events_2026_high ENABLE TRIGGER audit;
                ALTER TABLE public.events_2027 ENABLE TRIGGER quiet;
                COMMENT ON TRIGGER audit ON public.events_2026_low IS 'a clone''s own comment';
                """);
        String facts = """
                SELECT t.tgrelid::regclass::text, t.tgname, t.tgenabled, obj_description(t.oid, 'pg_trigger') FROM pg_trigger t
                 WHERE NOT t.tgisinternal AND t.tgrelid::regclass::text LIKE 'events%' ORDER BY 1, 2""";
        trip.assertSame(facts);
        assertTrue(trip.source(facts).containsAll(List.of("events_2024|audit|D|null", "events_2025|audit|A|null",
                "events_2026_low|audit|R|a clone's own comment", "events_2026_high|audit|O|null", "events_2027|quiet|O|null",
                "events_2024|quiet|D|null")), trip.source(facts).toString());
    }

    /** Item 8: an identity sequence made UNLOGGED or LOGGED apart from its table (PostgreSQL 15+). */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(strings = {"15", "17", "18"})
    void identitySequencePersistenceComesBack(String major) throws Exception {
        RoundTrip trip = roundTrip(major, """
                CREATE TABLE public.tickets (id integer GENERATED ALWAYS AS IDENTITY, v text);
                ALTER SEQUENCE public.tickets_id_seq SET UNLOGGED;
                CREATE UNLOGGED TABLE public.scratch (id bigint GENERATED BY DEFAULT AS IDENTITY, v text);
                ALTER SEQUENCE public.scratch_id_seq SET LOGGED;
                CREATE UNLOGGED TABLE public.scratch_too (id bigint GENERATED BY DEFAULT AS IDENTITY);
                CREATE UNLOGGED SEQUENCE public.loose;
                CREATE UNLOGGED TABLE public.counted (id serial);
                ALTER SEQUENCE public.counted_id_seq SET LOGGED;
                INSERT INTO public.tickets (v) VALUES ('a'), ('b');
                """);
        String facts = """
                SELECT c.relname, c.relkind, c.relpersistence FROM pg_class c
                 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'S') ORDER BY 1""";
        trip.assertSame(facts);
        assertTrue(trip.source(facts).containsAll(List.of("tickets_id_seq|S|u", "scratch_id_seq|S|p", "scratch_too_id_seq|S|u",
                "loose|S|u", "counted_id_seq|S|p")), trip.source(facts).toString());
    }

    /** Item 9: a domain's named NOT NULL keeps its name and comment (PostgreSQL 17+ catalogs it). */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(strings = {"15", "17", "18"})
    void domainNotNullKeepsItsName(String major) throws Exception {
        RoundTrip trip = roundTrip(major, """
                CREATE DOMAIN public.positive_id AS integer CONSTRAINT positive_id_nn NOT NULL
                    CONSTRAINT positive_id_check CHECK (VALUE > 0);
                CREATE DOMAIN public.plain_id AS integer NOT NULL;
                CREATE DOMAIN public.later_id AS integer;
                CREATE TABLE public.owners (id public.positive_id, other public.plain_id, later public.later_id);
                """ + (Integer.parseInt(major) < 17 ? "ALTER DOMAIN public.later_id SET NOT NULL;\n" : """
                ALTER DOMAIN public.later_id ADD CONSTRAINT later_id_nn NOT NULL;
                COMMENT ON CONSTRAINT positive_id_nn ON DOMAIN public.positive_id IS 'ids are given';
                """));
        trip.assertSame(CONSTRAINTS);
        trip.assertSame("SELECT typname, typnotnull FROM pg_type WHERE typnamespace = 'public'::regnamespace AND typtype = 'd' ORDER BY 1");
        if (Integer.parseInt(major) >= 17) {
            assertTrue(trip.source(CONSTRAINTS).contains("-|positive_id|positive_id_nn|n|t|f|NOT NULL|ids are given"),
                    trip.source(CONSTRAINTS).toString());
        }
    }

    /**
     * Item 9 on PostgreSQL 18: an inheritance child's own NOT NULL constraints keep their names,
     * validity and comments, whatever its parents have (a NOT VALID one, none, a NO INHERIT one).
     */
    @Test
    void inheritanceChildKeepsItsOwnNotNullConstraintsOn18() throws Exception {
        RoundTrip trip = roundTrip("18", """
                CREATE TABLE public.parent_a (a integer, b integer);
                CREATE TABLE public.child_a (c integer) INHERITS (public.parent_a);
                ALTER TABLE public.child_a ADD CONSTRAINT child_a_nn NOT NULL a;
                INSERT INTO public.parent_a VALUES (NULL, 1);
                ALTER TABLE public.parent_a ADD CONSTRAINT parent_a_nn NOT NULL a NOT VALID;
                COMMENT ON CONSTRAINT child_a_nn ON public.child_a IS 'the child''s own';
                CREATE TABLE public.parent_b (a integer, b integer);
                INSERT INTO public.parent_b VALUES (NULL, 1);
                ALTER TABLE public.parent_b ADD CONSTRAINT parent_b_nn NOT NULL a NOT VALID;
                CREATE TABLE public.child_b (c integer) INHERITS (public.parent_b);
                COMMENT ON CONSTRAINT parent_b_nn ON public.child_b IS 'validated in the child';
                CREATE TABLE public.parent_c (a integer CONSTRAINT parent_c_nn NOT NULL, b integer);
                CREATE TABLE public.child_c (c integer) INHERITS (public.parent_c);
                COMMENT ON CONSTRAINT parent_c_nn ON public.child_c IS 'inherited';
                CREATE TABLE public.parent_d (a integer, b integer);
                CREATE TABLE public.child_d (c integer) INHERITS (public.parent_d);
                ALTER TABLE public.child_d ALTER COLUMN a SET NOT NULL;
                ALTER TABLE public.child_d ADD CONSTRAINT child_d_b_nn NOT NULL b NO INHERIT;
                CREATE TABLE public.parent_e (a integer CONSTRAINT parent_e_nn NOT NULL);
                CREATE TABLE public.parent_f (a integer);
                INSERT INTO public.parent_f VALUES (NULL);
                ALTER TABLE public.parent_f ADD CONSTRAINT parent_f_nn NOT NULL a NOT VALID;
                CREATE TABLE public.child_ef () INHERITS (public.parent_e, public.parent_f);
                """);
        trip.assertSame(CONSTRAINTS);
        List<String> source = trip.source(CONSTRAINTS);
        assertTrue(source.containsAll(List.of(
                "child_a|-|child_a_nn|n|t|f|NOT NULL a|the child's own",
                "parent_a|-|parent_a_nn|n|f|f|NOT NULL a NOT VALID|null",
                "child_b|-|parent_b_nn|n|t|f|NOT NULL a|validated in the child",
                "child_d|-|child_d_b_nn|n|t|t|NOT NULL b NO INHERIT|null",
                "child_ef|-|parent_e_nn|n|t|f|NOT NULL a|null")), source.toString());
        // Only inherited, as in the source: a valid parent's NOT NULL gives the child its own, never declared locally
        // (child_b's, under a NOT VALID parent only, is declared so, as pg_dump 18 writes it).
        trip.assertSame("SELECT c.relname, co.conname, co.conislocal, co.coninhcount FROM pg_constraint co"
                + " JOIN pg_class c ON c.oid = co.conrelid WHERE co.contype = 'n' AND c.relname IN ('child_c', 'child_ef') ORDER BY 1, 2");
    }

    /**
     * Beyond the issue, same family: the storage parameters of a key's index (not part of the
     * constraint's definition) and the statistics targets of index expression columns.
     */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(strings = {"15", "17", "18"})
    void indexSettingsComeBack(String major) throws Exception {
        RoundTrip trip = roundTrip(major, """
                CREATE TABLE public.booked (id integer CONSTRAINT booked_pk PRIMARY KEY WITH (fillfactor = 80),
                    code text, note text, during int4range,
                    CONSTRAINT booked_code UNIQUE (code) INCLUDE (note) WITH (fillfactor = 70) DEFERRABLE INITIALLY DEFERRED,
                    CONSTRAINT booked_during EXCLUDE USING gist (during WITH &&) WITH (fillfactor = 60) WHERE (id > 0));
                CREATE INDEX booked_lower ON public.booked (lower(code), (id + 1)) WITH (fillfactor = 50);
                ALTER INDEX public.booked_lower ALTER COLUMN 1 SET STATISTICS 77;
                ALTER INDEX public.booked_lower ALTER COLUMN 2 SET STATISTICS 0;
                CREATE TABLE public.ledger (id integer, k integer) PARTITION BY RANGE (id);
                CREATE TABLE public.ledger_1 PARTITION OF public.ledger FOR VALUES FROM (0) TO (10);
                CREATE INDEX ledger_k ON public.ledger ((k * 2));
                ALTER INDEX public.ledger_1_expr_idx ALTER COLUMN 1 SET STATISTICS 44;
                INSERT INTO public.booked VALUES (1, 'a', 'n', '[1,5)');
                """);
        String facts = """
                SELECT ic.relname, coalesce(ic.reloptions::text, '-'), pg_get_indexdef(i.indexrelid),
                       (SELECT string_agg(a.attnum || '=' || coalesce(to_jsonb(a) ->> 'attstattarget', '-1'), ',' ORDER BY a.attnum)
                          FROM pg_attribute a WHERE a.attrelid = i.indexrelid)
                  FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                 WHERE ic.relnamespace = 'public'::regnamespace ORDER BY 1""";
        trip.assertSame(facts);
        trip.assertSame(CONSTRAINTS);
        assertTrue(trip.source(facts).containsAll(List.of(
                "booked_code|{fillfactor=70}|CREATE UNIQUE INDEX booked_code ON public.booked USING btree (code) INCLUDE (note)"
                        + " WITH (fillfactor='70')|1=-1,2=-1",
                "ledger_1_expr_idx|-|CREATE INDEX ledger_1_expr_idx ON public.ledger_1 USING btree (((k * 2)))|1=44")),
                trip.source(facts).toString());
    }

    /** Beyond the issue: a comment on the CHECK constraint an inheritance child inherits. */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(strings = {"15", "17", "18"})
    void commentOnInheritedCheckComesBack(String major) throws Exception {
        RoundTrip trip = roundTrip(major, """
                CREATE TABLE public.notes (id integer, body text CONSTRAINT body_short CHECK (length(body) < 100));
                CREATE TABLE public.memos (urgent boolean) INHERITS (public.notes);
                ALTER TABLE public.notes ADD CONSTRAINT id_positive CHECK (id > 0) NOT VALID;
                COMMENT ON CONSTRAINT body_short ON public.memos IS 'inherited, commented in the child';
                COMMENT ON CONSTRAINT id_positive ON public.memos IS 'inherited unvalidated';
                """);
        trip.assertSame(CONSTRAINTS);
        assertTrue(trip.source(CONSTRAINTS).contains(
                "memos|-|body_short|c|t|f|CHECK ((length(body) < 100))|inherited, commented in the child"),
                trip.source(CONSTRAINTS).toString());
    }

    /** Item 10 with a real server: the column options every major knows come back as they were. */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(strings = {"15", "17", "18"})
    void columnOptionsComeBack(String major) throws Exception {
        RoundTrip trip = roundTrip(major, """
                CREATE TABLE public.measured (a integer, b text, c numeric);
                ALTER TABLE public.measured ALTER COLUMN a SET (n_distinct = -0.5, n_distinct_inherited = 7);
                ALTER TABLE public.measured ALTER COLUMN b SET (n_distinct = .25);
                CREATE TABLE public.measured_parent (a integer) PARTITION BY RANGE (a);
                ALTER TABLE public.measured_parent ALTER COLUMN a SET (n_distinct_inherited = 100);
                """);
        trip.assertSame("""
                SELECT c.relname, a.attname, a.attoptions::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                 WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 ORDER BY 1, 2""");
    }

    /** Item 10: an option this engine does not know is named in a warning, never copied blindly. */
    @Test
    void unknownColumnOptionIsNamedAndNotCopied() {
        PgCatalog.Relation table = new PgCatalog.Relation(16400, "public", "measured", 'r', 'p', List.of(), false, null, null,
                List.of(), "heap", false, false, 'd', 0, 0, null, true, null, null, "postgres", List.of(), false, null);
        PgCatalog.Column column = new PgCatalog.Column(16400, 1, "a", "integer", false, true, 0, ' ', ' ', null, null, null,
                null, List.of("n_distinct=42", "future_option=on", "n_distinct_inherited=1); DROP TABLE x; --"), null, null,
                List.of());
        PgCatalog catalog = new PgCatalog(new PgCatalog.Server("18.0", 180000, "db", "UTF8", "postgres", true, 0), Set.of(),
                List.of(new PgCatalog.Schema(2200, "public", "postgres", List.of(), false, null, false)), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(table), Map.of(16400L, List.of(column)), List.of(), List.of(), Map.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        DumpPlan plan = new DumpPlan(catalog, BackupOptions.defaults());

        String script = String.join("\n", plan.preData().stream().map(DumpPlan.Entry::sql).toList());
        assertTrue(script.contains("ALTER TABLE ONLY public.measured ALTER COLUMN a SET (n_distinct=42);"), script);
        assertFalse(script.contains("future_option"), script);
        assertFalse(script.contains("DROP TABLE"), script);
        assertEquals(List.of(
                "Column public.measured.a: option future_option=on is not reproduced (only n_distinct and n_distinct_inherited are copied)",
                "Column public.measured.a: option n_distinct_inherited=1); DROP TABLE x; -- is not reproduced"
                        + " (only n_distinct and n_distinct_inherited are copied)"), plan.warnings());
    }

    /** Beyond the issue: a key's index or a materialized view in a tablespace is named, as a table there is. */
    @Test
    void tablespacesOfKeyIndexesAndMaterializedViewsAreNamed() {
        PgCatalog.Relation table = new PgCatalog.Relation(16400, "public", "booked", 'r', 'p', List.of(), false, null, null,
                List.of(), "heap", false, false, 'd', 0, 0, null, true, null, null, "postgres", List.of(), false, null);
        PgCatalog.Relation matview = new PgCatalog.Relation(16410, "public", "booked_m", 'm', 'p', List.of(), false, null, null,
                List.of(), "heap", false, false, 'd', 0, 0, " SELECT 1 AS one;", true, null, "fast", "postgres", List.of(), false,
                null);
        PgCatalog.Column id = new PgCatalog.Column(16400, 1, "id", "integer", true, true, 0, ' ', ' ', null, null, null, null,
                List.of(), null, null, List.of());
        PgCatalog.Constraint key = new PgCatalog.Constraint(16402, "booked_pk", 'p', 16400, 0, "PRIMARY KEY (id)", true, 0, 0,
                true, 16401, 0, null, null);
        PgCatalog.Index index = new PgCatalog.Index(16401, "public", "booked_pk", 16400,
                "CREATE UNIQUE INDEX booked_pk ON public.booked USING btree (id)", false, false, 0, true, "fast", null,
                List.of(), Map.of());
        PgCatalog catalog = new PgCatalog(new PgCatalog.Server("18.0", 180000, "db", "UTF8", "postgres", true, 0), Set.of(),
                List.of(new PgCatalog.Schema(2200, "public", "postgres", List.of(), false, null, false)), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(table, matview), Map.of(16400L, List.of(id)), List.of(key),
                List.of(index), Map.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

        List<String> warnings = new DumpPlan(catalog, BackupOptions.defaults()).warnings();

        assertTrue(warnings.contains("Index public.booked_pk of constraint booked_pk on public.booked is in tablespace fast;"
                + " it is restored into the default tablespace"), warnings.toString());
        assertTrue(warnings.contains("Materialized view public.booked_m is in tablespace fast; it is restored into the default"
                + " tablespace"), warnings.toString());
    }

    /** Constraints of tables and domains with what makes them what they are, and their comments. */
    private static final String CONSTRAINTS = """
            SELECT coalesce(c.relname, '-'), coalesce(t.typname, '-'), co.conname, co.contype, co.convalidated, co.connoinherit,
                   pg_get_constraintdef(co.oid), obj_description(co.oid, 'pg_constraint')
              FROM pg_constraint co LEFT JOIN pg_class c ON c.oid = co.conrelid LEFT JOIN pg_type t ON t.oid = co.contypid
             WHERE co.connamespace = 'public'::regnamespace ORDER BY 1, 2, 3""";

    /** A source database made from {@code sql} and its copy through a built-in backup and restore. */
    private RoundTrip roundTrip(String major, String sql) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared(major);
        String source = pg.createDatabase("silent_loss");
        try (Connection c = pg.connect(source); Statement s = c.createStatement()) {
            s.execute(sql);
        }
        PgBackupService service = new PgBackupService(NativePgTools.fromEnvironment(null));
        Path file = dir.resolve(source + ".sql");
        BackupResult backup = service.create(PgFidelityRoundTripTest.endpoint(pg, source),
                BackupOptions.defaults().withCompression(Compression.NONE), EngineChoice.BUILTIN, false, file, null)
                .run(new RecordingContext());
        assertEquals(List.of(), backup.manifest().warnings(), "nothing here is beyond the engine");
        String copy = source + "_copy";
        RestoreResult restore = service.restore(file, PgFidelityRoundTripTest.endpoint(pg, "postgres"),
                RestoreOptions.defaults().withCreateDatabase(copy)).run(new RecordingContext());
        assertEquals(0, restore.script().errorCount(), "restore errors");
        return new RoundTrip(pg, source, copy);
    }

    private record RoundTrip(EmbeddedPostgres pg, String source, String copy) {

        List<String> source(String query) throws SQLException {
            return rows(source, query);
        }

        void assertSame(String query) throws SQLException {
            List<String> expected = rows(source, query);
            assertFalse(expected.isEmpty(), "the source has something to compare: " + query);
            assertEquals(expected, rows(copy, query), "source and restored copy differ on: " + query);
        }

        private List<String> rows(String database, String query) throws SQLException {
            List<String> rows = new ArrayList<>();
            try (Connection c = pg.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        values.add(String.valueOf(rs.getString(i)));
                    }
                    rows.add(String.join("|", values));
                }
            }
            return rows;
        }
    }
}
