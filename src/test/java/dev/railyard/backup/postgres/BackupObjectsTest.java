package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.railyard.backup.postgres.BackupObjects.Kind;
import dev.railyard.backup.postgres.BackupObjects.PgObject;
import org.junit.jupiter.api.Test;

/** The objects a statement creates, as pg_dump and the built-in engine write them. */
class BackupObjectsTest {

    @Test
    void namesAreReadAsTheServerFoldsThem() {
        assertEquals(new PgObject(Kind.TABLE, "public", "orders", null, null, false),
                BackupObjects.parse("CREATE TABLE public.orders (\n    id integer NOT NULL\n)"));
        assertEquals(new PgObject(Kind.TABLE, "My Schema", "Order \"Lines\"", null, null, false),
                BackupObjects.parse("CREATE UNLOGGED TABLE \"My Schema\".\"Order \"\"Lines\"\"\" (id int)"));
        assertEquals(new PgObject(Kind.SCHEMA, null, "shop", null, null, false), BackupObjects.parse("CREATE SCHEMA shop"));
        assertEquals(new PgObject(Kind.EXTENSION, null, "pg_trgm", null, null, true),
                BackupObjects.parse("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public"));
        assertEquals(new PgObject(Kind.MATERIALIZED_VIEW, "s", "m", null, null, false),
                BackupObjects.parse("CREATE MATERIALIZED VIEW s.m AS\n SELECT 1\n  WITH NO DATA"));
    }

    @Test
    void routinesKeepTheirArgumentsWithoutDefaults() {
        PgObject f = BackupObjects.parse("CREATE OR REPLACE FUNCTION public.f(a integer DEFAULT 1, b text = 'x, y', OUT c numeric)\n"
                + " RETURNS numeric LANGUAGE sql AS $$SELECT 1$$");
        assertEquals(Kind.FUNCTION, f.kind());
        assertEquals("a integer, b text, OUT c numeric", f.arguments());
        assertEquals("a integer, b text", TargetCleaner.withoutOut(f.arguments()));
        assertEquals("DROP FUNCTION IF EXISTS \"public\".\"f\"(a integer, b text, OUT c numeric)", TargetCleaner.dropSql(f));
    }

    @Test
    void partsOfTablesNameTheirTable() {
        assertEquals(new PgObject(Kind.TRIGGER, "public", "audit", "orders", null, false), BackupObjects.parse(
                "CREATE TRIGGER audit AFTER INSERT OR UPDATE OF note ON public.orders FOR EACH ROW EXECUTE FUNCTION public.log()"));
        assertEquals(new PgObject(Kind.CONSTRAINT, "public", "orders_customer_fkey", "orders", null, false), BackupObjects.parse(
                "ALTER TABLE ONLY public.orders\n    ADD CONSTRAINT orders_customer_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id)"));
        assertEquals(new PgObject(Kind.INDEX, "llm", "chunks_trgm", "chunks", null, false),
                BackupObjects.parse("CREATE INDEX chunks_trgm ON llm.chunks USING gin (content public.gin_trgm_ops)"));
        assertEquals(new PgObject(Kind.POLICY, "public", "mine", "orders", null, false),
                BackupObjects.parse("CREATE POLICY mine ON public.orders USING (owner = CURRENT_USER)"));
    }

    @Test
    void statementsThatCreateNothingHaveASubject() {
        assertNull(BackupObjects.parse("SET search_path = ''"));
        assertNull(BackupObjects.parse("COMMENT ON TABLE public.orders IS 'x'"));
        assertArrayEquals(new String[] {"public", "orders_id_seq"},
                BackupObjects.subject("SELECT pg_catalog.setval('public.orders_id_seq', 42, true)"));
        assertArrayEquals(new String[] {"shop", "items"}, BackupObjects.subject("COMMENT ON COLUMN shop.items.state IS 'a.b'"));
        assertNull(BackupObjects.subject("SELECT pg_catalog.set_config('search_path', '', false)"));
        assertArrayEquals(new String[] {"public", "t"}, BackupObjects.copyTarget("COPY public.t (a, b) FROM stdin"));
    }
}
