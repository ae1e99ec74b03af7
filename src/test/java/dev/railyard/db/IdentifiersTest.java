package dev.railyard.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @Test
    void postgresQuotesOnlyWhatNeedsIt() {
        assertEquals("orders", Identifiers.quote(Dialect.POSTGRESQL, "orders"));
        assertEquals("orders_2025$x", Identifiers.quote(Dialect.POSTGRESQL, "orders_2025$x"));
        assertEquals("\"Orders\"", Identifiers.quote(Dialect.POSTGRESQL, "Orders"));
        assertEquals("\"order\"", Identifiers.quote(Dialect.POSTGRESQL, "order"), "reserved word");
        assertEquals("\"user\"", Identifiers.quote(Dialect.POSTGRESQL, "user"));
        assertEquals("\"1st\"", Identifiers.quote(Dialect.POSTGRESQL, "1st"));
        assertEquals("\"my table\"", Identifiers.quote(Dialect.POSTGRESQL, "my table"));
        assertEquals("\"a\"\"b\"", Identifiers.quote(Dialect.POSTGRESQL, "a\"b"));
    }

    @Test
    void mysqlAlwaysUsesBackticksAndDoublesThem() {
        assertEquals("`orders`", Identifiers.quote(Dialect.MYSQL, "orders"));
        assertEquals("`we``ird`", Identifiers.quote(Dialect.MYSQL, "we`ird"));
    }

    @Test
    void qualifiedJoinsQuotedPartsAndSkipsMissingOnes() {
        assertEquals("public.\"Order\"", Identifiers.qualified(Dialect.POSTGRESQL, "public", "Order"));
        assertEquals("`shop`.`orders`", Identifiers.qualified(Dialect.MYSQL, "shop", "orders"));
        assertEquals("`orders`", Identifiers.qualified(Dialect.MYSQL, null, "orders"));
    }

    @Test
    void emptyOrNulCharacterNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Identifiers.quote(Dialect.POSTGRESQL, ""));
        assertThrows(IllegalArgumentException.class, () -> Identifiers.quote(Dialect.MYSQL, "a\0b"));
        assertThrows(IllegalArgumentException.class, () -> Identifiers.qualified(Dialect.MYSQL));
    }
}
