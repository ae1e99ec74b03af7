package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.BackupOptions;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A plan is linear in the number of objects: it looks things up through the catalog's maps and
 * never compares every relation with every index or constraint. The catalog is made in memory
 * (N tables, each with a serial primary key, an index and a foreign key), its lists count how
 * many elements the plan reads, and five times the tables must cost about five times the reads,
 * not twenty-five. Speed itself is measured by the pg-catalog benchmark, not here.
 */
class DumpPlanScaleTest {

    /** Reads of catalog list elements, counted by {@link CountingList}. */
    private long reads;

    @Test
    void planningFiveTimesTheTablesReadsTheCatalogAboutFiveTimesAsMuch() {
        long small = readsToPlan(2_000);
        long large = readsToPlan(10_000);
        assertTrue(large <= 6 * small, String.format(Locale.ROOT,
                "planning 10,000 tables read %,d catalog elements, 2,000 tables %,d: %.1f times as many (linear: 5)",
                large, small, (double) large / small));
    }

    @Test
    void planOfTenThousandTablesHasEveryKeyIndexAndForeignKeyInScriptOrder() {
        int n = 10_000;
        DumpPlan plan = new DumpPlan(catalog(n), BackupOptions.defaults());

        List<String> pre = plan.preData().stream().map(DumpPlan.Entry::label).toList();
        assertEquals(2 * n + 1, pre.size(), "sequences, tables, OWNED BY (the public schema is not created)");
        assertEquals("Name: t00000_id_seq; Type: SEQUENCE; Schema: public", pre.get(0));
        assertEquals("Name: t00000; Type: TABLE; Schema: public", pre.get(n));
        assertEquals("Sequence ownership (OWNED BY)", pre.get(2 * n));
        assertTrue(plan.preData().get(n).sql().contains("id bigint DEFAULT nextval('public.t00000_id_seq'::regclass) NOT NULL"),
                plan.preData().get(n).sql());

        List<String> post = plan.postData().stream().map(DumpPlan.Entry::label).toList();
        assertEquals(3 * n, post.size(), "a primary key, an index and a foreign key per table");
        assertEquals("Name: t00000 t00000_pkey; Type: CONSTRAINT; Schema: public", post.get(0));
        assertEquals("Name: t00000_v; Type: INDEX; Schema: public", post.get(n));
        assertEquals("Name: t00000 t00000_next_fk; Type: FK CONSTRAINT; Schema: public", post.get(2 * n));
        assertEquals("Name: t09999 t09999_next_fk; Type: FK CONSTRAINT; Schema: public", post.get(3 * n - 1));

        // Each table references the next one: referenced tables are copied first, so the last comes first.
        assertEquals(n, plan.tables().size());
        assertEquals("public.t09999", plan.tables().get(0).qualifiedName());
        assertEquals("public.t00000", plan.tables().get(n - 1).qualifiedName());
        assertEquals("(id, next_id, v)", plan.tables().get(0).copyColumns());
        assertEquals(n, plan.sequences().size());
        assertEquals(List.of(), plan.warnings());
    }

    private long readsToPlan(int tables) {
        PgCatalog catalog = catalog(tables);
        reads = 0;
        DumpPlan plan = new DumpPlan(catalog, BackupOptions.defaults());
        assertEquals(3 * tables, plan.postData().size());
        return reads;
    }

