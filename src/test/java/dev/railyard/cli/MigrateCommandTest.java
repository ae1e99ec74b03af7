package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.railyard.support.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateCommandTest {

    @TempDir
    Path home;

    @TempDir
    Path migrations;

    private String url(EmbeddedPostgres pg, String db) {
        return "postgresql://postgres@127.0.0.1:" + pg.port() + "/" + db + "?sslmode=disable";
    }

    @Test
    void runAppliesPendingMigrationsAndAFailureExitsOneWithTheServersMessage() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("cli_migrate");
        Files.writeString(migrations.resolve("V1__create_items.sql"), "CREATE TABLE items (id int primary key);\n");
        CliRun cli = new CliRun(home);

        CliRun.Result status = cli.run("migrate", "status", "--url", url(pg, db), "--locations", migrations.toString(), "--json");
        assertEquals(0, status.code(), status.toString());
        assertEquals("PENDING", status.json().path("flyway").path("rows").get(0).path("status").asText());

        CliRun.Result run = cli.run("migrate", "run", "--url", url(pg, db), "--locations", migrations.toString());
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("Applied 1 migration"), run.out());

        Files.writeString(migrations.resolve("V2__broken.sql"), "ALTER TABLE nope ADD COLUMN x int;\n");
        CliRun.Result failed = cli.run("migrate", "run", "--url", url(pg, db), "--locations", migrations.toString());
        assertEquals(1, failed.code());
        assertTrue(failed.err().contains("relation \"nope\" does not exist"), failed.err());
        assertTrue(failed.err().contains("PostgreSQL rolled V2 back"), failed.err());
    }

    @Test
    void validateExitsOneWhenAnAppliedFileChanged() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("cli_validate");
        Path v1 = migrations.resolve("V1__create_items.sql");
        Files.writeString(v1, "CREATE TABLE items (id int primary key);\n");
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("migrate", "run", "--url", url(pg, db), "--locations", migrations.toString()).code());
        assertEquals(0, cli.run("migrate", "validate", "--url", url(pg, db), "--locations", migrations.toString()).code());

        Files.writeString(v1, "CREATE TABLE items (id bigint primary key);\n");
        CliRun.Result invalid = cli.run("migrate", "validate", "--url", url(pg, db), "--locations", migrations.toString(), "--json");
        assertEquals(1, invalid.code());
        JsonNode json = invalid.json();
        assertEquals(false, json.path("valid").asBoolean());
        assertTrue(json.path("changedScripts").size() == 1, json.toString());
    }

    @Test
    void aProductionProfileNeedsTheDatabaseNameTypedBack() throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("cli_prod");
        Files.writeString(migrations.resolve("V1__create_items.sql"), "CREATE TABLE items (id int primary key);\n");
        CliRun cli = new CliRun(home);
        assertEquals(0, cli.run("profile", "add", "prod", "--env", "production", "--secret", "ask", "--url", url(pg, db)).code());

        CliRun.Result refused = cli.run("migrate", "run", "--profile", "prod", "--locations", migrations.toString());
        assertEquals(2, refused.code());
        assertTrue(refused.errorLine().contains("--confirm " + db), refused.errorLine());

        CliRun.Result confirmed = cli.run("migrate", "run", "--profile", "prod", "--locations", migrations.toString(), "--confirm", db);
        assertEquals(0, confirmed.code(), confirmed.toString());
    }

    @Test
    void withoutLocationsRunIsAUsageError() {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        CliRun cli = new CliRun(home);
        CliRun.Result r = cli.run("migrate", "run", "--url", url(pg, "postgres"));
        assertEquals(2, r.code());
        assertTrue(r.errorLine().contains("--locations"), r.errorLine());
    }
}
