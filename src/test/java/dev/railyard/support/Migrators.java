package dev.railyard.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Real migrators installed on this machine, for {@code release --run} tests. A missing one fails
 * the test with what to install (never a silent skip).
 */
public final class Migrators {

    /** Where Knex and pg are installed for the tests; RAILYARD_TEST_NODE_PREFIX overrides it. */
    public static final Path NODE_PREFIX = Path.of(System.getenv().getOrDefault("RAILYARD_TEST_NODE_PREFIX",
            "/var/cache/railyard-test-node"));

    private Migrators() {
    }

    /** {@code node .../knex/bin/cli.js}, with pg beside it. */
    public static String knexCli() {
        Path cli = NODE_PREFIX.resolve("node_modules/knex/bin/cli.js");
        Path pg = NODE_PREFIX.resolve("node_modules/pg/package.json");
        if (!Files.isRegularFile(cli) || !Files.isRegularFile(pg) || !runs("node", "--version")) {
            throw new AssertionError("Knex is not installed for the tests: install Node.js, then "
                    + "npm install --prefix " + NODE_PREFIX + " knex pg (or set RAILYARD_TEST_NODE_PREFIX)");
        }
        return "node " + cli;
    }

    /** {@code node .../drizzle-kit/bin.cjs}, with drizzle-orm and pg beside it. */
    public static String drizzleKit() {
        Path cli = NODE_PREFIX.resolve("node_modules/drizzle-kit/bin.cjs");
        if (!Files.isRegularFile(cli) || !Files.isRegularFile(NODE_PREFIX.resolve("node_modules/drizzle-orm/package.json"))
                || !Files.isRegularFile(NODE_PREFIX.resolve("node_modules/pg/package.json")) || !runs("node", "--version")) {
            throw new AssertionError("Drizzle is not installed for the tests: install Node.js, then "
                    + "npm install --prefix " + NODE_PREFIX + " drizzle-kit drizzle-orm pg (or set RAILYARD_TEST_NODE_PREFIX)");
        }
        return "node " + cli;
    }

    /** {@code /usr/bin/python3 -m alembic} (Debian's python3-alembic and python3-psycopg2). */
    public static String alembic() {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        if (!runs(python, "-c", "import alembic, psycopg2")) {
            throw new AssertionError("Alembic is not installed for the tests: apt-get install -y python3-alembic python3-psycopg2");
        }
        return python + " -m alembic";
    }

    /** {@code /usr/bin/python3} with Django and psycopg2 (Debian's python3-django and python3-psycopg2). */
    public static String djangoPython() {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        if (!runs(python, "-c", "import django, psycopg2")) {
            throw new AssertionError("Django is not installed for the tests: apt-get install -y python3-django python3-psycopg2");
        }
        return python;
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
