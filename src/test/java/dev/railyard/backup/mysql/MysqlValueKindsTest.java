package dev.railyard.backup.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.railyard.backup.mysql.MysqlCatalog.ValueKind;
import org.junit.jupiter.api.Test;

/** Which literal each column type gets in a built-in dump; the round trips are in MysqlBackupFidelityTest. */
class MysqlValueKindsTest {

    @Test
    void everyBinaryLikeTypeIsWrittenAsHexAndAnUnknownTypeIsNeverAQuotedString() {
        for (String binary : new String[] {"vector", "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob"}) {
            assertEquals(ValueKind.BINARY, MysqlCatalog.kindOf(binary, null), binary);
        }
        assertEquals(ValueKind.BINARY, MysqlCatalog.kindOf("char", "binary"), "a text type in the binary character set");
        assertEquals(ValueKind.SPATIAL, MysqlCatalog.kindOf("geomcollection", null));
        assertEquals(ValueKind.BIT, MysqlCatalog.kindOf("bit", null));
        assertEquals(ValueKind.FLOAT, MysqlCatalog.kindOf("float", null));
        assertEquals(ValueKind.STRING, MysqlCatalog.kindOf("json", "utf8mb4"));
        assertEquals(ValueKind.UNKNOWN, MysqlCatalog.kindOf("some_future_type", null));
    }
}
