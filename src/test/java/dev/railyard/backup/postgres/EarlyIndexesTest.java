package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Which post-data statements may run as soon as their table is loaded, and on which table. */
class EarlyIndexesTest {

    @Test
    void indexesAndKeyConstraintsNameTheirTable() {
        assertEquals("public.orders", EarlyIndexes.target("CREATE INDEX orders_at ON public.orders USING btree (at)"));
        assertEquals("public.orders", EarlyIndexes.target("CREATE UNIQUE INDEX \"Orders Key\" ON ONLY public.orders (id)"));
        assertEquals("\"My Schema\".\"Odd \"\"Table\"\"\"",
                EarlyIndexes.target("CREATE INDEX i ON \"My Schema\".\"Odd \"\"Table\"\"\" (lower(name))"));
        assertEquals("s.t", EarlyIndexes.target("CREATE INDEX IF NOT EXISTS i ON s.t (a) INCLUDE (b) WHERE a > 0"));
        assertEquals("public.orders", EarlyIndexes.target("ALTER TABLE ONLY public.orders\n    ADD CONSTRAINT orders_pkey PRIMARY KEY (id)"));
        assertEquals("public.orders", EarlyIndexes.target("ALTER TABLE public.orders ADD CONSTRAINT u UNIQUE (code)"));
        assertEquals("public.booking", EarlyIndexes.target(
                "ALTER TABLE ONLY public.booking ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&)"));
    }

    @Test
    void statementsThatDependOnOtherTablesOrRowsWaitForTheirTurn() {
        assertNull(EarlyIndexes.target("ALTER TABLE ONLY public.child ADD CONSTRAINT child_parent_fkey FOREIGN KEY (p) "
                + "REFERENCES public.parent(id)"));
        assertNull(EarlyIndexes.target("ALTER TABLE public.parent ADD CONSTRAINT positive CHECK (n > 0) NOT VALID"));
        assertNull(EarlyIndexes.target("CREATE INDEX CONCURRENTLY i ON public.t (a)"));
        assertNull(EarlyIndexes.target("ALTER INDEX public.parent_idx ATTACH PARTITION public.child_idx"));
        assertNull(EarlyIndexes.target("CREATE TRIGGER t AFTER INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION f()"));
        assertNull(EarlyIndexes.target("COMMENT ON INDEX public.orders_at IS 'CREATE INDEX x ON y (z)'"));
    }
}
