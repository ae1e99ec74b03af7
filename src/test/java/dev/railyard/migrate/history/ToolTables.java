package dev.railyard.migrate.history;

import dev.railyard.db.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The history tables exactly as each tool creates them, per dialect, taken from the tools'
 * own sources (Prisma's schema engine, drizzle-orm's dialects, Knex's table-creator,
 * Sequelize's query generator, TypeORM's MigrationExecutor, Alembic, Django's recorder,
 * Rails' schema_migrations, golang-migrate's drivers, Liquibase's generated SQL).
 */
final class ToolTables {

    private ToolTables() {
    }

    static void create(Connection connection, List<String> ddl) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : ddl) {
                statement.execute(sql);
            }
        }
    }

    static void run(Connection connection, String... sql) throws SQLException {
        create(connection, List.of(sql));
    }

    static List<String> prisma(Dialect d) {
        return d == Dialect.POSTGRESQL ? List.of("""
                CREATE TABLE _prisma_migrations (
                    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
                    checksum                VARCHAR(64) NOT NULL,
                    finished_at             TIMESTAMPTZ,
                    migration_name          VARCHAR(255) NOT NULL,
                    logs                    TEXT,
                    rolled_back_at          TIMESTAMPTZ,
                    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
                    applied_steps_count     INTEGER NOT NULL DEFAULT 0
                );""") : List.of("""
                CREATE TABLE _prisma_migrations (
                    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
                    checksum                VARCHAR(64) NOT NULL,
                    finished_at             DATETIME(3),
                    migration_name          VARCHAR(255) NOT NULL,
                    logs                    TEXT,
                    rolled_back_at          DATETIME(3),
                    started_at              DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
                    applied_steps_count     INTEGER UNSIGNED NOT NULL DEFAULT 0
                ) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;""");
    }

    /** drizzle-orm: in schema "drizzle" on PostgreSQL, in the database itself on MySQL. */
    static List<String> drizzle(Dialect d) {
        return d == Dialect.POSTGRESQL ? List.of(
                "CREATE SCHEMA IF NOT EXISTS \"drizzle\"",
                """
                CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (
                    id SERIAL PRIMARY KEY,
                    hash text NOT NULL,
                    created_at bigint
                )""") : List.of("""
                create table if not exists `__drizzle_migrations` (
                    id serial primary key,
                    hash text not null,
                    created_at bigint
                )""");
    }

    static List<String> knex(Dialect d) {
        return d == Dialect.POSTGRESQL ? List.of(
                "create table \"knex_migrations\" (\"id\" serial primary key, \"name\" varchar(255), \"batch\" integer, \"migration_time\" timestamptz)",
                "create table \"knex_migrations_lock\" (\"index\" serial primary key, \"is_locked\" integer)",
                "insert into \"knex_migrations_lock\" (\"is_locked\") values (0)") : List.of(
                "create table `knex_migrations` (`id` int unsigned not null auto_increment primary key, `name` varchar(255), `batch` int, `migration_time` timestamp)",
                "create table `knex_migrations_lock` (`index` int unsigned not null auto_increment primary key, `is_locked` int)",
                "insert into `knex_migrations_lock` (`is_locked`) values (0)");
    }

    static List<String> sequelize(Dialect d) {
        return d == Dialect.POSTGRESQL
                ? List.of("CREATE TABLE IF NOT EXISTS \"SequelizeMeta\" (\"name\" VARCHAR(255) NOT NULL UNIQUE , PRIMARY KEY (\"name\"));")
                : List.of("CREATE TABLE IF NOT EXISTS `SequelizeMeta` (`name` VARCHAR(255) NOT NULL UNIQUE , PRIMARY KEY (`name`)) ENGINE=InnoDB;");
    }

    static List<String> typeorm(Dialect d, String table) {
        return d == Dialect.POSTGRESQL
                ? List.of("CREATE TABLE \"" + table + "\" (\"id\" SERIAL NOT NULL, \"timestamp\" bigint NOT NULL, \"name\" character varying NOT NULL,"
                        + " CONSTRAINT \"PK_8c82d7f526340ab734260ea46be\" PRIMARY KEY (\"id\"))")
                : List.of("CREATE TABLE `" + table + "` (`id` int NOT NULL AUTO_INCREMENT, `timestamp` bigint NOT NULL, `name` varchar(255) NOT NULL,"
                        + " PRIMARY KEY (`id`)) ENGINE=InnoDB");
    }

    static List<String> alembic(Dialect d) {
        return List.of("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))");
    }

    static List<String> django(Dialect d) {
        return d == Dialect.POSTGRESQL
                ? List.of("CREATE TABLE \"django_migrations\" (\"id\" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY,"
                        + " \"app\" varchar(255) NOT NULL, \"name\" varchar(255) NOT NULL, \"applied\" timestamp with time zone NOT NULL)")
                : List.of("CREATE TABLE `django_migrations` (`id` bigint AUTO_INCREMENT NOT NULL PRIMARY KEY,"
                        + " `app` varchar(255) NOT NULL, `name` varchar(255) NOT NULL, `applied` datetime(6) NOT NULL)");
    }

    static List<String> rails(Dialect d) {
        return d == Dialect.POSTGRESQL ? List.of(
                "CREATE TABLE \"schema_migrations\" (\"version\" character varying NOT NULL PRIMARY KEY)",
                "CREATE TABLE \"ar_internal_metadata\" (\"key\" character varying NOT NULL PRIMARY KEY, \"value\" character varying,"
                        + " \"created_at\" timestamp(6) NOT NULL, \"updated_at\" timestamp(6) NOT NULL)") : List.of(
                "CREATE TABLE `schema_migrations` (`version` varchar(255) NOT NULL PRIMARY KEY)",
                "CREATE TABLE `ar_internal_metadata` (`key` varchar(255) NOT NULL PRIMARY KEY, `value` varchar(255),"
                        + " `created_at` datetime(6) NOT NULL, `updated_at` datetime(6) NOT NULL)");
    }

    static List<String> golangMigrate(Dialect d) {
        return d == Dialect.POSTGRESQL
                ? List.of("CREATE TABLE IF NOT EXISTS \"schema_migrations\" (version bigint not null primary key, dirty boolean not null)")
                : List.of("CREATE TABLE IF NOT EXISTS `schema_migrations` (version bigint not null primary key, dirty boolean not null)");
    }

    static List<String> liquibase(Dialect d) {
        return d == Dialect.POSTGRESQL ? List.of(
                "CREATE TABLE public.databasechangeloglock (ID INTEGER NOT NULL, LOCKED BOOLEAN NOT NULL, LOCKGRANTED TIMESTAMP WITHOUT TIME ZONE,"
                        + " LOCKEDBY VARCHAR(255), CONSTRAINT DATABASECHANGELOGLOCK_PKEY PRIMARY KEY (ID))",
                "INSERT INTO public.databasechangeloglock (ID, LOCKED) VALUES (1, FALSE)",
                "CREATE TABLE public.databasechangelog (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL,"
                        + " DATEEXECUTED TIMESTAMP WITHOUT TIME ZONE NOT NULL, ORDEREXECUTED INTEGER NOT NULL, EXECTYPE VARCHAR(10) NOT NULL,"
                        + " MD5SUM VARCHAR(35), DESCRIPTION VARCHAR(255), COMMENTS VARCHAR(255), TAG VARCHAR(255), LIQUIBASE VARCHAR(20),"
                        + " CONTEXTS VARCHAR(255), LABELS VARCHAR(255), DEPLOYMENT_ID VARCHAR(10))") : List.of(
                "CREATE TABLE DATABASECHANGELOGLOCK (ID INT NOT NULL, `LOCKED` TINYINT(1) NOT NULL, LOCKGRANTED datetime NULL,"
                        + " LOCKEDBY VARCHAR(255) NULL, CONSTRAINT PK_DATABASECHANGELOGLOCK PRIMARY KEY (ID))",
                "INSERT INTO DATABASECHANGELOGLOCK (ID, `LOCKED`) VALUES (1, 0)",
                "CREATE TABLE DATABASECHANGELOG (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL,"
                        + " DATEEXECUTED datetime NOT NULL, ORDEREXECUTED INT NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35) NULL,"
                        + " `DESCRIPTION` VARCHAR(255) NULL, COMMENTS VARCHAR(255) NULL, TAG VARCHAR(255) NULL, LIQUIBASE VARCHAR(20) NULL,"
                        + " CONTEXTS VARCHAR(255) NULL, LABELS VARCHAR(255) NULL, DEPLOYMENT_ID VARCHAR(10) NULL)");
    }

    /** migrations(filename, checksum, executed_at): the runner many Railway apps write themselves. */
    static List<String> handRolledMigrations(Dialect d) {
        return d == Dialect.POSTGRESQL
                ? List.of("create table migrations (filename text primary key, checksum text not null, executed_at timestamptz not null default now())")
                : List.of("create table migrations (filename varchar(255) primary key, checksum varchar(64) not null,"
                        + " executed_at timestamp not null default current_timestamp)");
    }

    /** migration_history(migration_name, applied_at, checksum), with a status column. */
    static List<String> handRolledHistory(Dialect d) {
        return List.of("create table migration_history (migration_name varchar(255) not null primary key,"
                + " applied_at " + (d == Dialect.POSTGRESQL ? "timestamp" : "datetime") + " not null, checksum varchar(64), status varchar(20))");
    }
}
