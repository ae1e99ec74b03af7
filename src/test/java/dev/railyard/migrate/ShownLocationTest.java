package dev.railyard.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A migration's script location is shown as the user configured it (#17 wording). */
class ShownLocationTest {

    @Test
    void aScriptInsideTheJarShowsAsItsClassPathLocation() {
        assertEquals("classpath:sandbox/migrations/V3__add_order_notes.sql", FlywayMigrations.shownLocation(
                List.of("classpath:sandbox/migrations"),
                "/tmp/railyard-4411/file:/opt/railyard/railyard.jar!/sandbox/migrations/V3__add_order_notes.sql",
                "V3__add_order_notes.sql"));
    }

    @Test
    void aClassPathScriptUnpackedOnDiskStillShowsAsConfigured() {
        assertEquals("classpath:sandbox/migrations/V1__init.sql", FlywayMigrations.shownLocation(
                List.of("filesystem:/srv/other", "classpath:/sandbox/migrations/"),
                "/work/app/target/classes/sandbox/migrations/V1__init.sql", "V1__init.sql"));
    }

    @Test
    void aFolderOnDiskShowsTheFilesPath() {
        assertEquals("/home/dba/shop/db/migration/V2__orders.sql", FlywayMigrations.shownLocation(
                List.of("filesystem:/home/dba/shop/db/migration"), "/home/dba/shop/db/migration/V2__orders.sql",
                "V2__orders.sql"));
    }
}
