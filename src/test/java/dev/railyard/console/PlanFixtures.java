package dev.railyard.console;

import dev.railyard.db.Dialect;
import dev.railyard.guard.ProductionGuard;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.support.EmbeddedPostgres;
import dev.railyard.support.MysqlServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plans behind the EXPLAIN fixtures: a small shop schema on a real server and a few queries
 * that each call for one kind of node (sequential and index scans, hash join, nested loop, sort,
 * aggregate, CTE, parallel scan), captured as the server writes them, plain and analysed.
 *
 * <p>{@link #main} writes them under {@code src/test/resources/fixtures/explain/SERVER/}; the live
 * test {@code PlanFromEveryServerTest} captures the same plans and reads them at once. Run it after
 * {@code mvn -DskipTests test-compile} with the test class path and the pom's {@code railyard.pg*}
 * properties (see the fixtures' README.md).
 */
public final class PlanFixtures {

    /** Every server the tests can start: PostgreSQL 13 to 18, MySQL 9.7, MariaDB. */
    public static final List<String> SERVERS = List.of("pg13", "pg14", "pg15", "pg16", "pg17", "pg18", "mysql9", "mariadb");

    /** One query and what the session sets before it (null: nothing). */
    public record Query(String name, String sql, String setup) {
    }

    /** A server with the shop schema in a fresh database. */
    public record Shop(String server, ConnectionProfile profile, String version) {
    }

    private static final ProductionGuard NO_PROFILES = new ProductionGuard(List::of);

    /** The SET statements before a query return nothing worth keeping. */
    private static final RowSink DISCARD = new RowSink() {
        @Override
        public void columns(List<String> names) {
        }

        @Override
        public void row(Object[] values) {
        }

        @Override
        public void endOfRows(long rows) {
        }

        @Override
        public void updated(String statement, long count) {
        }
    };

    private PlanFixtures() {
    }

    /** Starts (or reuses) {@code server}, creates the shop in a fresh database and analyses it. */
    public static Shop shop(String server) throws Exception {
        if (server.startsWith("pg")) {
            EmbeddedPostgres pg = EmbeddedPostgres.shared(server.substring(2));
            String db = pg.createDatabase("plans");
            String version;
            try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, country text NOT NULL)");
                s.execute("CREATE TABLE orders (id int PRIMARY KEY, customer int NOT NULL REFERENCES customers,"
                        + " amount numeric(10,2) NOT NULL, note text)");
                s.execute("CREATE INDEX orders_customer ON orders (customer)");
                s.execute("INSERT INTO customers SELECT g, 'c' || g, (ARRAY['NL','DE','FR','US'])[g % 4 + 1]"
                        + " FROM generate_series(1, 2000) g");
                s.execute("INSERT INTO orders SELECT g, g % 2000 + 1, (g * 7919) % 10000 / 100.0, 'n' || g"
                        + " FROM generate_series(1, 60000) g");
                s.execute("VACUUM ANALYZE");
                version = one(s, "SELECT version()");
            }
            return new Shop(server, ConnectionProfile.of(server, Dialect.POSTGRESQL, "127.0.0.1", pg.port(), db, "postgres"),
                    version);
        }
        MysqlServer mysql = server.equals("mariadb") ? MysqlServer.sharedMariadb() : MysqlServer.sharedMysql9();
        String db = mysql.createDatabase("plans");
        String version;
        try (Connection c = mysql.connect(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id int PRIMARY KEY, name varchar(40) NOT NULL, country char(2) NOT NULL)");
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, customer int NOT NULL, amount decimal(10,2) NOT NULL,"
                    + " note varchar(40), KEY orders_customer (customer),"
                    + " FOREIGN KEY (customer) REFERENCES customers (id))");
            s.execute(server.equals("mysql9") ? "SET SESSION cte_max_recursion_depth = 100000"
                    : "SET SESSION max_recursive_iterations = 100000");
            s.execute("INSERT INTO customers WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 2000)"
                    + " SELECT n, concat('c', n), elt(n % 4 + 1, 'NL', 'DE', 'FR', 'US') FROM g");
            s.execute("INSERT INTO orders WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 60000)"
                    + " SELECT n, n % 2000 + 1, (n * 7919) % 10000 / 100.0, concat('n', n) FROM g");
            s.execute("ANALYZE TABLE customers, orders");
            version = one(s, "SELECT version()");
        }
        return new Shop(server, ConnectionProfile.of(server, Dialect.MYSQL, "127.0.0.1", mysql.port(), db, "root"), version);
    }

    /** The queries for a server's dialect, by name. */
    public static List<Query> queries(Dialect dialect) {
        List<Query> queries = new ArrayList<>(List.of(
                new Query("seq-scan", "SELECT id, amount FROM orders WHERE note LIKE '%77%'", null),
                new Query("index-scan", "SELECT * FROM orders WHERE id BETWEEN 4200 AND 4260", null),
                // Without indexes to look up MySQL joins by hash (MariaDB by a block nested loop), as PostgreSQL does by itself.
                new Query("hash-join", "SELECT c.country, o.amount FROM orders o"
                        + (dialect == Dialect.MYSQL ? " IGNORE INDEX (orders_customer)" : "") + " JOIN customers c"
                        + (dialect == Dialect.MYSQL ? " IGNORE INDEX (PRIMARY)" : "")
                        + " ON c.id = o.customer WHERE c.country = 'NL'", null),
                new Query("nested-loop", "SELECT c.name, o.id FROM customers c JOIN orders o ON o.customer = c.id"
                        + " WHERE c.id BETWEEN 10 AND 12", null),
                new Query("sort", "SELECT id, note FROM orders ORDER BY note DESC",
                        dialect == Dialect.POSTGRESQL ? "SET work_mem = '1MB'" : null),
                new Query("aggregate", "SELECT customer, count(*), sum(amount) FROM orders GROUP BY customer", null),
                new Query("cte", "WITH totals AS " + (dialect == Dialect.POSTGRESQL ? "MATERIALIZED " : "")
                        + "(SELECT customer, sum(amount) AS total FROM orders GROUP BY customer)"
                        + " SELECT c.name, t.total FROM totals t JOIN customers c ON c.id = t.customer WHERE t.total > 1500",
                        null)));
        if (dialect == Dialect.POSTGRESQL) {
            queries.add(new Query("parallel", "SELECT count(*) FROM orders WHERE amount > 50",
                    "SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;"
                            + " SET max_parallel_workers_per_gather = 2"));
        }
        return queries;
    }

    /**
     * Every query's plan, plain ("NAME") and analysed ("NAME-analyze"), each from a session of its
     * own so one query's settings do not reach the next; on PostgreSQL 16+ also the generic plan
     * of {@link #NORMALISED} ("generic").
     */
    public static Map<String, ExplainResult> capture(Shop shop) throws Exception {
        Map<String, ExplainResult> plans = new LinkedHashMap<>();
        for (Query query : queries(shop.profile().dialect())) {
            for (boolean analyze : new boolean[] {false, true}) {
                try (ConsoleSession session = ConsoleSession.open(NO_PROFILES, shop.profile(), null, null,
                        ConsoleSettings.defaults())) {
                    if (query.setup() != null) {
                        session.run(query.setup(), DISCARD);
                    }
                    plans.put(query.name() + (analyze ? "-analyze" : ""), session.explain(query.sql(), analyze, null));
                }
            }
        }
        try (ConsoleSession session = ConsoleSession.open(NO_PROFILES, shop.profile(), null, null, ConsoleSettings.defaults())) {
            if (session.supportsGenericPlan()) {
                plans.put("generic", session.explainGeneric(NORMALISED));
            }
        }
        return plans;
    }

    /** A statement as pg_stat_statements keeps it, for the generic plans of PostgreSQL 16+. */
    public static final String NORMALISED = "SELECT o.id, o.amount FROM orders o JOIN customers c ON c.id = o.customer"
            + " WHERE c.country = $1 AND o.amount > $2 ORDER BY o.amount DESC LIMIT $3";

    /** The file a plan is kept in: NAME.json, or NAME.txt for MySQL's tree text. */
    public static String fileName(String name, ExplainResult plan) {
        return name + (plan.format().equals("tree") ? ".txt" : ".json");
    }

    /** Writes every server's plans under {@code args[0]} (default src/test/resources/fixtures/explain). */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources/fixtures/explain");
        for (String server : args.length > 1 ? List.of(args).subList(1, args.length) : SERVERS) {
            Shop shop = shop(server);
            Path dir = root.resolve(server);
            Files.createDirectories(dir);
            for (Map.Entry<String, ExplainResult> plan : capture(shop).entrySet()) {
                write(dir.resolve(fileName(plan.getKey(), plan.getValue())), plan.getValue().raw());
            }
            write(dir.resolve("version.txt"), shop.version());
            System.out.println(server + ": " + shop.version());
        }
        System.exit(0); // the shared servers stop in their shutdown hooks
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text.endsWith("\n") ? text : text + "\n");
    }

    private static String one(Statement s, String sql) throws java.sql.SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
