package dev.railyard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.Migrators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code release --run}: back up, verify, then run the user's own migrator with the address in its
 * environment, never in a process's arguments; exit with the migrator's code, and on failure name
 * the backup and the restore command. With real Knex, Drizzle, Alembic and Django, and a shell-script migrator.
 */
class ReleaseRunCliTest {

    /** URL-special characters, so DATABASE_URL has to be encoded right for the migrators to connect. */
    private static final String PASSWORD = "Rel3ase p@ss/w:rd";

    @TempDir
    Path home;

    @TempDir
    Path project;

    private CliRun cli;

    /** The node_modules link points outside the temp folder: removed here, so JUnit need not warn about it. */
    @org.junit.jupiter.api.AfterEach
    void unlinkNodeModules() throws java.io.IOException {
        Files.deleteIfExists(project.resolve("node_modules"));
    }

    private String addProfile(String name, String env) {
        EmbeddedPostgres pg = EmbeddedPostgres.shared();
        String db = pg.createDatabase("release_run");
        cli = new CliRun(home).vaultPassword("vault-pass-1234");
        String url = "postgresql://postgres:" + java.net.URLEncoder.encode(PASSWORD, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20") + "@127.0.0.1:" + pg.port() + "/" + db + "?sslmode=disable";
        CliRun.Result add = cli.run("profile", "add", name, "--env", env, "--secret", "vault", "--url", url);
        assertEquals(0, add.code(), add.toString());
        return db;
    }

    private static boolean tableExists(String db, String table) throws Exception {
        try (Connection c = EmbeddedPostgres.shared().connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private JsonNode backupInList(String profile, String id) {
        CliRun.Result list = cli.run("backup", "list", "--profile", profile, "--json");
        assertEquals(0, list.code(), list.toString());
        for (JsonNode entry : list.json().isArray() ? list.json() : list.json().path("backups")) {
            if (entry.path("id").asText().equals(id)) {
                assertTrue(Files.isRegularFile(Path.of(entry.path("file").asText())), entry.toString());
                return entry;
            }
        }
        throw new AssertionError("backup " + id + " is not in the catalog: " + list.out());
    }

    /** Runs release --run, checks the shared promises, returns the JSON report. */
    private JsonNode release(String profile, String command, int expectedExit) {
        CliRun.Result run = cli.run("release", "--profile", profile, "--run", command, "--json");
        assertEquals(expectedExit, run.code(), run.toString());
        JsonNode report = run.json();
        assertEquals(expectedExit, report.path("exitCode").asInt(-1), run.out());
        assertTrue(report.path("verified").asBoolean(), run.out());
        assertTrue(run.err().contains("ARGV-CHECK clean"), "the migrator saw no password in any process's arguments:\n" + run);
        assertFalse(run.err().contains("ARGV-CHECK leak"), run.toString());
        String id = report.path("backup").asText();
        assertFalse(id.isEmpty(), run.out());
        JsonNode listed = backupInList(profile, id);
        assertEquals(expectedExit, listed.path("release").path("exitCode").asInt(-1), listed.toString());
        if (expectedExit != 0) {
            String restore = "railyard backup restore " + id + " --to-profile " + profile + " --clean";
            assertEquals(restore, report.path("restoreCommand").asText(), run.out());
            assertTrue(report.path("summary").asText().contains(restore), run.out());
            assertTrue(report.path("summary").asText().contains("exit code " + expectedExit), run.out());
        }
        assertFalse(run.out().contains(PASSWORD) || run.err().contains(PASSWORD), "the password is never printed:\n" + run);
        return report;
    }

    /** The markers are split in the script's text, which the progress lines repeat. */
    private static final String SHELL_ARGV_CHECK =
            "leaks=$(printf '%s\\n' \"$PGPASSWORD\" | grep -lF -f - /proc/[0-9]*/cmdline 2>/dev/null); "
            + "if [ -n \"$leaks\" ]; then echo \"ARGV-CHECK le\"\"ak $leaks\"; else echo ARGV-CHECK cl\"\"ean; fi; ";

    @Test
    void aShellMigratorGetsTheAddressInItsEnvironmentAndItsExitCodeIsReleasesExitCode() throws Exception {
        String db = addProfile("shop", "development");
        // The check can fail: a process with the password in its arguments is found.
        String planted = "sh -c 'sleep 5' \"x$PGPASSWORD\" & sleep 0.3; "
                + "found=$(printf '%s\\n' \"$PGPASSWORD\" | grep -lF -f - /proc/[0-9]*/cmdline 2>/dev/null); "
                + "[ -n \"$found\" ] && echo PLANTED-FOUND; kill $! 2>/dev/null; ";
        String migrator = SHELL_ARGV_CHECK + planted
                + "echo \"host=$PGHOST port=$PGPORT user=$PGUSER db=$PGDATABASE\"; "
                + "case \"$DATABASE_URL\" in postgresql://postgres:*@127.0.0.1:*/" + db + ") echo URL-OK;; esac; "
                + "[ ${#PGPASSWORD} -eq " + PASSWORD.length() + " ] && echo PASSWORD-OK; "
                + "case \"$DATABASE_URL\" in *:Rel3ase%20p%40ss%2Fw%3Ard@*) echo URL-ENCODED;; esac; "
                + "[ -z \"$RAILYARD_VAULT_PASSWORD\" ] && echo NO-VAULT-PASSWORD; exit 7";
        CliRun.Result run = cli.run("release", "--profile", "shop", "--run", migrator);
        assertEquals(7, run.code(), run.toString());
        assertTrue(run.out().contains("PLANTED-FOUND"), run.toString());
        assertTrue(run.out().contains("ARGV-CHECK clean"), run.toString());
        assertTrue(run.out().contains("host=127.0.0.1 port=" + EmbeddedPostgres.shared().port() + " user=postgres db=" + db), run.out());
        assertTrue(run.out().contains("URL-OK"), run.out());
        assertTrue(run.out().contains("PASSWORD-OK"), run.out());
        assertTrue(run.out().contains("URL-ENCODED"), run.out());
        assertTrue(run.out().contains("NO-VAULT-PASSWORD"), run.out());
        assertTrue(run.out().contains("railyard backup restore "), run.out());

        // The command stored with the profile runs when --run is not given.
        assertEquals(0, cli.run("profile", "edit", "shop", "--migrate-command", SHELL_ARGV_CHECK + "exit 0").code());
        JsonNode shown = cli.run("profile", "show", "shop", "--json").json();
        assertTrue(shown.toString().contains("ARGV-CHECK"), shown.toString());
        CliRun.Result stored = cli.run("release", "--profile", "shop", "--json");
        assertEquals(0, stored.code(), stored.toString());
        assertTrue(stored.err().contains("ARGV-CHECK clean"), stored.toString());
        assertEquals(0, release("shop", SHELL_ARGV_CHECK + "exit 0", 0).path("exitCode").asInt());
    }

    @Test
    void aCommandWithThePasswordInItIsRefusedBeforeAnythingRuns() {
        addProfile("shop", "development");
        CliRun.Result run = cli.run("release", "--profile", "shop", "--run", "echo '" + PASSWORD + "' > " + project.resolve("ran"));
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("contains the database password"), run.err());
        assertFalse(run.err().contains(PASSWORD), run.err());
        assertFalse(Files.exists(project.resolve("ran")));
        assertEquals(0, cli.run("backup", "list", "--profile", "shop", "--json").json().size());
    }

    @Test
    void onProductionTheMigratorRunsOnlyWithTheDatabaseNameConfirmed() {
        String db = addProfile("prod", "production");
        Path marker = project.resolve("ran");
        CliRun.Result refused = cli.run("release", "--profile", "prod", "--run", "touch " + marker);
        assertNotEquals(0, refused.code(), refused.toString());
        assertFalse(Files.exists(marker), "nothing ran without --confirm");
        CliRun.Result confirmed = cli.run("release", "--profile", "prod", "--confirm", db, "--run", "touch " + marker);
        assertEquals(0, confirmed.code(), confirmed.toString());
        assertTrue(Files.exists(marker));
    }

    @Test
    void knexSucceedingThenFailing() throws Exception {
        String knex = Migrators.knexCli();
        String db = addProfile("shop", "development");
        // As in a project: knex and pg in its node_modules.
        Files.createSymbolicLink(project.resolve("node_modules"), Migrators.NODE_PREFIX.resolve("node_modules"));
        Files.writeString(project.resolve("knexfile.js"),
                "module.exports = { client: 'pg', connection: process.env.DATABASE_URL, migrations: { directory: './migrations' } };\n");
        Path migrations = Files.createDirectories(project.resolve("migrations"));
        String argvCheck = """
                const fs = require('fs');
                function argvCheck() {
                  const pw = process.env.PGPASSWORD; const hits = [];
                  for (const d of fs.readdirSync('/proc')) {
                    if (!/^\\d+$/.test(d)) continue;
                    try { if (fs.readFileSync('/proc/' + d + '/cmdline').includes(pw)) hits.push(d); } catch (e) { }
                  }
                  console.log(hits.length ? 'ARGV-CHECK leak ' + hits.join(',') : 'ARGV-CHECK clean');
                }
                """;
        Files.writeString(migrations.resolve("20240101000000_items.js"), argvCheck + """
                exports.up = async knex => { argvCheck(); await knex.schema.createTable('items', t => { t.increments('id'); t.string('name'); }); };
                exports.down = knex => knex.schema.dropTable('items');
                """);
        String command = "cd '" + project + "' && " + knex + " migrate:latest";

        JsonNode ok = release("shop", command, 0);
        assertTrue(tableExists(db, "items"));
        assertTrue(ok.path("headBefore").isNull(), ok.toString());
        assertEquals("Knex 20240101000000_items.js", ok.path("headAfter").asText(), ok.toString());

        Files.writeString(migrations.resolve("20240102000000_broken.js"), argvCheck + """
                exports.up = async knex => { argvCheck(); await knex.raw('SELECT * FROM no_such_table'); };
                exports.down = async () => { };
                """);
        JsonNode failed = release("shop", command, 1);
        assertEquals("Knex 20240101000000_items.js", failed.path("headBefore").asText(), failed.toString());
        assertEquals("Knex 20240101000000_items.js", failed.path("headAfter").asText(), failed.toString());
    }

    @Test
    void alembicSucceedingThenFailing() throws Exception {
        String alembic = Migrators.alembic();
        String db = addProfile("shop", "development");
        Files.writeString(project.resolve("alembic.ini"), "[alembic]\nscript_location = migrations\n");
        Path migrations = Files.createDirectories(project.resolve("migrations/versions"));
        Files.writeString(project.resolve("migrations/env.py"), """
                import os
                from alembic import context
                from sqlalchemy import create_engine
                engine = create_engine(os.environ["DATABASE_URL"])
                with engine.connect() as connection:
                    context.configure(connection=connection, target_metadata=None)
                    with context.begin_transaction():
                        context.run_migrations()
                """);
        String argvCheck = """
                import os
                from alembic import op
                def argv_check():
                    pw = os.environ["PGPASSWORD"].encode()
                    hits = []
                    for d in os.listdir("/proc"):
                        if d.isdigit():
                            try:
                                with open("/proc/" + d + "/cmdline", "rb") as f:
                                    if pw in f.read():
                                        hits.append(d)
                            except OSError:
                                pass
                    print("ARGV-CHECK leak " + ",".join(hits) if hits else "ARGV-CHECK clean", flush=True)
                """;
        Files.writeString(migrations.resolve("0001_items.py"), argvCheck + """
                revision = "0001"
                down_revision = None
                branch_labels = None
                depends_on = None
                def upgrade():
                    argv_check()
                    op.execute("CREATE TABLE items (id serial PRIMARY KEY, name text)")
                def downgrade():
                    op.execute("DROP TABLE items")
                """);
        String command = "cd '" + project + "' && " + alembic + " upgrade head";

        JsonNode ok = release("shop", command, 0);
        assertTrue(tableExists(db, "items"));
        assertEquals("Alembic 0001", ok.path("headAfter").asText(), ok.toString());

        Files.writeString(migrations.resolve("0002_broken.py"), argvCheck + """
                revision = "0002"
                down_revision = "0001"
                branch_labels = None
                depends_on = None
                def upgrade():
                    argv_check()
                    op.execute("SELECT * FROM no_such_table")
                def downgrade():
                    pass
                """);
        JsonNode failed = release("shop", command, 1);
        assertEquals("Alembic 0001", failed.path("headBefore").asText(), failed.toString());
        assertEquals("Alembic 0001", failed.path("headAfter").asText(), failed.toString());
    }

    @Test
    void withDeepTheBackupIsRestoredAndCountedBeforeTheMigratorRuns() throws Exception {
        String db = addProfile("shop", "development");
        try (Connection c = EmbeddedPostgres.shared().connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items AS SELECT g AS id FROM generate_series(1, 500) g");
        }
        Path marker = project.resolve("ran");
        CliRun.Result run = cli.run("release", "--profile", "shop", "--deep", "--run", "touch " + marker, "--json");
        assertEquals(0, run.code(), run.toString());
        assertEquals("deep ok", run.json().path("verification").asText(), run.out());
        assertTrue(Files.exists(marker));
    }

    @Test
    void djangoSucceedingThenFailing() throws Exception {
        String python = Migrators.djangoPython();
        String db = addProfile("shop", "development");
        Files.writeString(project.resolve("manage.py"), """
                import os, sys
                os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj_settings")
                from django.core.management import execute_from_command_line
                execute_from_command_line(sys.argv)
                """);
        // Django reads the separate variables here (DATABASE_URL needs dj-database-url).
        Files.writeString(project.resolve("proj_settings.py"), """
                import os
                SECRET_KEY = "test-only"
                INSTALLED_APPS = ["shop"]
                USE_TZ = True
                DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": os.environ["PGHOST"],
                    "PORT": os.environ["PGPORT"], "USER": os.environ["PGUSER"], "PASSWORD": os.environ["PGPASSWORD"],
                    "NAME": os.environ["PGDATABASE"]}}
                """);
        Path migrations = Files.createDirectories(project.resolve("shop/migrations"));
        Files.writeString(project.resolve("shop/__init__.py"), "");
        Files.writeString(migrations.resolve("__init__.py"), "");
        String argvCheck = """
                import os
                from django.db import migrations
                def argv_check(apps, schema_editor):
                    pw = os.environ["PGPASSWORD"].encode()
                    hits = []
                    for d in os.listdir("/proc"):
                        if d.isdigit():
                            try:
                                with open("/proc/" + d + "/cmdline", "rb") as f:
                                    if pw in f.read():
                                        hits.append(d)
                            except OSError:
                                pass
                    print("ARGV-CHECK leak " + ",".join(hits) if hits else "ARGV-CHECK clean", flush=True)
                """;
        Files.writeString(migrations.resolve("0001_initial.py"), argvCheck + """
                class Migration(migrations.Migration):
                    initial = True
                    dependencies = []
                    operations = [migrations.RunPython(argv_check),
                                  migrations.RunSQL("CREATE TABLE items (id serial PRIMARY KEY)")]
                """);
        String command = "cd '" + project + "' && " + python + " manage.py migrate --noinput";

        JsonNode ok = release("shop", command, 0);
        assertTrue(tableExists(db, "items"));
        assertEquals("Django 0001", ok.path("headAfter").asText(), ok.toString());

        Files.writeString(migrations.resolve("0002_broken.py"), argvCheck + """
                class Migration(migrations.Migration):
                    dependencies = [("shop", "0001_initial")]
                    operations = [migrations.RunPython(argv_check), migrations.RunSQL("SELECT * FROM no_such_table")]
                """);
        JsonNode failed = release("shop", command, 1);
        assertEquals("Django 0001", failed.path("headBefore").asText(), failed.toString());
        assertEquals("Django 0001", failed.path("headAfter").asText(), failed.toString());
    }

    @Test
    void drizzleSucceedingThenFailing() throws Exception {
        String drizzle = Migrators.drizzleKit();
        String db = addProfile("shop", "development");
        Files.createSymbolicLink(project.resolve("node_modules"), Migrators.NODE_PREFIX.resolve("node_modules"));
        Files.writeString(project.resolve("drizzle.config.js"),
                "module.exports = { dialect: 'postgresql', out: './drizzle', dbCredentials: { url: process.env.DATABASE_URL } };\n");
        Path migrations = Files.createDirectories(project.resolve("drizzle/meta"));
        Files.writeString(project.resolve("drizzle/0000_items.sql"), "CREATE TABLE \"items\" (\"id\" serial PRIMARY KEY);\n");
        String entry0 = "{\"idx\":0,\"version\":\"7\",\"when\":1733000000000,\"tag\":\"0000_items\",\"breakpoints\":true}";
        Files.writeString(migrations.resolve("_journal.json"),
                "{\"version\":\"7\",\"dialect\":\"postgresql\",\"entries\":[" + entry0 + "]}\n");
        // drizzle-kit runs the SQL itself: the argument check runs in the shell around it, while the JVM and sh live.
        String command = SHELL_ARGV_CHECK + "cd '" + project + "' && " + drizzle + " migrate";

        JsonNode ok = release("shop", command, 0);
        assertTrue(tableExists(db, "items"));
        assertFalse(ok.path("headAfter").isNull(), ok.toString());

        Files.writeString(project.resolve("drizzle/0001_broken.sql"), "SELECT * FROM no_such_table;\n");
        Files.writeString(migrations.resolve("_journal.json"), "{\"version\":\"7\",\"dialect\":\"postgresql\",\"entries\":["
                + entry0 + ",{\"idx\":1,\"version\":\"7\",\"when\":1733000001000,\"tag\":\"0001_broken\",\"breakpoints\":true}]}\n");
        CliRun.Result failed = cli.run("release", "--profile", "shop", "--run", command, "--json");
        assertNotEquals(0, failed.code(), failed.toString());
        assertEquals(failed.code(), failed.json().path("exitCode").asInt(), failed.out());
        assertFalse(failed.json().path("restoreCommand").asText().isEmpty(), failed.out());
        assertEquals(ok.path("headAfter").asText(), failed.json().path("headBefore").asText(), failed.out());
    }
}
