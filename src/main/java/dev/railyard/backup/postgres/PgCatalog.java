package dev.railyard.backup.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the built-in engine knows about a database, read from the system catalogs with one
 * query per kind of object for the whole database (never one per table: each round trip
 * through Railway's proxy costs 30-150 ms). Read inside the backup's snapshot.
 */
public final class PgCatalog {

    /** One privilege granted on an object (from aclexplode). */
    public record Grant(String grantee, String privilege, boolean grantable) { }

    public record Server(String version, int versionNum, String database, String encoding, String currentUser,
                         boolean superuser, long databaseSize) {
        public int major() {
            return versionNum / 10000;
        }
    }

    public record Schema(long oid, String name, String owner, List<Grant> acl, boolean hasAcl, String comment,
                         boolean extensionMember) { }

    /**
     * An extension; {@code configTables} are its configuration tables (their user rows are backed
     * up), {@code configSequences} counts its configuration sequences (their values are not).
     */
    public record Extension(long oid, String name, String schema, String version, boolean hasConfigTables, String comment,
                            List<ConfigTable> configTables, int configSequences) {

        public Extension {
            configTables = configTables == null ? List.of() : List.copyOf(configTables);
        }

        public Extension(long oid, String name, String schema, String version, boolean hasConfigTables, String comment) {
            this(oid, name, schema, version, hasConfigTables, comment, List.of(), 0);
        }
    }

    /** A configuration table of an extension: the rows matching {@code condition} ("WHERE ...", or "" for all) are the user's. */
    public record ConfigTable(long oid, String schema, String name, String condition, List<String> columns) { }

    /** A collation made with CREATE COLLATION; provider c = libc, i = icu, b = builtin. */
    public record Collation(long oid, String schema, String name, char provider, boolean deterministic, String lcCollate,
                            String lcCtype, String locale, String rules, String owner, String comment) { }

    /** A text search mapping: the token type's alias and the dictionaries consulted for it, in order. */
    public record TextSearchMapping(String token, List<String> dictionaries) { }

    /**
     * A text search dictionary (kind d: its template and init options) or configuration (kind
     * c: its parser and mappings). Template, parser and dictionaries come schema-qualified.
     */
    public record TextSearch(long oid, char kind, String schema, String name, String owner, String comment, String template,
                             String options, String parser, List<TextSearchMapping> mappings) { }

    public record CompositeAttribute(String name, String type, String collation, String comment) { }

    public record RangeDefinition(String subtype, String opclass, String collation, String canonical, String subtypeDiff,
                                  String multirange) { }

    /**
     * What CREATE TYPE needs for a base type: its support functions (qualified, null when it has
     * none; {@code functions} are their oids) and properties. {@code notReproducible} names the support functions in a language the
     * engine cannot recreate (C or another loadable one); null when every one is internal, SQL or
     * PL/pgSQL.
     */
    public record BaseDefinition(String input, String output, String receive, String send, String typmodIn,
                                 String typmodOut, String analyze, String subscript, int length, boolean byValue,
                                 char alignment, char storage, char category, boolean preferred, String defaultValue,
                                 String element, String delimiter, boolean collatable, List<Long> functions,
                                 String notReproducible) { }

    /** An enum (e), domain (d), composite (c), range (r), base (b) or shell (p) type. */
    public record Type(long oid, String schema, String name, char kind, String owner, List<Grant> acl, boolean hasAcl,
                       String comment, List<String> enumLabels, String domainBase, boolean domainNotNull,
                       String domainDefault, String domainCollation, List<CompositeAttribute> attributes,
                       RangeDefinition range, BaseDefinition base) { }

    public record Aggregate(char kind, String sfunc, String stype, int sspace, String finalfunc, boolean finalfuncExtra,
                            String finalfuncModify, String combinefunc, String serialfunc, String deserialfunc,
                            String initcond, String msfunc, String minvfunc, String mstype, int msspace,
                            String mfinalfunc, boolean mfinalfuncExtra, String mfinalfuncModify, String minitcond,
                            String sortop) { }

    /** A function (f), procedure (p), aggregate (a) or window function (w). */
    public record Function(long oid, String schema, String name, char kind, String identityArguments, String arguments,
                           String definition, String owner, List<Grant> acl, boolean hasAcl, String comment,
                           char parallel, Aggregate aggregate) { }

    /** A table (r), partitioned table (p), view (v), materialized view (m), sequence (S) or foreign table (f). */
    public record Relation(long oid, String schema, String name, char kind, char persistence, List<String> options,
                           boolean isPartition, String partitionBound, String partitionKey, List<Long> parents,
                           String accessMethod, boolean rowSecurity, boolean forceRowSecurity, char replicaIdentity,
                           long estimatedRows, long bytes, String viewDefinition, boolean populated, String ofType,
                           String tablespace, String owner, List<Grant> acl, boolean hasAcl, String comment) { }

    public record Column(long relid, int num, String name, String type, boolean notNull, boolean local, int inheritCount,
                         char identity, char generated, String defaultExpression, String collation, String storage,
                         Integer statisticsTarget, List<String> options, String compression, String comment,
                         List<Grant> acl) {
        public boolean isGenerated() {
            return generated != 0 && generated != ' ';
        }

        public boolean isIdentity() {
            return identity != 0 && identity != ' ';
        }
    }

    /**
     * A CHECK (c), PRIMARY KEY (p), UNIQUE (u), FOREIGN KEY (f) or EXCLUDE (x) constraint of a
     * table or domain, or a table's NOT NULL (n, PostgreSQL 18) with its {@code column}.
     */
    public record Constraint(long oid, String name, char type, long relid, long typid, String definition, boolean local,
                             int inheritCount, long parentId, boolean validated, long indexId, long referencedRelid,
                             String column, String comment) { }

    /**
     * An index; options: its storage parameters (pg_get_indexdef has them, a constraint's
     * definition does not); columnStatistics: SET STATISTICS targets by index column number.
     */
    public record Index(long oid, String schema, String name, long relid, String definition, boolean clustered,
                        boolean replicaIdentity, long parentIndex, boolean constraintIndex, String tablespace,
                        String comment, List<String> options, Map<Integer, Integer> columnStatistics) { }

    public record Sequence(long oid, String dataType, long start, long increment, long min, long max, long cache,
                           boolean cycle, long ownedByRelid, String ownedByColumn, boolean identity) { }

    public record Trigger(long oid, String name, long relid, String definition, char enabled, long parentId,
                          String comment) { }

    public record Rule(long oid, String name, long relid, String definition, char enabled, String comment) { }

    public record Policy(long oid, String name, long relid, char command, boolean permissive, List<String> roles,
                         String usingExpression, String checkExpression, String comment) { }

    public record Statistics(long oid, long relid, String schema, String name, String definition, Integer statisticsTarget,
                             String comment) { }

    /**
     * kind: r relation, t type, p function, x text search object, o operator, y operator family, k operator
     * class, a cast, m access method, w foreign data wrapper, v foreign server, u user mapping, n transform;
     * K key or foreign key constraint, i index, W rule, g trigger, O policy, U an object the engine does not
     * reproduce (then {@code refDescription} says what it is); defaultColumn: the column whose default makes it, 0 otherwise; checkConstraint:
     * the CHECK constraint that makes it, 0 otherwise.
     */
    public record Dependency(char kind, long oid, char refKind, long refOid, int defaultColumn, long checkConstraint,
                             String refDescription) {
        public Dependency(char kind, long oid, char refKind, long refOid, int defaultColumn) {
            this(kind, oid, refKind, refOid, defaultColumn, 0, null);
        }
    }

    public record Unsupported(String kind, long count, String examples) { }

    /** A table of a publication: its column list (empty for all columns) and row filter (null for none). */
    public record PublishedTable(long relid, List<String> columns, String filter) { }

    /** publish: the operations, as CREATE PUBLICATION ... WITH (publish = ...) takes them. */
    public record Publication(long oid, String name, String owner, boolean allTables, String publish, boolean viaRoot,
                              String comment, List<PublishedTable> tables, List<String> schemas) { }

    /** enabled: O on, D disabled, R replica, A always; tags: the WHEN TAG IN list, empty for all. */
    public record EventTrigger(long oid, String name, String event, List<String> tags, String function, char enabled,
                               String owner, String comment) { }

    private final Server server;
    private final Set<String> keywords;
    private final List<Schema> schemas;
    private final List<Extension> extensions;
    private final List<Collation> collations;
    private final List<TextSearch> textSearch;
    private final List<Type> types;
    private final List<Function> functions;
    private final List<Relation> relations;
    private final Map<Long, List<Column>> columns;
    private final List<Constraint> constraints;
    private final List<Index> indexes;
    private final Map<Long, Sequence> sequences;
    private final List<Trigger> triggers;
    private final List<Rule> rules;
    private final List<Policy> policies;
    private final List<Statistics> statistics;
    private final List<Dependency> dependencies;
    private final List<Unsupported> unsupported;
    private final List<Publication> publications;
    private final List<EventTrigger> eventTriggers;
    private final ExtensibilityCatalog extensibility;
    private final Map<Long, Relation> relationsByOid = new HashMap<>();
    // Lookups by owner, so a backup plan is linear in the number of objects (never relations x indexes).
    private final Map<Long, List<Constraint>> constraintsByRelation = new HashMap<>();
    private final Map<Long, List<Constraint>> constraintsByType = new HashMap<>();
    private final Map<Long, List<Index>> indexesByRelation = new HashMap<>();
    private final Map<Long, Index> indexesByOid = new HashMap<>();
    private final Map<Long, Map<String, Relation>> identitySequences = new HashMap<>();

    /** Package-private for tests that plan a catalog made in memory; {@link #read} makes the real ones. */
    PgCatalog(Server server, Set<String> keywords, List<Schema> schemas, List<Extension> extensions,
                      List<Collation> collations, List<TextSearch> textSearch, List<Type> types, List<Function> functions, List<Relation> relations, Map<Long, List<Column>> columns,
                      List<Constraint> constraints, List<Index> indexes, Map<Long, Sequence> sequences,
                      List<Trigger> triggers, List<Rule> rules, List<Policy> policies, List<Statistics> statistics,
                      List<Dependency> dependencies, List<Unsupported> unsupported, List<Publication> publications,
                      List<EventTrigger> eventTriggers) {
        this(server, keywords, schemas, extensions, collations, textSearch, types, functions, relations, columns, constraints,
                indexes, sequences, triggers, rules, policies, statistics, dependencies, unsupported, publications, eventTriggers,
                ExtensibilityCatalog.NONE);
    }

    /** As above, with operators, casts, foreign data wrappers and the other objects of {@link ExtensibilityCatalog}. */
    PgCatalog(Server server, Set<String> keywords, List<Schema> schemas, List<Extension> extensions,
              List<Collation> collations, List<TextSearch> textSearch, List<Type> types, List<Function> functions,
              List<Relation> relations, Map<Long, List<Column>> columns, List<Constraint> constraints, List<Index> indexes,
              Map<Long, Sequence> sequences, List<Trigger> triggers, List<Rule> rules, List<Policy> policies,
              List<Statistics> statistics, List<Dependency> dependencies, List<Unsupported> unsupported,
              List<Publication> publications, List<EventTrigger> eventTriggers, ExtensibilityCatalog extensibility) {
        this.extensibility = extensibility;
        this.server = server;
        this.keywords = keywords;
        this.schemas = schemas;
        this.extensions = extensions;
        this.collations = collations;
        this.textSearch = textSearch;
        this.types = types;
        this.functions = functions;
        this.relations = relations;
        this.columns = columns;
        this.constraints = constraints;
        this.indexes = indexes;
        this.sequences = sequences;
        this.triggers = triggers;
        this.rules = rules;
        this.policies = policies;
        this.statistics = statistics;
        this.dependencies = dependencies;
        this.unsupported = unsupported;
        this.publications = publications;
        this.eventTriggers = eventTriggers;
        relations.forEach(r -> relationsByOid.put(r.oid(), r));
        for (Constraint c : constraints) {
            if (c.relid() != 0) {
                constraintsByRelation.computeIfAbsent(c.relid(), k -> new ArrayList<>()).add(c);
            }
            if (c.typid() != 0) {
                constraintsByType.computeIfAbsent(c.typid(), k -> new ArrayList<>()).add(c);
            }
        }
        for (Index i : indexes) {
            indexesByRelation.computeIfAbsent(i.relid(), k -> new ArrayList<>()).add(i);
            indexesByOid.put(i.oid(), i);
        }
        for (Relation r : relations) {
            Sequence s = r.kind() == 'S' ? sequences.get(r.oid()) : null;
            if (s != null && s.identity() && s.ownedByColumn() != null) {
                identitySequences.computeIfAbsent(s.ownedByRelid(), k -> new HashMap<>()).putIfAbsent(s.ownedByColumn(), r);
            }
        }
    }

    /**
     * Called with the relations as soon as they are known, before their details are read: returns
     * the statements (LOCK TABLE ...) to run first, in the same round trip as the details.
     */
    @FunctionalInterface
    public interface RelationsRead {
        List<String> accept(List<Relation> relations) throws SQLException;
    }

    /** Reads everything, as {@link #read(Connection, String, RelationsRead, String)} with nothing around it. */
    public static PgCatalog read(Connection connection) throws SQLException {
        return read(connection, null, relations -> List.of(), null);
    }

    /**
     * Reads everything, one query per kind, in two round trips whatever the number of objects:
     * the server and the relations first, everything else in one batch after {@code relationsRead}.
     * Run it inside the backup's transaction, with search_path empty so every name the pg_get_*
     * functions print is schema-qualified.
     *
     * @param before        a statement without rows sent ahead of the first queries (SET LOCAL lock_timeout), or null
     * @param relationsRead runs right after the relations are listed; the statements it returns (locks) run
     *                      before the definitions are read, at the head of the second round trip
     * @param after         a statement without rows sent after the last queries, or null
     */
    public static PgCatalog read(Connection connection, String before, RelationsRead relationsRead, String after)
            throws SQLException {
        Reader reader = new Reader(connection);
        Batch first = reader.batch();
        first.statement(before);
        Query<Server> serverRow = first.list("backup-server", rs -> new Server(rs.getString("server_version"),
                rs.getInt("server_version_num"), rs.getString("database"), rs.getString("encoding"),
                rs.getString("current_user"), rs.getBoolean("superuser"), rs.getLong("database_size")));
        Query<String> keywordRows = first.listSql(
                dev.railyard.db.SqlResources.MARK + "SELECT word FROM pg_get_keywords() WHERE catcode <> 'U'", rs -> rs.getString(1));
        Query<Relation> relationRows = first.list("backup-relations", rs -> new Relation(rs.getLong("oid"),
                rs.getString("schema"), rs.getString("name"), ch(rs.getString("kind")), ch(rs.getString("persistence")),
                reader.strings(rs.getString("options")), rs.getBoolean("is_partition"), rs.getString("partition_bound"),
                rs.getString("partition_key"), reader.longs(rs.getString("parents")), rs.getString("access_method"),
                rs.getBoolean("row_security"), rs.getBoolean("force_row_security"), ch(rs.getString("replica_identity")),
                rs.getLong("estimated_rows"), rs.getLong("bytes"), rs.getString("view_definition"),
                rs.getBoolean("populated"), rs.getString("of_type"), rs.getString("tablespace"), rs.getString("owner"),
                reader.grants(rs.getString("acl")), rs.getBoolean("has_acl"), rs.getString("comment")));
        first.run();
        Server server = serverRow.one();
        List<Relation> relations = relationRows.rows();
        List<String> ahead = relationsRead.accept(relations);

        Batch rest = reader.batch();
        ahead.forEach(rest::statement);
        Query<Schema> schemas = rest.list("backup-schemas", rs -> new Schema(rs.getLong("oid"), rs.getString("name"),
                rs.getString("owner"), reader.grants(rs.getString("acl")), rs.getBoolean("has_acl"), rs.getString("comment"),
                rs.getBoolean("extension_member")));
        Query<Extension> extensions = rest.list("backup-extensions", rs -> new Extension(rs.getLong("oid"),
                rs.getString("name"), rs.getString("schema"), rs.getString("version"), rs.getBoolean("has_config_tables"),
                rs.getString("comment"), reader.configTables(rs.getString("config_tables")), rs.getInt("config_sequences")));
        Query<Collation> collations = rest.list("backup-collations", rs -> new Collation(rs.getLong("oid"),
                rs.getString("schema"), rs.getString("name"), ch(rs.getString("provider")), rs.getBoolean("deterministic"),
                rs.getString("lc_collate"), rs.getString("lc_ctype"), rs.getString("locale"), rs.getString("rules"),
                rs.getString("owner"), rs.getString("comment")));
        Query<TextSearch> textSearch = rest.list("backup-text-search", rs -> new TextSearch(rs.getLong("oid"),
                ch(rs.getString("kind")), rs.getString("schema"), rs.getString("name"), rs.getString("owner"),
                rs.getString("comment"), rs.getString("template"), rs.getString("options"), rs.getString("parser"),
                reader.mappings(rs.getString("mappings"))));
        Query<Type> types = rest.list("backup-types", rs -> new Type(rs.getLong("oid"), rs.getString("schema"),
                rs.getString("name"), ch(rs.getString("kind")), rs.getString("owner"), reader.grants(rs.getString("acl")),
                rs.getBoolean("has_acl"), rs.getString("comment"), reader.strings(rs.getString("enum_labels")),
                rs.getString("domain_base"), rs.getBoolean("domain_not_null"), rs.getString("domain_default"),
                rs.getString("domain_collation"), reader.attributes(rs.getString("composite_attributes")),
                reader.range(rs.getString("range_definition")), reader.base(rs.getString("base_definition"))));
        Query<Function> functions = rest.list("backup-functions", rs -> new Function(rs.getLong("oid"),
                rs.getString("schema"), rs.getString("name"), ch(rs.getString("kind")), rs.getString("identity_arguments"),
                rs.getString("arguments"), rs.getString("definition"), rs.getString("owner"),
                reader.grants(rs.getString("acl")), rs.getBoolean("has_acl"), rs.getString("comment"),
                ch(rs.getString("parallel")), reader.aggregate(rs.getString("aggregate"))));
        Query<Column> columnRows = rest.list(server.major() >= 14 ? "backup-columns" : "backup-columns-13", rs -> new Column(rs.getLong("relid"), rs.getInt("num"),
                rs.getString("name"), rs.getString("type"), rs.getBoolean("not_null"), rs.getBoolean("local"),
                rs.getInt("inherit_count"), ch(rs.getString("identity")), ch(rs.getString("generated")),
                rs.getString("default_expression"), rs.getString("collation"), rs.getString("storage"),
                (Integer) rs.getObject("statistics_target"), reader.strings(rs.getString("options")),
                rs.getString("compression"), rs.getString("comment"), reader.grants(rs.getString("acl"))));
        Query<Constraint> constraints = rest.list("backup-constraints", rs -> new Constraint(rs.getLong("oid"),
                rs.getString("name"), ch(rs.getString("type")), rs.getLong("relid"), rs.getLong("typid"),
                rs.getString("definition"), rs.getBoolean("local"), rs.getInt("inherit_count"), rs.getLong("parent_id"),
                rs.getBoolean("validated"), rs.getLong("index_id"), rs.getLong("referenced_relid"),
                rs.getString("column_name"), rs.getString("comment")));
        Query<Index> indexes = rest.list("backup-indexes", rs -> new Index(rs.getLong("oid"), rs.getString("schema"),
                rs.getString("name"), rs.getLong("relid"), rs.getString("definition"), rs.getBoolean("clustered"),
                rs.getBoolean("replica_identity"), rs.getLong("parent_index"), rs.getBoolean("constraint_index"),
                rs.getString("tablespace"), rs.getString("comment"), reader.strings(rs.getString("options")),
                reader.intMap(rs.getString("column_statistics"))));
        Query<Sequence> sequenceRows = rest.list("backup-sequences", rs -> {
            JsonNode owned = reader.json(rs.getString("owned_by"));
            return new Sequence(rs.getLong("oid"), rs.getString("data_type"), rs.getLong("start_value"),
                    rs.getLong("increment"), rs.getLong("min_value"), rs.getLong("max_value"), rs.getLong("cache"),
                    rs.getBoolean("cycle"), owned == null ? 0 : owned.get("relid").asLong(),
                    owned == null ? null : owned.get("column").asText(), owned != null && owned.get("identity").asBoolean());
        });
        Query<Trigger> triggers = rest.list("backup-triggers", rs -> new Trigger(rs.getLong("oid"), rs.getString("name"),
                rs.getLong("relid"), rs.getString("definition"), ch(rs.getString("enabled")), rs.getLong("parent_id"),
                rs.getString("comment")));
        Query<Rule> rules = rest.list("backup-rules", rs -> new Rule(rs.getLong("oid"), rs.getString("name"),
                rs.getLong("relid"), rs.getString("definition"), ch(rs.getString("enabled")), rs.getString("comment")));
        Query<Policy> policies = rest.list("backup-policies", rs -> new Policy(rs.getLong("oid"), rs.getString("name"),
                rs.getLong("relid"), ch(rs.getString("command")), rs.getBoolean("permissive"),
                reader.strings(rs.getString("roles")), rs.getString("using_expression"), rs.getString("check_expression"),
                rs.getString("comment")));
        Query<Statistics> statistics = rest.list("backup-statistics", rs -> new Statistics(rs.getLong("oid"),
                rs.getLong("relid"), rs.getString("schema"), rs.getString("name"), rs.getString("definition"),
                (Integer) rs.getObject("statistics_target"), rs.getString("comment")));
        Query<Dependency> dependencies = rest.list("backup-dependencies", rs -> new Dependency(ch(rs.getString("kind")),
                rs.getLong("oid"), ch(rs.getString("ref_kind")), rs.getLong("ref_oid"), rs.getInt("default_column"),
                rs.getLong("check_constraint"), rs.getString("ref_description")));
        Query<Unsupported> unsupported = rest.list("backup-unsupported", rs -> new Unsupported(rs.getString("kind"),
                rs.getLong("count"), rs.getString("examples")));
        Query<Publication> publications = rest.list(server.major() >= 15 ? "backup-publications" : "backup-publications-13",
                rs -> new Publication(rs.getLong("oid"), rs.getString("name"), rs.getString("owner"),
                        rs.getBoolean("all_tables"), rs.getString("publish"), rs.getBoolean("via_root"), rs.getString("comment"),
                        reader.publishedTables(rs.getString("tables")), reader.strings(rs.getString("schemas"))));
        Query<EventTrigger> eventTriggers = rest.list("backup-event-triggers", rs -> new EventTrigger(rs.getLong("oid"),
                rs.getString("name"), rs.getString("event"), reader.strings(rs.getString("tags")), rs.getString("function"),
                ch(rs.getString("enabled")), rs.getString("owner"), rs.getString("comment")));
        Map<String, Query<ExtensibilityCatalog.Row>> more = new LinkedHashMap<>();
        for (String name : ExtensibilityCatalog.QUERIES) {
            more.put(name, rest.list(name, rs -> new ExtensibilityCatalog.Row(rs.getLong("oid"), rs.getString("data"))));
        }
        rest.statement(after);
        rest.run();

        Map<Long, List<Column>> columns = new LinkedHashMap<>();
        columnRows.rows().forEach(c -> columns.computeIfAbsent(c.relid(), k -> new ArrayList<>()).add(c));
        Map<Long, Sequence> sequences = new HashMap<>();
        sequenceRows.rows().forEach(s -> sequences.put(s.oid(), s));
        return new PgCatalog(server, new HashSet<>(keywordRows.rows()), schemas.rows(), extensions.rows(), collations.rows(),
                textSearch.rows(), types.rows(), functions.rows(), relations, columns, constraints.rows(), indexes.rows(),
                sequences, triggers.rows(), rules.rows(), policies.rows(), statistics.rows(), dependencies.rows(),
                unsupported.rows(), publications.rows(), eventTriggers.rows(),
                ExtensibilityCatalog.read(name -> more.get(name).rows()));
    }

    public Server server() { return server; }

    public Set<String> reservedKeywords() { return keywords; }

    public List<Schema> schemas() { return schemas; }

    public List<Extension> extensions() { return extensions; }

    public List<Collation> collations() { return collations; }

    /** Text search dictionaries, then configurations. */
    public List<TextSearch> textSearch() { return textSearch; }

    public List<Type> types() { return types; }

    public List<Function> functions() { return functions; }

    public List<Relation> relations() { return relations; }

    public Relation relation(long oid) { return relationsByOid.get(oid); }

    /** Columns of a relation in order; empty when it has none. */
    public List<Column> columns(long relid) { return columns.getOrDefault(relid, List.of()); }

    public List<Constraint> constraints() { return constraints; }

    public List<Index> indexes() { return indexes; }

    /** A table's constraints (not its domains'), in catalog order; empty when it has none. */
    public List<Constraint> constraintsOf(long relid) { return constraintsByRelation.getOrDefault(relid, List.of()); }

    /** A domain's constraints, in catalog order; empty when it has none. */
    public List<Constraint> constraintsOfType(long typid) { return constraintsByType.getOrDefault(typid, List.of()); }

    /** A relation's indexes, in catalog order; empty when it has none. */
    public List<Index> indexesOf(long relid) { return indexesByRelation.getOrDefault(relid, List.of()); }

    public Index index(long oid) { return indexesByOid.get(oid); }

    /** The sequence of a table's identity column; null when the column has none (or is no identity column). */
    public Relation identitySequence(long relid, String column) {
        return identitySequences.getOrDefault(relid, Map.of()).get(column);
    }

    public Sequence sequence(long oid) { return sequences.get(oid); }

    public List<Trigger> triggers() { return triggers; }

    public List<Rule> rules() { return rules; }

    public List<Policy> policies() { return policies; }

    public List<Statistics> statistics() { return statistics; }

    public List<Dependency> dependencies() { return dependencies; }

    public List<Unsupported> unsupported() { return unsupported; }

    public List<Publication> publications() { return publications; }

    public List<EventTrigger> eventTriggers() { return eventTriggers; }

    /** Operators, casts, foreign data wrappers, database settings and the like. */
    ExtensibilityCatalog extensibility() { return extensibility; }

    /** The rows of one query of a {@link Batch}, there once the batch has run. */
    private static final class Query<T> {
        private final String name;
        private final Reader.Row<T> row;
        private List<T> rows;

        Query(String name, Reader.Row<T> row) {
            this.name = name;
            this.row = row;
        }

        void read(ResultSet rs) throws SQLException {
            List<T> result = new ArrayList<>();
            while (rs.next()) {
                result.add(row.map(rs));
            }
            rows = result;
        }

        List<T> rows() {
            if (rows == null) {
                throw new IllegalStateException("the batch holding " + name + " has not run");
            }
            return rows;
        }

        T one() throws SQLException {
            if (rows().isEmpty()) {
                throw new SQLException("Catalog query " + name + " returned nothing");
            }
            return rows.get(0);
        }
    }

    /**
     * Catalog queries sent together: PgJDBC sends the statements of one string in a single
     * round trip and returns their results one after the other. Statements without rows (SET,
     * LOCK) may go among them; their results are passed over.
     */
    private static final class Batch {
        private final Connection connection;
        private final List<String> texts = new ArrayList<>();
        /** One per text: the query reading its rows, null for a statement without rows. */
        private final List<Query<?>> queries = new ArrayList<>();

        Batch(Connection connection) {
            this.connection = connection;
        }

        <T> Query<T> list(String name, Reader.Row<T> row) {
            return add(name, dev.railyard.db.SqlResources.load(dev.railyard.db.Dialect.POSTGRESQL, name), row);
        }

        <T> Query<T> listSql(String text, Reader.Row<T> row) {
            return add(text, text, row);
        }

        /** A statement that returns no rows, run in its place in the batch; null adds nothing. */
        void statement(String text) {
            if (text != null) {
                texts.add(text);
                queries.add(null);
            }
        }

        private <T> Query<T> add(String name, String text, Reader.Row<T> row) {
            Query<T> query = new Query<>(name, row);
            texts.add(text);
            queries.add(query);
            return query;
        }

        void run() throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute(String.join(";\n", texts));
                for (int i = 0; i < queries.size(); i++) {
                    Query<?> query = queries.get(i);
                    // A statement without rows has an update count where a query has a result set.
                    boolean rows = i == 0 ? statement.getResultSet() != null : statement.getMoreResults();
                    if (query == null) {
                        continue;
                    }
                    if (!rows) {
                        throw new SQLException("The catalog batch returned no result for " + query.name);
                    }
                    try (ResultSet rs = statement.getResultSet()) {
                        query.read(rs);
                    }
                }
            }
        }
    }

    private static char ch(String value) {
        return value == null || value.isEmpty() ? 0 : value.charAt(0);
    }

    /** Runs catalog queries and decodes their JSON columns. */
    private static final class Reader {
        private final Connection connection;
        private final ObjectMapper mapper = new ObjectMapper();

        Reader(Connection connection) {
            this.connection = connection;
        }

        interface Row<T> {
            T map(ResultSet rs) throws SQLException;
        }

        Batch batch() {
            return new Batch(connection);
        }

        JsonNode json(String text) throws SQLException {
            if (text == null) {
                return null;
            }
            try {
                return mapper.readTree(text);
            } catch (IOException e) {
                throw new SQLException("Unreadable catalog JSON: " + e.getMessage(), e);
            }
        }

        List<ConfigTable> configTables(String text) throws SQLException {
            return each(text, n -> new ConfigTable(n.get("oid").asLong(), n.get("schema").asText(), n.get("name").asText(),
                    n.get("condition").asText(), n.hasNonNull("columns")
                            ? java.util.stream.StreamSupport.stream(n.get("columns").spliterator(), false).map(JsonNode::asText).toList()
                            : List.of()));
        }

        List<Grant> grants(String text) throws SQLException {
            return each(text, n -> new Grant(n.get("grantee").asText(), n.get("privilege").asText(), n.get("grantable").asBoolean()));
        }

        List<PublishedTable> publishedTables(String text) throws SQLException {
            return each(text, n -> new PublishedTable(n.get("relid").asLong(),
                    n.hasNonNull("columns") ? java.util.stream.StreamSupport.stream(n.get("columns").spliterator(), false)
                            .map(JsonNode::asText).toList() : List.of(),
                    textOrNull(n, "filter")));
        }

        List<TextSearchMapping> mappings(String text) throws SQLException {
            return each(text, n -> new TextSearchMapping(n.get(0).asText(),
                    java.util.stream.StreamSupport.stream(n.get(1).spliterator(), false).map(JsonNode::asText).toList()));
        }

        List<String> strings(String text) throws SQLException {
            return each(text, JsonNode::asText);
        }

        /** A JSON object of integers by integer keys, in key order; empty for null. */
        Map<Integer, Integer> intMap(String text) throws SQLException {
            JsonNode node = json(text);
            Map<Integer, Integer> result = new java.util.TreeMap<>();
            if (node != null && node.isObject()) {
                node.fields().forEachRemaining(e -> result.put(Integer.parseInt(e.getKey()), e.getValue().asInt()));
            }
            return result;
        }

        List<Long> longs(String text) throws SQLException {
            return each(text, JsonNode::asLong);
        }

        List<CompositeAttribute> attributes(String text) throws SQLException {
            return each(text, n -> new CompositeAttribute(n.get("name").asText(), n.get("type").asText(),
                    textOrNull(n, "collation"), textOrNull(n, "comment")));
        }

        RangeDefinition range(String text) throws SQLException {
            JsonNode n = json(text);
            if (n == null) {
                return null;
            }
            return new RangeDefinition(n.get("subtype").asText(), textOrNull(n, "opclass"), textOrNull(n, "collation"),
                    textOrNull(n, "canonical"), textOrNull(n, "subtypeDiff"), textOrNull(n, "multirange"));
        }

        BaseDefinition base(String text) throws SQLException {
            JsonNode n = json(text);
            if (n == null) {
                return null;
            }
            return new BaseDefinition(textOrNull(n, "input"), textOrNull(n, "output"), textOrNull(n, "receive"),
                    textOrNull(n, "send"), textOrNull(n, "typmodIn"), textOrNull(n, "typmodOut"), textOrNull(n, "analyze"),
                    textOrNull(n, "subscript"), n.path("length").asInt(), n.path("byValue").asBoolean(),
                    ch(textOrNull(n, "alignment")), ch(textOrNull(n, "storage")), ch(textOrNull(n, "category")),
                    n.path("preferred").asBoolean(), textOrNull(n, "default"), textOrNull(n, "element"),
                    textOrNull(n, "delimiter"), n.path("collatable").asBoolean(),
                    java.util.stream.StreamSupport.stream(n.path("functions").spliterator(), false).map(JsonNode::asLong).toList(),
                    textOrNull(n, "notReproducible"));
        }

        Aggregate aggregate(String text) throws SQLException {
            JsonNode n = json(text);
            if (n == null) {
                return null;
            }
            return new Aggregate(ch(textOrNull(n, "kind")), textOrNull(n, "sfunc"), textOrNull(n, "stype"),
                    n.path("sspace").asInt(), textOrNull(n, "finalfunc"), n.path("finalfuncExtra").asBoolean(),
                    textOrNull(n, "finalfuncModify"), textOrNull(n, "combinefunc"), textOrNull(n, "serialfunc"),
                    textOrNull(n, "deserialfunc"), textOrNull(n, "initcond"), textOrNull(n, "msfunc"),
                    textOrNull(n, "minvfunc"), textOrNull(n, "mstype"), n.path("msspace").asInt(),
                    textOrNull(n, "mfinalfunc"), n.path("mfinalfuncExtra").asBoolean(), textOrNull(n, "mfinalfuncModify"),
                    textOrNull(n, "minitcond"), textOrNull(n, "sortop"));
        }

        private <T> List<T> each(String text, java.util.function.Function<JsonNode, T> mapping) throws SQLException {
            JsonNode node = json(text);
            if (node == null || !node.isArray()) {
                return List.of();
            }
            List<T> result = new ArrayList<>(node.size());
            node.forEach(n -> result.add(mapping.apply(n)));
            return result;
        }

        private static String textOrNull(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }
    }
}
