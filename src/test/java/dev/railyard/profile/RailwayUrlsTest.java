package dev.railyard.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RailwayUrlsTest {

    private static final Dialect PG = Dialect.POSTGRESQL;
    private static final Dialect MY = Dialect.MYSQL;

    record Shape(String text, Dialect dialect, String host, int port, String database, String user, String password,
                 SslMode ssl) {
        @Override
        public String toString() {
            return text.replace("\n", "\\n");
        }
    }

    static Stream<Shape> urls() {
        return Stream.of(
                // What Railway shows for its Postgres and MySQL services.
                new Shape("postgresql://postgres:pAss@roundhouse.proxy.rlwy.net:12345/railway",
                        PG, "roundhouse.proxy.rlwy.net", 12345, "railway", "postgres", "pAss", SslMode.REQUIRE),
                new Shape("mysql://root:x@monorail.proxy.rlwy.net:23456/railway",
                        MY, "monorail.proxy.rlwy.net", 23456, "railway", "root", "x", SslMode.REQUIRE),
                new Shape("postgres://postgres:AbCdEf123@viaduct.proxy.rlwy.net:41234/railway",
                        PG, "viaduct.proxy.rlwy.net", 41234, "railway", "postgres", "AbCdEf123", SslMode.REQUIRE),
                new Shape("postgresql://postgres:secret@shuttle.proxy.rlwy.net:5432/railway?sslmode=disable",
                        PG, "shuttle.proxy.rlwy.net", 5432, "railway", "postgres", "secret", SslMode.DISABLE),
                new Shape("  \"postgresql://u:p@h.example.com/db\"  ",
                        PG, "h.example.com", 5432, "db", "u", "p", SslMode.PREFER),
                // Percent-encoded credentials, and raw characters people paste anyway.
                new Shape("postgresql://app%40corp:p%40ss%3Aw%2Fo%25rd@db.example.com:5433/app",
                        PG, "db.example.com", 5433, "app", "app@corp", "p@ss:w/o%rd", SslMode.PREFER),
                new Shape("postgresql://u:p%3Fq%23r@h/db", PG, "h", 5432, "db", "u", "p?q#r", SslMode.PREFER),
                new Shape("postgresql://u:p@ss:w/rd@h:6000/db", PG, "h", 6000, "db", "u", "p@ss:w/rd", SslMode.PREFER),
                new Shape("postgresql://u:pa+ss@h/db", PG, "h", 5432, "db", "u", "pa+ss", SslMode.PREFER),
                new Shape("postgresql://u:100%25@h/db", PG, "h", 5432, "db", "u", "100%", SslMode.PREFER),
                new Shape("postgresql://u:50%off@h/db", PG, "h", 5432, "db", "u", "50%off", SslMode.PREFER),
                new Shape("postgresql://u:%C3%A9t%C3%A9@h/caf%C3%A9", PG, "h", 5432, "café", "u", "été", SslMode.PREFER),
                // IPv6 and defaults.
                new Shape("postgresql://postgres:pw@[::1]:5433/railway", PG, "::1", 5433, "railway", "postgres", "pw", SslMode.PREFER),
                new Shape("postgresql://[2001:db8::7]/app", PG, "2001:db8::7", 5432, "app", "postgres", null, SslMode.PREFER),
                new Shape("mysql://root@[fd12::1]/shop", MY, "fd12::1", 3306, "shop", "root", null, SslMode.PREFER),
                new Shape("postgresql://alice:pw@db.example.com", PG, "db.example.com", 5432, "alice", "alice", "pw", SslMode.PREFER),
                new Shape("postgresql://db.example.com/", PG, "db.example.com", 5432, "postgres", "postgres", null, SslMode.PREFER),
                new Shape("postgresql://u:p@h:/db", PG, "h", 5432, "db", "u", "p", SslMode.PREFER),
                new Shape("mysql://app:pw@db.example.com", MY, "db.example.com", 3306, "", "app", "pw", SslMode.PREFER),
                new Shape("mysql://db.example.com:3307/", MY, "db.example.com", 3307, "", "root", null, SslMode.PREFER),
                new Shape("postgresql://:pw@h/db", PG, "h", 5432, "db", "postgres", "pw", SslMode.PREFER),
                // The SSL words users paste.
                new Shape("postgresql://u:p@h/db?sslmode=require", PG, "h", 5432, "db", "u", "p", SslMode.REQUIRE),
                new Shape("postgresql://u:p@h/db?sslmode=verify-full", PG, "h", 5432, "db", "u", "p", SslMode.VERIFY_FULL),
                new Shape("postgresql://u:p@h/db?sslmode=allow", PG, "h", 5432, "db", "u", "p", SslMode.PREFER),
                new Shape("postgresql://u:p@h/db?ssl=true", PG, "h", 5432, "db", "u", "p", SslMode.REQUIRE),
                new Shape("mysql://root:p@monorail.proxy.rlwy.net:1/railway?ssl=false", MY, "monorail.proxy.rlwy.net", 1, "railway", "root", "p", SslMode.DISABLE),
                new Shape("mysql://root:p@h/db?sslMode=REQUIRED", MY, "h", 3306, "db", "root", "p", SslMode.REQUIRE),
                new Shape("mysql://root:p@h/db?sslMode=DISABLED", MY, "h", 3306, "db", "root", "p", SslMode.DISABLE),
                new Shape("mysql://root:p@h/db?sslMode=VERIFY_IDENTITY", MY, "h", 3306, "db", "root", "p", SslMode.VERIFY_FULL),
                new Shape("mysql://root:p@h/db?ssl-mode=PREFERRED", MY, "h", 3306, "db", "root", "p", SslMode.PREFER),
                new Shape("mysql://root:p@h/db?useSSL=false", MY, "h", 3306, "db", "root", "p", SslMode.DISABLE),
                new Shape("postgresql://u:p@h/db?sslmode=require&ssl=false", PG, "h", 5432, "db", "u", "p", SslMode.REQUIRE),
                // JDBC forms, credentials in the query.
                new Shape("jdbc:postgresql://h:5999/db?user=bob&password=s%26cret&sslmode=require",
                        PG, "h", 5999, "db", "bob", "s&cret", SslMode.REQUIRE),
                new Shape("jdbc:mysql://h:3306/db?user=root&password=x", MY, "h", 3306, "db", "root", "x", SslMode.PREFER),
                new Shape("JDBC:MYSQL://h/db", MY, "h", 3306, "db", "root", null, SslMode.PREFER),
                // Harmless extras.
                new Shape("mysql2://root:p@h/db", MY, "h", 3306, "db", "root", "p", SslMode.PREFER),
                new Shape("mariadb://root:p@h:3310/db", MY, "h", 3310, "db", "root", "p", SslMode.PREFER),
                new Shape("postgresql://u:p@h/db#fragment", PG, "h", 5432, "db", "u", "p", SslMode.PREFER),
                new Shape("postgresql://u:p@h/db?", PG, "h", 5432, "db", "u", "p", SslMode.PREFER),
                new Shape("postgresql://u:p@h/db/", PG, "h", 5432, "db", "u", "p", SslMode.PREFER));
    }

    @ParameterizedTest
    @MethodSource("urls")
    void readsRealWorldUrlShapes(Shape shape) {
        ParsedConnection c = RailwayUrls.parseUrl(shape.text());
        assertShape(shape, c);
        // parse() must come to the same answer for a lone URL.
        assertShape(shape, RailwayUrls.parse(shape.text()));
    }

    record Broken(String text, String messagePart) {
        @Override
        public String toString() {
            return text.replace("\n", "\\n");
        }
    }

    static Stream<Broken> brokenUrls() {
        return Stream.of(
                new Broken("http://u:p@h/db", "'http://'"),
                new Broken("redis://default:pw@redis.railway.internal:6379", "'redis://'"),
                new Broken("mongodb://u:p@h/db", "'mongodb://'"),
                new Broken("sqlserver://h", "use postgresql://"),
                new Broken("mysqlx://root:p@h:33060/db", "X Protocol"),
                new Broken("roundhouse.proxy.rlwy.net:12345", "not a connection URL"),
                new Broken("jdbc:postgresql:railway", "not a connection URL"),
                new Broken("postgresql://u:p@/db", "no host"),
                new Broken("postgresql://u:p@:5432/db", "no host"),
                new Broken("postgresql://", "no host"),
                new Broken("postgresql://u:p@h:abc/db", "port that is not a number"),
                new Broken("postgresql://u:p@h:0/db", "port 0, outside 1-65535"),
                new Broken("postgresql://u:p@h:65536/db", "port 65536, outside 1-65535"),
                new Broken("postgresql://u:p@h:99999999999/db", "outside 1-65535"),
                new Broken("postgresql://u:p@h:-1/db", "not a number"),
                new Broken("postgresql://u:p@[::1/db", "closing ']'"),
                new Broken("postgresql://u:p@::1:5432/db", "IPv6 address without brackets"),
                new Broken("postgresql://u:p@h1:5432,h2:5432/db", "several hosts"),
                new Broken("postgresql://u:p@h/db?sslmode=sometimes", "sslmode=sometimes"),
                new Broken("postgresql://u:p@h/db?ssl=maybe", "ssl=maybe"),
                new Broken("postgresql://${{PGUSER}}:${{POSTGRES_PASSWORD}}@${{RAILWAY_TCP_PROXY_DOMAIN}}:1/railway",
                        "${{PGUSER}}"),
                new Broken("", "Nothing to read"),
                new Broken("   ", "Nothing to read"));
    }

    @ParameterizedTest
    @MethodSource("brokenUrls")
    void refusesBrokenUrlsNamingTheProblem(Broken broken) {
        ConnectionStringException e = assertThrows(ConnectionStringException.class, () -> RailwayUrls.parse(broken.text()));
        assertTrue(e.getMessage().contains(broken.messagePart()),
                () -> "expected '" + broken.messagePart() + "' in: " + e.getMessage());
    }

    @Test
    void errorMessagesNeverRepeatThePassword() {
        String secret = "Sup3rSecretValue";
        List<String> texts = List.of(
                "postgresql://u:" + secret + "@h:port/db",
                "postgresql://u:a?" + secret + "@h/db",
                "postgresql://u:a#" + secret + "@h/db",
                "postgresql://u:" + secret + "@h:0/db",
                "ftp://u:" + secret + "@h/db",
                "DATABASE_URL=postgresql://u:" + secret + "@h:x/db",
                "PGHOST=h\nPGPASSWORD=\"" + secret,
                "{\"DATABASE_URL\": \"postgresql://u:" + secret + "@h/db\",");
        for (String text : texts) {
            ConnectionStringException e = assertThrows(ConnectionStringException.class, () -> RailwayUrls.parse(text), text);
            assertFalse(e.getMessage().contains(secret), () -> "password leaked in: " + e.getMessage());
        }
    }

    @Test
    void toStringMasksThePassword() {
        ParsedConnection c = RailwayUrls.parseUrl("postgresql://postgres:pAss@roundhouse.proxy.rlwy.net:12345/railway");
        assertFalse(c.toString().contains("pAss"), c.toString());
        assertTrue(c.toString().contains("roundhouse.proxy.rlwy.net"));
    }

    @Test
    void unknownParametersAreIgnoredWithAWarningThatDoesNotQuoteTheirValues() {
        ParsedConnection c = RailwayUrls.parseUrl(
                "postgresql://u:p@h/db?connect_timeout=10&application_name=s3cr3tish&sslmode=require");
        assertEquals(SslMode.REQUIRE, c.sslMode());
        assertEquals(1, c.warnings().size(), c.warnings().toString());
        String warning = c.warnings().get(0);
        assertTrue(warning.contains("application_name, connect_timeout"), warning);
        assertFalse(warning.contains("s3cr3tish"), warning);
    }

    @Test
    void privateNetworkHostIsAcceptedWithAWarningSayingHowToReachIt() {
        ParsedConnection c = RailwayUrls.parseUrl("postgresql://postgres:pw@postgres.railway.internal:5432/railway");
        assertEquals("postgres.railway.internal", c.host());
        assertEquals(1, c.warnings().size());
        String warning = c.warnings().get(0);
        assertTrue(warning.contains("not reachable from your computer"), warning);
        assertTrue(warning.contains("Public Networking"), warning);
        assertTrue(warning.contains("railway connect --tunnel-only"), warning);
    }

    @Test
    void pgBouncerUrlsWarnAndNameTheUnpooledVariable() {
        for (String url : List.of(
                "postgresql://postgres:pw@pgbouncer-production.up.railway.app:5432/railway",
                "postgresql://pgbouncer:pw@db.example.com:5432/railway",
                "postgresql://postgres:pw@db.example.com:6432/railway",
                "postgresql://postgres:pw@db.example.com:5432/railway?pgbouncer=true")) {
            ParsedConnection c = RailwayUrls.parseUrl(url);
            assertTrue(c.warnings().stream().anyMatch(w -> w.contains("PgBouncer") && w.contains("DATABASE_PUBLIC_UNPOOLED_URL")),
                    () -> url + " -> " + c.warnings());
        }
        assertTrue(RailwayUrls.parseUrl("postgresql://postgres:pw@roundhouse.proxy.rlwy.net:12345/railway").warnings().isEmpty());
        assertTrue(RailwayUrls.parseUrl("mysql://root:pw@h:6432/railway").warnings().isEmpty(),
                "port 6432 means nothing for MySQL");
    }

    @Test
    void profileFromAUrlHasNoPasswordAndKeepsTheDefaults() {
        ParsedConnection c = RailwayUrls.parseUrl("postgresql://postgres:pAss@roundhouse.proxy.rlwy.net:12345/railway");
        ConnectionProfile p = c.toProfile("shop-prod", EnvironmentTag.PRODUCTION);
        assertEquals("shop-prod", p.name());
        assertEquals(EnvironmentTag.PRODUCTION, p.environment());
        assertEquals("postgres@roundhouse.proxy.rlwy.net:12345/railway", p.address());
        assertEquals(SslMode.REQUIRE, p.sslMode());
        assertFalse(p.toString().contains("pAss"));
    }

    // ---- variable blocks -----------------------------------------------------------------------

    @Test
    void railwayPostgresVariablesPreferThePublicUrl() {
        String block = """
                DATABASE_PUBLIC_URL="postgresql://postgres:pAss@roundhouse.proxy.rlwy.net:12345/railway"
                DATABASE_URL="postgresql://postgres:pAss@postgres.railway.internal:5432/railway"
                PGDATA="/var/lib/postgresql/data/pgdata"
                PGDATABASE="railway"
                PGHOST="postgres.railway.internal"
                PGPASSWORD="pAss"
                PGPORT="5432"
                PGUSER="postgres"
                POSTGRES_DB="railway"
                POSTGRES_PASSWORD="pAss"
                POSTGRES_USER="postgres"
                """;
        ParsedConnection c = RailwayUrls.parse(block);
        assertShape(new Shape(block, PG, "roundhouse.proxy.rlwy.net", 12345, "railway", "postgres", "pAss", SslMode.REQUIRE), c);
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        assertFalse(c.hasUnpooled());
    }

    @Test
    void railwayMysqlVariablesPreferThePublicUrl() {
        String block = """
                MYSQL_DATABASE=railway
                MYSQL_PUBLIC_URL=mysql://root:x@monorail.proxy.rlwy.net:23456/railway
                MYSQL_ROOT_PASSWORD=x
                MYSQL_URL=mysql://root:x@mysql.railway.internal:3306/railway
                MYSQLDATABASE=railway
                MYSQLHOST=mysql.railway.internal
                MYSQLPASSWORD=x
                MYSQLPORT=3306
                MYSQLUSER=root
                """;
        assertShape(new Shape(block, MY, "monorail.proxy.rlwy.net", 23456, "railway", "root", "x", SslMode.REQUIRE),
                RailwayUrls.parse(block));
    }

    @Test
    void partsAloneMakeAConnection() {
        String pg = "PGHOST=roundhouse.proxy.rlwy.net\nPGPORT=12345\nPGUSER=postgres\nPGPASSWORD=pw\nPGDATABASE=railway\n";
        assertShape(new Shape(pg, PG, "roundhouse.proxy.rlwy.net", 12345, "railway", "postgres", "pw", SslMode.REQUIRE),
                RailwayUrls.parseVariables(pg));
        String pgSsl = "PGHOST=db.example.com\nPGSSLMODE=verify-full\n";
        assertShape(new Shape(pgSsl, PG, "db.example.com", 5432, "postgres", "postgres", null, SslMode.VERIFY_FULL),
                RailwayUrls.parseVariables(pgSsl));
        String my = "MYSQLHOST=monorail.proxy.rlwy.net\nMYSQLPORT=23456\nMYSQL_ROOT_PASSWORD=rootpw\nMYSQLDATABASE=railway\n";
        assertShape(new Shape(my, MY, "monorail.proxy.rlwy.net", 23456, "railway", "root", "rootpw", SslMode.REQUIRE),
                RailwayUrls.parseVariables(my));
        String myApp = "MYSQLHOST=h\nMYSQLUSER=app\nMYSQLPASSWORD=apppw\nMYSQL_ROOT_PASSWORD=rootpw\n";
        assertShape(new Shape(myApp, MY, "h", 3306, "", "app", "apppw", SslMode.PREFER), RailwayUrls.parseVariables(myApp));
    }

    @Test
    void aUrlWithoutPasswordTakesItFromTheBlock() {
        String block = "DATABASE_URL=postgresql://postgres@roundhouse.proxy.rlwy.net:12345/railway\nPGPASSWORD=fromvar\n";
        assertEquals("fromvar", RailwayUrls.parse(block).password());
    }

    @Test
    void dotenvSyntaxIsRead() {
        String block = "# production database\r\n"
                + "\r\n"
                + "export PGHOST=db.example.com   # inline comment\r\n"
                + "PGPORT = 6000\r\n"
                + "PGUSER='app user'\r\n"
                + "PGPASSWORD=\"a \\\"quoted\\\" pa#ss\\\\word\\n2\"  # comment after quotes\r\n"
                + "PGDATABASE=shop#1\r\n"
                + "UNRELATED=\"spans\nlines\"\r\n";
        ParsedConnection c = RailwayUrls.parse(block);
        assertEquals("db.example.com", c.host());
        assertEquals(6000, c.port());
        assertEquals("app user", c.user());
        assertEquals("a \"quoted\" pa#ss\\word\n2", c.password());
        assertEquals("shop#1", c.database());
    }

    @Test
    void singleQuotesKeepEverythingLiterally() {
        ParsedConnection c = RailwayUrls.parse("PGHOST=h\nPGPASSWORD='no \\n escapes $HOME'\n");
        assertEquals("no \\n escapes $HOME", c.password());
    }

    @Test
    void oneLineAssignmentIsABlockNotAUrl() {
        ParsedConnection c = RailwayUrls.parse("DATABASE_URL=postgresql://u:p@h:1234/db");
        assertEquals(1234, c.port());
        assertEquals("p", c.password());
    }

    @Test
    void railwayRawEditorJsonIsRead() {
        String json = """
                {
                  "DATABASE_PUBLIC_URL": "postgresql://postgres:pAss@roundhouse.proxy.rlwy.net:12345/railway",
                  "PGPORT": 5432
                }
                """;
        assertEquals(12345, RailwayUrls.parse(json).port());
    }

    @Test
    void referencesWithinTheBlockAreResolved() {
        String block = """
                DATABASE_PUBLIC_URL="postgresql://${{PGUSER}}:${{POSTGRES_PASSWORD}}@${{RAILWAY_TCP_PROXY_DOMAIN}}:${{RAILWAY_TCP_PROXY_PORT}}/${{PGDATABASE}}"
                PGUSER="${{POSTGRES_USER}}"
                POSTGRES_USER="postgres"
                POSTGRES_PASSWORD="resolvedPw"
                PGDATABASE="railway"
                RAILWAY_TCP_PROXY_DOMAIN="roundhouse.proxy.rlwy.net"
                RAILWAY_TCP_PROXY_PORT="12345"
                """;
        assertShape(new Shape(block, PG, "roundhouse.proxy.rlwy.net", 12345, "railway", "postgres", "resolvedPw", SslMode.REQUIRE),
                RailwayUrls.parse(block));
    }

    @Test
    void unresolvedReferenceIsAnErrorNamingTheVariable() {
        String block = """
                DATABASE_PUBLIC_URL="postgresql://${{PGUSER}}:${{POSTGRES_PASSWORD}}@${{RAILWAY_TCP_PROXY_DOMAIN}}:${{RAILWAY_TCP_PROXY_PORT}}/${{PGDATABASE}}"
                PGUSER="postgres"
                POSTGRES_PASSWORD="pw"
                PGDATABASE="railway"
                """;
        ConnectionStringException e = assertThrows(ConnectionStringException.class, () -> RailwayUrls.parse(block));
        assertTrue(e.getMessage().startsWith("DATABASE_PUBLIC_URL refers to ${{RAILWAY_TCP_PROXY_DOMAIN}}"), e.getMessage());
        assertTrue(e.getMessage().contains("railway variables --kv"), e.getMessage());

        ConnectionStringException other = assertThrows(ConnectionStringException.class,
                () -> RailwayUrls.parse("DATABASE_URL=${{Postgres.DATABASE_URL}}\n"));
        assertTrue(other.getMessage().contains("${{Postgres.DATABASE_URL}}"), other.getMessage());
    }

    @Test
    void pooledAndUnpooledPublicUrlsKeepBoth() {
        String block = """
                DATABASE_PUBLIC_URL=postgresql://postgres:pw@pgbouncer.proxy.rlwy.net:11111/railway
                DATABASE_URL=postgresql://postgres:pw@pgbouncer.railway.internal:6432/railway
                DATABASE_PUBLIC_UNPOOLED_URL=postgresql://postgres:pw@postgres.proxy.rlwy.net:22222/railway
                DATABASE_UNPOOLED_URL=postgresql://postgres:pw@postgres.railway.internal:5432/railway
                """;
        ParsedConnection c = RailwayUrls.parse(block);
        assertEquals("pgbouncer.proxy.rlwy.net", c.host());
        assertEquals(11111, c.port());
        assertEquals("postgres.proxy.rlwy.net", c.unpooledHost());
        assertEquals(22222, c.unpooledPort());
        assertEquals(1, c.warnings().size(), c.warnings().toString());
        assertTrue(c.warnings().get(0).contains("DATABASE_PUBLIC_UNPOOLED_URL (postgres.proxy.rlwy.net:22222)"), c.warnings().get(0));
        ConnectionProfile p = c.toProfile("pooled", EnvironmentTag.STAGING);
        assertTrue(p.hasUnpooled());
        assertEquals(22222, p.unpooledPort());
    }

    @Test
    void privateUnpooledBesidePublicPooledIsNotUsedAndSaysWhy() {
        String block = """
                DATABASE_PUBLIC_URL=postgresql://postgres:pw@pgbouncer.proxy.rlwy.net:11111/railway
                DATABASE_UNPOOLED_URL=postgresql://postgres:pw@postgres.railway.internal:5432/railway
                """;
        ParsedConnection c = RailwayUrls.parse(block);
        assertFalse(c.hasUnpooled());
        assertTrue(c.warnings().stream().anyMatch(w -> w.startsWith("DATABASE_UNPOOLED_URL is on Railway's private network")),
                c.warnings().toString());
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("looks like PgBouncer")), c.warnings().toString());
    }

    @Test
    void onlyAnUnpooledUrlIsUsedAsTheConnection() {
        ParsedConnection c = RailwayUrls.parse("DATABASE_PUBLIC_UNPOOLED_URL=postgresql://postgres:pw@postgres.proxy.rlwy.net:22222/railway");
        assertEquals(22222, c.port());
        assertNull(c.unpooledHost());
    }

    @Test
    void privateOnlyBlockWarns() {
        ParsedConnection c = RailwayUrls.parse("PGHOST=postgres.railway.internal\nPGPASSWORD=pw\n");
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("railway connect --tunnel-only")), c.warnings().toString());
    }

    static Stream<Broken> brokenBlocks() {
        return Stream.of(
                new Broken("PGHOST=h\nPGPASSWORD=\"unterminated\nPGPORT=1\n", "Line 2 (PGPASSWORD) opens a quote"),
                new Broken("PGHOST=h\r\n\r\nPGPASSWORD='open\r\n", "Line 3 (PGPASSWORD) opens a quote"),
                new Broken("PGHOST=h\nPGUSER=\"a\"b\n", "Line 2 (PGUSER) has text after the closing quote"),
                new Broken("PGHOST=h\njust some words\n", "Line 2 is not KEY=value"),
                new Broken("PGHOST=h\npostgresql://u:p@h/db\n", "Line 2 is not KEY=value"),
                new Broken("PGHOST=h\n1BAD=x\n", "Line 2 does not start with a variable name"),
                new Broken("REDIS_URL=redis://h\nSECRET_KEY=x\n", "No database connection among the variables"),
                new Broken("# only a comment\n\n", "No database connection"),
                new Broken("DATABASE_URL=http://h/db\n", "DATABASE_URL has the scheme 'http://'"),
                new Broken("DATABASE_URL=postgresql://u:p@h:70000/db\n", "DATABASE_URL has port 70000"),
                new Broken("PGHOST=h\nPGPORT=five\n", "PGPORT has a port that is not a number"),
                new Broken("PGHOST=${{RAILWAY_PRIVATE_DOMAIN}}\n", "PGHOST refers to ${{RAILWAY_PRIVATE_DOMAIN}}"),
                new Broken("{\"DATABASE_URL\": ", "look like JSON but cannot be read"),
                new Broken("{\"a\": 1}", "No database connection"));
    }

    @ParameterizedTest
    @MethodSource("brokenBlocks")
    void refusesBrokenBlocksNamingTheLineOrVariable(Broken broken) {
        ConnectionStringException e = assertThrows(ConnectionStringException.class, () -> RailwayUrls.parse(broken.text()));
        assertTrue(e.getMessage().contains(broken.messagePart()),
                () -> "expected '" + broken.messagePart() + "' in: " + e.getMessage());
    }

    private static void assertShape(Shape expected, ParsedConnection c) {
        assertEquals(expected.dialect(), c.dialect(), "dialect");
        assertEquals(expected.host(), c.host(), "host");
        assertEquals(expected.port(), c.port(), "port");
        assertEquals(expected.database(), c.database(), "database");
        assertEquals(expected.user(), c.user(), "user");
        assertEquals(expected.password(), c.password(), "password");
        assertEquals(expected.ssl(), c.sslMode(), "ssl");
    }
}
