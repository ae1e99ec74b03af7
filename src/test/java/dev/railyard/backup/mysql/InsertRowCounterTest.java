package dev.railyard.backup.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InsertRowCounterTest {

    private static Map<String, InsertRowCounter.Count> count(String dump, int chunk) {
        InsertRowCounter counter = new InsertRowCounter();
        byte[] bytes = dump.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            counter.feed(bytes, i, Math.min(chunk, bytes.length - i));
        }
        return counter.counts();
    }

    @Test
    void countsRowsOfMysqldumpAndRailyardInsertsButNotOfTriggerBodiesOrStrings() {
        String dump = "-- MySQL dump 10.13\n"
                + "/*!40000 ALTER TABLE `t` DISABLE KEYS */;\n"
                + "INSERT INTO `t` VALUES (1,'a),(b'),(2,'it\\'s; (x)'),(3,0x28),(4,'')\n;\n"
                + "INSERT INTO `t` VALUES (5,NULL);\n"
                + "INSERT INTO `we``ird ☃` (`a (b)`,`c`) VALUES\n(1,'x'),\n(2,'y');\n"
                + "DELIMITER ;;\n"
                + "INSERT INTO `t` VALUES (99);;\n"
                + "/*!50003 CREATE*/ /*!50003 TRIGGER x AFTER INSERT ON t FOR EACH ROW\n"
                + "INSERT INTO `t` VALUES (100) */;;\n"
                + "DELIMITER ;\n"
                + "INSERT INTO `empty_after` VALUES ();\n"
                + "  INSERT INTO `t` VALUES (101);\n";
        for (int chunk : new int[] {1, 3, 7, 4096}) {
            Map<String, InsertRowCounter.Count> counts = count(dump, chunk);
            assertEquals(5, counts.get("t").rows(), "chunk " + chunk + ": " + counts);
            assertEquals(2, counts.get("we`ird ☃").rows(), "chunk " + chunk + ": " + counts);
            assertEquals(1, counts.get("empty_after").rows(), "chunk " + chunk + ": " + counts);
            assertEquals(3, counts.size(), counts.toString());
        }
    }
}