    /** N tables t00000.. in public: id bigserial PRIMARY KEY, next_id REFERENCES the next table, v text with an index. */
    private PgCatalog catalog(int n) {
        List<PgCatalog.Relation> relations = new ArrayList<>();
        Map<Long, List<PgCatalog.Column>> columns = new HashMap<>();
        List<PgCatalog.Constraint> constraints = new ArrayList<>();
        List<PgCatalog.Index> indexes = new ArrayList<>();
        Map<Long, PgCatalog.Sequence> sequences = new HashMap<>();
        List<PgCatalog.Dependency> dependencies = new ArrayList<>();
        long oid = 100_000;
        for (int i = 0; i < n; i++) {
            String name = String.format(Locale.ROOT, "t%05d", i);
            long table = oid + 10L * i;
            long sequence = table + 1;
            long next = oid + 10L * ((i + 1) % n);
            relations.add(relation(table, name, 'r'));
            relations.add(relation(sequence, name + "_id_seq", 'S'));
            sequences.put(sequence, new PgCatalog.Sequence(sequence, "bigint", 1, 1, 1, Long.MAX_VALUE, 1, false, table, "id", false));
            columns.put(table, new CountingList<>(List.of(
                    column(table, 1, "id", "bigint", true, "nextval('public." + name + "_id_seq'::regclass)"),
                    column(table, 2, "next_id", "bigint", false, null),
                    column(table, 3, "v", "text", false, null))));
            constraints.add(new PgCatalog.Constraint(table + 2, name + "_pkey", 'p', table, 0, "PRIMARY KEY (id)", true, 0, 0,
                    true, table + 3, 0, null, null));
            // The last table references itself, which orders nothing.
            long referenced = i + 1 < n ? next : table;
            String referencedName = i + 1 < n ? String.format(Locale.ROOT, "t%05d", i + 1) : name;
            constraints.add(new PgCatalog.Constraint(table + 4, name + "_next_fk", 'f', table, 0,
                    "FOREIGN KEY (next_id) REFERENCES public." + referencedName + "(id)", true, 0, 0, true, referenced + 3,
                    referenced, null, null));
            indexes.add(new PgCatalog.Index(table + 3, "public", name + "_pkey", table,
                    "CREATE UNIQUE INDEX " + name + "_pkey ON public." + name + " USING btree (id)", false, false, 0, true, null, null, List.of(), Map.of()));
            indexes.add(new PgCatalog.Index(table + 5, "public", name + "_v", table,
                    "CREATE INDEX " + name + "_v ON public." + name + " USING btree (v)", false, false, 0, false, null, null, List.of(), Map.of()));
            dependencies.add(new PgCatalog.Dependency('r', table, 'r', sequence, 1));
            dependencies.add(new PgCatalog.Dependency('r', sequence, 'r', table, 0));
        }
        PgCatalog.Server server = new PgCatalog.Server("17.0", 170000, "bench", "UTF8", "postgres", true, 0);
        List<PgCatalog.Schema> schemas = List.of(new PgCatalog.Schema(2200, "public", "pg_database_owner", List.of(), false,
                "standard public schema", false));
        return new PgCatalog(server, Set.of("select", "from", "table"), new CountingList<>(schemas), new CountingList<>(List.of()),
                new CountingList<>(List.of()), new CountingList<>(List.of()), new CountingList<>(List.of()),
                new CountingList<>(List.of()), new CountingList<>(relations), columns, new CountingList<>(constraints),
                new CountingList<>(indexes), sequences, new CountingList<>(List.of()), new CountingList<>(List.of()),
                new CountingList<>(List.of()), new CountingList<>(List.of()), new CountingList<>(dependencies),
                new CountingList<>(List.of()), new CountingList<>(List.of()), new CountingList<>(List.of()));
    }

    private static PgCatalog.Relation relation(long oid, String name, char kind) {
        return new PgCatalog.Relation(oid, "public", name, kind, 'p', List.of(), false, null, null, List.of(), kind == 'r' ? "heap" : null,
                false, false, 'd', 1000, 65536, null, true, null, null, "postgres", List.of(), false, null);
    }

    private static PgCatalog.Column column(long relid, int num, String name, String type, boolean notNull, String defaultExpression) {
        return new PgCatalog.Column(relid, num, name, type, notNull, true, 0, ' ', ' ', defaultExpression, null, null, null,
                List.of(), null, null, List.of());
    }

    /** A list whose every element read (by get, iteration or stream) is counted. */
    private final class CountingList<T> extends AbstractList<T> implements RandomAccess {
        private final List<T> elements;

        CountingList(List<T> elements) {
            this.elements = List.copyOf(elements);
        }

        @Override
        public T get(int index) {
            reads++;
            return elements.get(index);
        }

        @Override
        public int size() {
            return elements.size();
        }
    }
}
