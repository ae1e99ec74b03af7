package dev.railyard.inspect;

import dev.railyard.db.Dialect;
import dev.railyard.db.SqlResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Tells Railyard's own statements from the user's workload in statement statistics: the catalog
 * queries it sends (PostgreSQL keeps their leading {@code /* railyard *}{@code /} mark; MySQL's
 * digests drop comments, so they are recognised by their normalised text), and the session
 * set-up and health checks every Railyard connection sends (read-only transactions, timeouts,
 * application name, {@code SELECT 1}). The Queries view leaves them out unless asked.
 */
public final class OwnStatements {

    /**
     * The statements Railyard sends from files; their normalised openings identify them (MySQL's
     * digests drop the mark). OwnStatementsTest keeps this list in step with resources/sql/mysql.
     */
    static final List<String> CATALOG_QUERIES = List.of("activity", "activity_limited", "activity_mariadb",
            "backup-columns", "backup-database", "backup-events", "backup-float-tables", "backup-routines",
            "backup-tables", "backup-triggers", "connection_test", "indexes", "indexes_limited", "kill_connection",
            "kill_query", "migration-history-tables", "online-ddl-columns", "online-ddl-lock-holders",
            "online-ddl-long-transactions", "online-ddl-table", "overview", "overview_limited", "overview_mariadb",
            "overview_mariadb_limited", "queries", "queries_limited", "queries_reset_digest", "queries_reset_slow_log",
            "restore-lock-waiters", "restore-open-transactions", "session_setup", "session_setup_mariadb", "table-details", "table-details_limited", "tables", "tables_mariadb");
    /** How much of a normalised statement identifies it. */
    private static final int OPENING = 60;

    private static final Pattern SESSION = Pattern.compile(String.join("|",
            // read-only inspection transactions
            "^(begin|start transaction)( isolation level [a-z ]+?)?,? read only;?$",
            "^set (session |local )?transaction( isolation level [a-z ]+?)?,? read (only|write);?$",
            // timeouts and the name the server shows
            "^set (session |local )?(application_name|statement_timeout|lock_timeout|idle_in_transaction_session_timeout"
                    + "|max_execution_time|max_statement_time|transaction_read_only|default_transaction_read_only)\\b.*",
            "^select set_config ?\\( ?('|\\$|\\?)?.*",
            // the plan viewer's EXPLAIN around the user's statement, and its JSON format setting
            "^(explain|analyze) (\\( ?format json|(analyze )?format ?= ?json)\\b.*",
            "^set @@session ?\\. ?explain_json_format_version ?= ?.*",
            // a backup's session: its snapshot, character set, modes and the server's version
            "^set transaction snapshot\\b.*",
            "^start transaction with consistent snapshot;?$",
            "^set (session )?transaction isolation level [a-z ]+;?$",
            "^set names\\b.*",
            "^set (session )?(sql_mode|time_zone|sql_quote_show_create|information_schema_stats_expiry|foreign_key_checks"
                    + "|idle_in_transaction_session_timeout|net_read_timeout|net_write_timeout)\\b.*",
            "^select version ?\\( ?\\);?$",
            // the health check and the pool's keep-alive
            "^select (1|\\$1|\\?);?$"), Pattern.CASE_INSENSITIVE);
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|--[^\\n]*", Pattern.DOTALL);
    private static final Pattern LITERALS = Pattern.compile("'(?:[^']|'')*'|\\$\\d+|\\b\\d+(?:\\.\\d+)?(?:e\\d+)?\\b");

    private static final Map<Dialect, List<String>> OPENINGS = new ConcurrentHashMap<>();

    private OwnStatements() {
    }

    /** True for a statement Railyard itself sends (as the statistics show it: normalised or not). */
    public static boolean isRailyards(Dialect dialect, String query) {
        if (query == null) {
            return false;
        }
        String text = query.strip();
        if (text.startsWith(SqlResources.MARK.strip())) {
            return true;
        }
        String plain = text.replace("`", "").replaceAll("\\s+", " ");
        if (SESSION.matcher(plain).matches()) {
            return true;
        }
        String normalised = normalise(text);
        if (normalised.length() < 20) {
            return false;
        }
        for (String opening : OPENINGS.computeIfAbsent(dialect, OwnStatements::openings)) {
            if (normalised.startsWith(opening) || opening.startsWith(normalised)) {
                return true;
            }
        }
        return false;
    }

    /** The rows of a report without Railyard's own statements. */
    public static List<QueryStatsRow> withoutOwn(Dialect dialect, List<QueryStatsRow> rows) {
        return rows.stream().filter(row -> !isRailyards(dialect, row.query())).toList();
    }

    /** Lower case, without comments, quotes or whitespace, every literal and placeholder a '?'. */
    static String normalise(String sql) {
        String text = COMMENTS.matcher(sql).replaceAll(" ").toLowerCase(Locale.ROOT);
        text = LITERALS.matcher(text).replaceAll("?");
        return text.replace("`", "").replace("\"", "").replaceAll("\\s+", "");
    }

    private static List<String> openings(Dialect dialect) {
        List<String> out = new ArrayList<>();
        for (String name : CATALOG_QUERIES) {
            try {
                String normalised = normalise(SqlResources.load(dialect, name));
                out.add(normalised.substring(0, Math.min(OPENING, normalised.length())));
            } catch (IllegalArgumentException notForThisDialect) {
                // each dialect has its own set of files
            }
        }
        return List.copyOf(out);
    }
}
