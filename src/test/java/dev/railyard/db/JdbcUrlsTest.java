package dev.railyard.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import dev.railyard.support.TestCertificates;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcUrlsTest {

    private static final String PASSWORD = "p@ss:word/with?odd&chars";

    private static ConnectionProfile railwayPg() {
        return ConnectionProfile.of("prod", Dialect.POSTGRESQL, "shuttle.proxy.rlwy.net", 41234, "railway", "postgres");
    }

    @Test
    void urlNamesHostPortAndDatabaseButNeverTheCredentials() {
        ConnectionProfile p = railwayPg();
        String url = JdbcUrls.url(p);
        assertEquals("jdbc:postgresql://shuttle.proxy.rlwy.net:41234/railway", url);
        Properties props = JdbcUrls.properties(p, PASSWORD);
        assertEquals(PASSWORD, props.getProperty("password"));
        assertEquals("postgres", props.getProperty("user"));
        assertFalse(url.contains("pass"));
    }

    @Test
    void ipv6HostsAreBracketedAndOddDatabaseNamesEncoded() {
        ConnectionProfile p = ConnectionProfile.of("v6", Dialect.MYSQL, "::1", 3307, "my db", "root");
        assertEquals("jdbc:mysql://[::1]:3307/my%20db", JdbcUrls.url(p));
    }

    @Test
    void railwayPostgresRequiresTlsWithoutVerifyingAndSetsTimeoutsAndName() {
        Properties props = JdbcUrls.properties(railwayPg(), null);
        assertEquals("require", props.getProperty("sslmode"));
        assertNull(props.getProperty("sslfactory"), "pgjdbc's require already skips verification");
        assertNull(props.getProperty("password"));
        assertEquals("railyard", props.getProperty("ApplicationName"));
        assertEquals("10", props.getProperty("connectTimeout"));
        assertEquals("10", props.getProperty("loginTimeout"));
        assertEquals("0", props.getProperty("socketTimeout"));
        assertEquals("true", props.getProperty("tcpKeepAlive"));
    }

    @Test
    void postgresVerifyModesUseTheCaFileOrElseJavasTrustStore() {
        ConnectionProfile withCa = TestProfiles.profile(Dialect.POSTGRESQL, "db.example.com", 5432, "app", "app",
                SslMode.VERIFY_FULL, "/etc/ssl/ca.pem");
        Properties props = JdbcUrls.properties(withCa, null);
        assertEquals("verify-full", props.getProperty("sslmode"));
        assertEquals("/etc/ssl/ca.pem", props.getProperty("sslrootcert"));

        ConnectionProfile withoutCa = TestProfiles.profile(Dialect.POSTGRESQL, "db.example.com", 5432, "app", "app",
                SslMode.VERIFY_CA, null);
        assertEquals("org.postgresql.ssl.DefaultJavaSSLFactory", JdbcUrls.properties(withoutCa, null).getProperty("sslfactory"));
    }

    @Test
    void mysqlSslModesMapToConnectorJsWords() {
        assertEquals("DISABLED", JdbcUrls.mysqlSslMode(SslMode.DISABLE));
        assertEquals("PREFERRED", JdbcUrls.mysqlSslMode(SslMode.PREFER));
        assertEquals("REQUIRED", JdbcUrls.mysqlSslMode(SslMode.REQUIRE));
        assertEquals("VERIFY_CA", JdbcUrls.mysqlSslMode(SslMode.VERIFY_CA));
        assertEquals("VERIFY_IDENTITY", JdbcUrls.mysqlSslMode(SslMode.VERIFY_FULL));
    }

    @Test
    void mysqlPropertiesCarryProgramNameTimeoutsAndKeyRetrieval() {
        ConnectionProfile p = ConnectionProfile.of("m", Dialect.MYSQL, "ballast.proxy.rlwy.net", 23456, "railway", "root");
        Properties props = JdbcUrls.properties(p, PASSWORD, Duration.ofMillis(2500));
        assertEquals("REQUIRED", props.getProperty("sslMode"));
        assertEquals("program_name:railyard", props.getProperty("connectionAttributes"));
        assertEquals("2500", props.getProperty("connectTimeout"));
        assertEquals("0", props.getProperty("socketTimeout"));
        assertEquals("true", props.getProperty("tcpKeepAlive"));
        assertEquals("true", props.getProperty("allowPublicKeyRetrieval"));
    }

    @Test
    void mysqlPemCaFileBecomesAPrivateTrustStoreHoldingThatCertificate(@TempDir Path dir) throws Exception {
        TestCertificates ca = TestCertificates.selfSigned(dir, "ca");
        ConnectionProfile p = TestProfiles.profile(Dialect.MYSQL, "db.example.com", 3306, "app", "app",
                SslMode.VERIFY_CA, ca.certificate().toString());
        Properties props = JdbcUrls.properties(p, null);
        Path store = Path.of(URI.create(props.getProperty("trustCertificateKeyStoreUrl")));
        assertEquals("PKCS12", props.getProperty("trustCertificateKeyStoreType"));
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, props.getProperty("trustCertificateKeyStorePassword").toCharArray());
        }
        assertEquals(1, keyStore.size());
        assertTrue(keyStore.isCertificateEntry(keyStore.aliases().nextElement()));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(store));
    }
}
