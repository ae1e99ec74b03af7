-- A look inside one table for a user who may not read mysql.innodb_index_stats or
-- performance_schema, used after table-details.sql was refused: as table-details.sql without index
-- sizes and use. CURRENT_USER() names whom to grant.
SELECT t.TABLE_SCHEMA                AS schema_name,
       t.TABLE_NAME                  AS table_name,
       t.TABLE_TYPE                  AS kind,
       t.TABLE_ROWS                  AS estimated_rows,
       t.DATA_LENGTH + t.INDEX_LENGTH AS total_bytes,
       t.TABLE_COMMENT               AS comment,
       @@performance_schema          AS performance_schema_on,
       CURRENT_USER()                AS grantee,
       (SELECT JSON_ARRAYAGG(JSON_OBJECT(
                   'position', c.ORDINAL_POSITION, 'name', c.COLUMN_NAME, 'type', c.COLUMN_TYPE,
                   'nullable', c.IS_NULLABLE, 'default', c.COLUMN_DEFAULT, 'extra', c.EXTRA,
                   'generated', c.GENERATION_EXPRESSION, 'comment', c.COLUMN_COMMENT))
        FROM information_schema.COLUMNS c
        WHERE c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME) AS columns,
       (SELECT JSON_ARRAYAGG(JSON_OBJECT(
                   'name', s.INDEX_NAME, 'seq', s.SEQ_IN_INDEX, 'column', s.COLUMN_NAME, 'sub_part', s.SUB_PART,
                   'non_unique', s.NON_UNIQUE, 'method', s.INDEX_TYPE,
                   'bytes', NULL, 'uses', NULL))
        FROM information_schema.STATISTICS s
        WHERE s.TABLE_SCHEMA = t.TABLE_SCHEMA AND s.TABLE_NAME = t.TABLE_NAME) AS indexes,
       (SELECT JSON_ARRAYAGG(JSON_OBJECT(
                   'name', k.CONSTRAINT_NAME, 'position', k.ORDINAL_POSITION,
                   'from_schema', k.TABLE_SCHEMA, 'from_table', k.TABLE_NAME, 'from_column', k.COLUMN_NAME,
                   'to_schema', k.REFERENCED_TABLE_SCHEMA, 'to_table', k.REFERENCED_TABLE_NAME,
                   'to_column', k.REFERENCED_COLUMN_NAME, 'on_update', r.UPDATE_RULE, 'on_delete', r.DELETE_RULE))
        FROM information_schema.KEY_COLUMN_USAGE k
        JOIN information_schema.REFERENTIAL_CONSTRAINTS r
          ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
         AND r.TABLE_NAME = k.TABLE_NAME
        WHERE k.REFERENCED_TABLE_NAME IS NOT NULL
          AND ((k.TABLE_SCHEMA = t.TABLE_SCHEMA AND k.TABLE_NAME = t.TABLE_NAME)
               OR (k.REFERENCED_TABLE_SCHEMA = t.TABLE_SCHEMA AND k.REFERENCED_TABLE_NAME = t.TABLE_NAME))) AS foreign_keys,
       (SELECT JSON_ARRAYAGG(JSON_OBJECT(
                   'name', g.TRIGGER_NAME, 'position', g.ACTION_ORDER, 'timing', g.ACTION_TIMING,
                   'event', g.EVENT_MANIPULATION, 'statement', g.ACTION_STATEMENT))
        FROM information_schema.TRIGGERS g
        WHERE g.EVENT_OBJECT_SCHEMA = t.TABLE_SCHEMA AND g.EVENT_OBJECT_TABLE = t.TABLE_NAME) AS triggers
FROM information_schema.TABLES t
WHERE t.TABLE_SCHEMA = ? AND t.TABLE_NAME = ?
