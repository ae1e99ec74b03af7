package dev.railyard.support;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A real PostgreSQL for tests, from zonky's binaries, on a free port in a temp folder, with
 * pg_stat_statements preloaded. PG 17 comes from the test class path; PG 13, 14, 15, 16 and 18
 * from the jars Maven copies into target/pg-binaries. Shared servers start once per JVM and stop with it.
 */
public final class EmbeddedPostgres implements PgServer, AutoCloseable {

    public static final String DEFAULT_MAJOR = "17";
    private static final Map<String, EmbeddedPostgres> SHARED = new ConcurrentHashMap<>();
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final String major;
    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path workDir;

    private EmbeddedPostgres(String major, io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path workDir) {
        this.major = major;
        this.server = server;
        this.workDir = workDir;
    }

    /** The PG 17 server shared by the whole test run. */
    public static EmbeddedPostgres shared() {
        return shared(DEFAULT_MAJOR);
    }

    /** A server of the given major version ("13" to "18"), shared by the whole test run. */
    public static EmbeddedPostgres shared(String major) {
        return SHARED.computeIfAbsent(major, EmbeddedPostgres::startNew);
    }

    /** A server of its own, for tests that break things; close it when done. */
    public static EmbeddedPostgres startNew(String major) {
        return startNew(major, Map.of());
    }

    /**
     * A new server that serves TLS with {@code certificate} and wants a password (scram) over TCP
     * from every role but postgres, which local and loopback trust still let in for set-up.
     */
    public static EmbeddedPostgres startWithTls(String major, Path dir, TestCertificates certificate) throws IOException {
        Path hba = dir.resolve("pg_hba.conf");
        Files.writeString(hba, String.join("\n",
                "local all all trust",
                "host all postgres 127.0.0.1/32 trust",
                "host all postgres ::1/128 trust",
                "host all all 127.0.0.1/32 scram-sha-256",
                "host all all ::1/128 scram-sha-256", ""));
        return startNew(major, Map.of(
                "hba_file", hba.toString(),
                "ssl", "on",
                "ssl_cert_file", certificate.certificate().toString(),
                "ssl_key_file", certificate.privateKey().toString(),
                "password_encryption", "scram-sha-256"));
    }

    /** As {@link #startNew(String)}, with extra server settings (postgresql.conf names). */
    public static EmbeddedPostgres startNew(String major, Map<String, String> settings) {
        try {
            Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "railyard-embedded-pg", major);
            Files.createDirectories(workDir);
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(workDir.toFile())
                    .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off");
            settings.forEach(builder::setServerConfig);
            resolverFor(major).ifPresent(builder::setPgBinaryResolver);
            return new EmbeddedPostgres(major, builder.start(), workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL " + major
                    + " (zonky binaries; run the tests through Maven so target/pg-binaries exists)", e);
        }
    }

    private static Optional<PgBinaryResolver> resolverFor(String major) {
        if (DEFAULT_MAJOR.equals(major)) {
            return Optional.empty();
        }
        String version = switch (major) {
            case "15" -> System.getProperty("railyard.pgOld");
            case "18" -> System.getProperty("railyard.pgNew");
            case "13", "14", "16" -> System.getProperty("railyard.pg" + major);
            default -> null;
        };
        String folder = System.getProperty("railyard.pgBinaries");
        if (version == null || folder == null) {
            throw new IllegalStateException("No PostgreSQL " + major + " binaries configured: run the tests with "
                    + "`mvn verify` (the pom copies zonky's " + major + ".x binaries into target/pg-binaries)");
        }
        Path jar = Path.of(folder, "pg-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Missing " + jar + ": run `mvn generate-test-resources` (it copies zonky's "
                    + "PostgreSQL " + version + " binaries there)");
        }
        return Optional.of((system, hardware) -> openBinary(jar, system, hardware));
    }

    private static InputStream openBinary(Path jar, String system, String hardware) throws IOException {
        JarFile file = new JarFile(jar.toFile());
        var entry = file.getEntry(("postgres-" + system + "-" + hardware + ".txz").toLowerCase(java.util.Locale.ROOT));
        if (entry == null) {
            file.close();
            throw new IOException(jar + " has no binaries for " + system + "-" + hardware);
        }
        InputStream in = file.getInputStream(entry);
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                super.close();
                file.close();
            }
        };
    }

    @Override
    public String major() {
        return major;
    }

    @Override
    public int port() {
        return server.getPort();
    }

    public String jdbcUrl(String database) {
        return server.getJdbcUrl("postgres", database);
    }

    public DataSource dataSource(String database) {
        return server.getDatabase("postgres", database);
    }

    @Override
    public Connection connect(String database) throws SQLException {
        return dataSource(database).getConnection();
    }

    /** Creates a new, empty database and returns its name. */
    @Override
    public String createDatabase(String prefix) {
        String name = (prefix + "_" + DATABASES.incrementAndGet() + "_" + Long.toHexString(System.nanoTime() & 0xffffff))
                .toLowerCase().replaceAll("[^a-z0-9_]", "_");
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return name;
    }

    /**
     * Terminates the backends of {@code applicationName} in {@code database} and returns how many
     * there were, once they are gone (pg_terminate_backend with a timeout waits for that).
     */
    public int terminate(String database, String applicationName) {
        try (Connection connection = connect("postgres");
             PreparedStatement s = connection.prepareStatement("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000)) "
                     + "FROM pg_stat_activity WHERE datname = ? AND application_name = ? AND pid <> pg_backend_pid()")) {
            s.setString(1, database);
            s.setString(2, applicationName);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not terminate " + applicationName + " in " + database, e);
        }
    }

    /**
     * Waits until {@code condition}, a query in {@code database} that returns one boolean, is true:
     * for server states a test is not told about, such as a backend waiting for a lock. Between
     * checks the server waits (pg_sleep), not the test.
     *
     * @throws AssertionError naming {@code what} when it is not true within {@code within}
     */
    public void awaitTrue(String database, String condition, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        try (Connection connection = connect(database); Statement s = connection.createStatement()) {
            do {
                try (ResultSet rs = s.executeQuery("SELECT CASE WHEN (" + condition + ") THEN true "
                        + "ELSE (SELECT false FROM pg_sleep(0.005)) END")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return;
                    }
                }
            } while (System.nanoTime() < deadline);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not check that " + what, e);
        }
        throw new AssertionError("Not within " + within.toMillis() + " ms: " + what);
    }

    /** The folder with this server's postgres, initdb and pg_ctl binaries (no pg_dump: zonky ships none). */
    public Path binDir() {
        try (Stream<Path> files = Files.walk(workDir, 4)) {
            return files.filter(p -> p.getFileName().toString().equals("postgres") && Files.isExecutable(p))
                    .map(Path::getParent)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No postgres binary under " + workDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        SHARED.values().remove(this);
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
