-- Queries view, one round trip. The first row carries the settings that decide the source, and
-- the statements come from whichever source is on:
--   performance_schema digests when performance_schema is ON;
--   otherwise mysql.slow_log when log_output includes TABLE (grouped by statement text);
-- the constant WHERE clauses let the server skip the source that is off without reading it.
-- Totals (share, count) cover every digest or slow statement. Parameter: the row limit.
SELECT v.performance_schema_on, v.log_output, v.slow_query_log, v.long_query_time, q.*
FROM (SELECT @@performance_schema AS performance_schema_on,
             @@log_output         AS log_output,
             @@slow_query_log     AS slow_query_log,
             @@long_query_time    AS long_query_time) v
LEFT JOIN (
    (SELECT 'digest'                                               AS source,
            d.DIGEST                                               AS query_id,
            d.SCHEMA_NAME                                          AS schema_name,
            d.DIGEST_TEXT                                          AS query,
            d.COUNT_STAR                                           AS calls,
            d.SUM_TIMER_WAIT / 1000000000                          AS total_ms,
            d.AVG_TIMER_WAIT / 1000000000                          AS mean_ms,
            d.MAX_TIMER_WAIT / 1000000000                          AS max_ms,
            d.SUM_ROWS_SENT                                        AS rows_sent,
            d.SUM_ROWS_EXAMINED                                    AS rows_examined,
            UNIX_TIMESTAMP(d.LAST_SEEN)                            AS last_seen,
            d.SUM_TIMER_WAIT * 1e0 / NULLIF(SUM(d.SUM_TIMER_WAIT) OVER (), 0) AS share,
            COUNT(*) OVER ()                                       AS statement_count,
            SUM(d.SUM_TIMER_WAIT) OVER () / 1000000000             AS all_ms
     FROM performance_schema.events_statements_summary_by_digest d
     WHERE @@performance_schema = 1 AND d.DIGEST_TEXT IS NOT NULL)
    UNION ALL
    (SELECT 'slow_log',
            NULL,
            l.db,
            LEFT(CONVERT(l.sql_text USING utf8mb4), 4000),
            COUNT(*),
            SUM((TIME_TO_SEC(l.query_time) + MICROSECOND(l.query_time) / 1000000)) * 1000,
            AVG((TIME_TO_SEC(l.query_time) + MICROSECOND(l.query_time) / 1000000)) * 1000,
            MAX((TIME_TO_SEC(l.query_time) + MICROSECOND(l.query_time) / 1000000)) * 1000,
            SUM(l.rows_sent),
            SUM(l.rows_examined),
            UNIX_TIMESTAMP(MAX(l.start_time)),
            SUM((TIME_TO_SEC(l.query_time) + MICROSECOND(l.query_time) / 1000000)) * 1e0 / NULLIF(SUM(SUM((TIME_TO_SEC(l.query_time) + MICROSECOND(l.query_time) / 1000000))) OVER (), 0),
            COUNT(*) OVER (),
            SUM(SUM((TIME_TO_SEC(l.query_time) + MICROSECOND(l.query_time) / 1000000))) OVER () * 1000
     FROM mysql.slow_log l
     WHERE @@performance_schema = 0 AND FIND_IN_SET('TABLE', @@log_output) > 0
     GROUP BY l.db, LEFT(CONVERT(l.sql_text USING utf8mb4), 4000))
    ORDER BY total_ms DESC
    LIMIT ?
) q ON 1 = 1
ORDER BY q.total_ms DESC
