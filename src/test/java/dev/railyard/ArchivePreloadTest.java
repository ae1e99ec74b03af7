package dev.railyard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The run that writes the launcher's class-data archive for commands loads what the commands were
 * seen to load (the JVM archives what a run loaded): the backup engines, the restore and the drivers,
 * not the window. A list that names classes no longer there has gone stale: regenerate it as its
 * header says.
 */
class ArchivePreloadTest {

    @Test
    void theListNamesTheEnginesAndDriversThatExistAndNotTheWindow() throws Exception {
        List<String> names;
        try (var in = ArchivePreload.class.getResourceAsStream(ArchivePreload.LIST)) {
            names = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
        List<String> loaded = ArchivePreload.load(getClass().getClassLoader());
        List<String> missing = names.stream().filter(n -> !loaded.contains(n)).toList();
        assertEquals(List.of(), missing, "classes of " + ArchivePreload.LIST + " that no longer exist: regenerate the list");
        for (Class<?> needed : List.of(dev.railyard.backup.postgres.BuiltinPgDump.class, dev.railyard.backup.postgres.PgRestore.class,
                dev.railyard.backup.mysql.BuiltinMysqlDump.class, dev.railyard.backup.script.PsqlScriptRunner.class,
                org.postgresql.jdbc.PgConnection.class, com.mysql.cj.jdbc.ConnectionImpl.class)) {
            assertTrue(names.contains(needed.getName()), needed.getName());
        }
        assertTrue(names.stream().noneMatch(n -> n.startsWith("dev.railyard.ui.")), "the window's classes are its archive's");
    }
}
