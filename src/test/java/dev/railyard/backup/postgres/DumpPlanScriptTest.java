package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.PgClientTools;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plan of the fidelity fixture (with the additions of each newer major, and a few objects
 * the fixture lacks), under several scopes, is the script recorded in
 * {@code fixtures/dump-plan/pg<major>.txt}: statement for statement, byte for byte. It holds the
 * built-in engine's output still while its code is reorganised. When an output change is
 * intended, the test writes the new script to {@code target/dump-plan/}; review the difference and
 * copy it over the recorded one.
 */
class DumpPlanScriptTest {

    /** Objects the fixture does not have, for the branches they take in the plan. */
    private static final String EXTRA = """
            CREATE SCHEMA golden;
            DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'golden_reader') THEN
                CREATE ROLE golden_reader; END IF; END $$;
            CREATE TABLE golden.ri (id integer NOT NULL, v text);
            CREATE UNIQUE INDEX ri_id ON golden.ri (id);
            ALTER TABLE golden.ri REPLICA IDENTITY USING INDEX ri_id;
            ALTER TABLE golden.ri CLUSTER ON ri_id;
            ALTER TABLE golden.ri ENABLE ROW LEVEL SECURITY;
            ALTER TABLE golden.ri FORCE ROW LEVEL SECURITY;
            CREATE TABLE golden.counter (id integer PRIMARY KEY, n integer);
            CREATE FUNCTION golden.next_n() RETURNS integer LANGUAGE sql
                BEGIN ATOMIC SELECT coalesce(max(n), 0) + 1 FROM golden.counter; END;
            ALTER TABLE golden.counter ALTER COLUMN n SET DEFAULT golden.next_n();
            CREATE TABLE golden.parent (id integer, v text DEFAULT 'p');
            CREATE TABLE golden.child (w text) INHERITS (golden.parent);
            ALTER TABLE golden.child ALTER COLUMN v SET DEFAULT 'c';
            ALTER TABLE golden.child ALTER COLUMN id SET NOT NULL;
            CREATE UNLOGGED TABLE golden.scratch (id serial, note text);
            CREATE TYPE golden.pair AS (a integer, b integer);
            CREATE TABLE golden.typed OF golden.pair;
            CREATE TABLE golden.fk_source (id integer PRIMARY KEY, ri_id integer REFERENCES golden.ri (id),
                counter_id integer REFERENCES golden.counter);
            CREATE INDEX fk_source_ri ON golden.fk_source (ri_id);
            CREATE FUNCTION golden.noop() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RETURN NEW; END $f$;
            CREATE TRIGGER replica_only BEFORE INSERT ON golden.counter FOR EACH ROW EXECUTE FUNCTION golden.noop();
            ALTER TABLE golden.counter ENABLE REPLICA TRIGGER replica_only;
            CREATE RULE always_rule AS ON UPDATE TO golden.parent DO ALSO NOTIFY golden;
            ALTER TABLE golden.parent ENABLE ALWAYS RULE always_rule;
            CREATE VIEW golden.v_counter AS SELECT id, n FROM golden.counter;
            ALTER VIEW golden.v_counter ALTER COLUMN n SET DEFAULT 0;
            GRANT USAGE ON SCHEMA golden TO golden_reader;
            GRANT SELECT ON golden.counter TO golden_reader;
            GRANT SELECT (v) ON golden.parent TO golden_reader;
            GRANT EXECUTE ON FUNCTION golden.next_n() TO golden_reader;
            GRANT USAGE ON TYPE golden.pair TO golden_reader;
            GRANT SELECT ON SEQUENCE golden.scratch_id_seq TO golden_reader WITH GRANT OPTION;
            """;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(strings = {"15", "17", "18"})
    void planOfEveryObjectKindIsTheRecordedScript(String major) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared(major);
        String database = pg.createDatabase("plan");
        PgClientTools.psql(pg, database, "-f", PgFidelityRoundTripTest.fixture().toString());
        for (int version = 17; version <= Integer.parseInt(major); version++) {
            Path extra = Path.of(getClass().getResource("/fixtures/pg-fidelity-" + version + ".sql").toURI());
            PgClientTools.psql(pg, database, "-f", extra.toString());
        }
        PgClientTools.psql(pg, database, "-c", EXTRA);
        Map<String, BackupOptions> variants = new LinkedHashMap<>();
        variants.put("whole database, owners and privileges", BackupOptions.defaults().withOwners(true).withPrivileges(true));
        variants.put("whole database", BackupOptions.defaults());
        variants.put("schema golden", BackupOptions.defaults().withSchemas(List.of("golden")).withPrivileges(true));
        variants.put("tables app.orders, measurements, golden.*", BackupOptions.defaults()
                .withTables(List.of("app.orders", "measurements", "golden.*")).withOwners(true));
        variants.put("schema only, schema \"order\"", BackupOptions.defaults().withSchemaOnly(true).withSchemas(List.of("\"order\"")));
        variants.put("data only", BackupOptions.defaults().withDataOnly(true));

        StringBuilder actual = new StringBuilder();
        try (Connection c = pg.connect(database)) {
            PgCatalog catalog = readLikeABackup(c);
            for (Map.Entry<String, BackupOptions> variant : variants.entrySet()) {
                actual.append("==== ").append(variant.getKey()).append('\n');
                actual.append(render(new DumpPlan(catalog, variant.getValue())));
            }
            c.rollback();
        }
        String name = "pg" + major + ".txt";
        String expected = "";
        try (InputStream recorded = getClass().getResourceAsStream("/fixtures/dump-plan/" + name)) {
            if (recorded != null) {
                expected = new String(recorded.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        if (!expected.equals(actual.toString())) {
            Path written = Path.of("target", "dump-plan", name);
            Files.createDirectories(written.getParent());
            Files.writeString(written, actual);
            assertEquals(expected, actual.toString(), "the plan differs from src/test/resources/fixtures/dump-plan/" + name
                    + "; the new one is in " + written.toAbsolutePath());
        }
        assertTrue(actual.toString().contains("CREATE TABLE app.orders ("), "the plan holds the fixture");
    }

    /** The catalog read as {@code BuiltinPgDump} reads it: same settings, one REPEATABLE READ transaction. */
    static PgCatalog readLikeABackup(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_catalog.set_config('search_path', '', false); SET DateStyle = ISO; "
                    + "SET IntervalStyle = postgres; SET extra_float_digits = 3; SET bytea_output = hex; "
                    + "SET quote_all_identifiers = off");
            c.setAutoCommit(false);
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        }
        return PgCatalog.read(c);
    }

    /** Every part of a plan, in the order the script writes them, and what else it decided. */
    static String render(DumpPlan plan) {
        StringBuilder text = new StringBuilder();
        text.append("-- pre-data\n");
        plan.preData().forEach(e -> text.append("-- ").append(e.label()).append('\n').append(e.sql()));
        text.append("-- data\n");
        plan.tables().forEach(t -> text.append("COPY ").append(t.qualifiedName()).append(' ').append(t.copyColumns()).append('\n'));
        plan.sequences().forEach(s -> text.append("setval ").append(s.qualifiedName()).append('\n'));
        text.append("-- post-data\n");
        plan.postData().forEach(e -> text.append("-- ").append(e.label()).append('\n').append(e.sql()));
        text.append("-- warnings\n");
        plan.warnings().forEach(w -> text.append(w).append('\n'));
        return text.toString();
    }
}
