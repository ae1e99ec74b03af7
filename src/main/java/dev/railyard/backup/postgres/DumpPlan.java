package dev.railyard.backup.postgres;

import dev.railyard.backup.BackupOptions;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The script of a built-in backup, worked out from the catalog: the statements of the
 * pre-data section (schemas, extensions, types, functions, sequences, tables, views, in
 * dependency order), the tables whose rows the data section copies and the sequences it
 * sets, and the post-data section (constraints, indexes, foreign keys, triggers, rules,
 * policies, refreshes). Everything left out is named in {@link #warnings()}.
 */
final class DumpPlan {

    /** One object's statements, with the "Name: ...; Type: ..." line written above them. */
    record Entry(String label, String sql) { }

    /** A table whose rows are copied. */
    record TableData(PgCatalog.Relation relation, String copyColumns, String qualifiedName) { }

    /** A sequence whose value is restored with setval. */
    record SequenceValue(PgCatalog.Relation relation, String qualifiedName) { }

    private final PgCatalog catalog;
    private final BackupOptions options;
    private final PgNames names;
    private final DumpScope scope;
    private final Set<Long> relationsInScope;
    private final List<Entry> preData = new ArrayList<>();
    private final List<Entry> postData = new ArrayList<>();
    private final List<TableData> tables = new ArrayList<>();
    private final List<SequenceValue> sequences = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    DumpPlan(PgCatalog catalog, BackupOptions options) {
        this.catalog = catalog;
        this.options = options;
        this.names = new PgNames(catalog.reservedKeywords());
        this.scope = new DumpScope(options);
        this.relationsInScope = scope.relations(catalog);
        build();
    }

    List<Entry> preData() { return preData; }

    List<Entry> postData() { return postData; }

    List<TableData> tables() { return tables; }

    List<SequenceValue> sequences() { return sequences; }

    /** Each warning once (a table's statement may be worked out twice when a cycle is broken). */
    List<String> warnings() { return warnings.stream().distinct().toList(); }

    PgNames names() { return names; }

    /** Sum of the on-disk size of the copied tables: the estimate progress is measured against. */
    long estimatedBytes() {
        return tables.stream().mapToLong(t -> t.relation().bytes()).sum();
    }

    private void build() {
        for (PgCatalog.Unsupported u : catalog.unsupported()) {
            if (u.kind().startsWith("default privileges") && !options.privileges()) {
                continue;
            }
            warnings.add("Not reproduced: " + u.count() + " " + u.kind() + (u.examples() == null ? "" : " (" + abbreviate(u.examples()) + ")"));
        }
        List<PgCatalog.Relation> inScope = catalog.relations().stream().filter(r -> relationsInScope.contains(r.oid())).toList();
        if (!options.dataOnly()) {
            buildPreData(inScope);
            buildPostData(inScope);
        }
        if (!options.schemaOnly()) {
            buildData(inScope);
        }
    }

    // ---------------------------------------------------------------- pre-data

    private record Node(String key, String label, String sql) { }

    private void buildPreData(List<PgCatalog.Relation> inScope) {
        List<Node> nodes = new ArrayList<>();
        for (PgCatalog.Schema schema : catalog.schemas()) {
            if (scope.schemaIncluded(schema.name()) && !schema.extensionMember()) {
                String sql = schemaSql(schema);
                if (!sql.isEmpty()) {
                    nodes.add(new Node("s:" + schema.oid(), label(schema.name(), "SCHEMA", null), sql));
                }
            }
        }
        for (PgCatalog.Extension extension : catalog.extensions()) {
            if (scope.schemaIncluded(extension.schema())) {
                nodes.add(new Node("e:" + extension.oid(), label(extension.name(), "EXTENSION", null), extensionSql(extension)));
            }
        }
        for (PgCatalog.Collation collation : catalog.collations()) {
            if (scope.schemaIncluded(collation.schema())) {
                nodes.add(new Node("c:" + collation.oid(), label(collation.name(), "COLLATION", collation.schema()),
                        collationSql(collation)));
            }
        }
        for (PgCatalog.TextSearch ts : catalog.textSearch()) {
            if (scope.schemaIncluded(ts.schema())) {
                nodes.add(new Node("x:" + ts.oid(), label(ts.name(), textSearchKind(ts), ts.schema()), textSearchSql(ts)));
            }
        }
        for (PgCatalog.Type type : catalog.types()) {
            if (scope.schemaIncluded(type.schema())) {
                nodes.add(new Node("t:" + type.oid(), label(type.name(), typeLabel(type), type.schema()), typeSql(type)));
            }
        }
        for (PgCatalog.Function function : catalog.functions()) {
            if (scope.schemaIncluded(function.schema())) {
                nodes.add(new Node("p:" + function.oid(),
                        label(function.name() + "(" + function.identityArguments() + ")", functionKind(function), function.schema()),
                        functionSql(function)));
            }
        }
        List<PgCatalog.Relation> ordered = new ArrayList<>(inScope);
        ordered.sort(Comparator.comparingInt(DumpPlan::relationRank)
                .thenComparing(PgCatalog.Relation::schema).thenComparing(PgCatalog.Relation::name));
        StringBuilder ownedBy = new StringBuilder();
        for (PgCatalog.Relation r : ordered) {
            switch (r.kind()) {
                case 'S' -> {
                    PgCatalog.Sequence s = catalog.sequence(r.oid());
                    if (s == null || s.identity()) {
                        continue; // identity sequences come with their column
                    }
                    nodes.add(new Node("r:" + r.oid(), label(r.name(), "SEQUENCE", r.schema()), sequenceSql(r, s)));
                    PgCatalog.Relation owner = catalog.relation(s.ownedByRelid());
                    if (owner != null && relationsInScope.contains(owner.oid())) {
                        ownedBy.append("ALTER SEQUENCE ").append(q(r.schema(), r.name())).append(" OWNED BY ")
                                .append(q(owner.schema(), owner.name())).append('.').append(names.quote(s.ownedByColumn()))
                                .append(";\n");
                    }
                }
                case 'r', 'p' -> nodes.add(new Node("r:" + r.oid(), label(r.name(), "TABLE", r.schema()), tableSql(r)));
                case 'v' -> nodes.add(new Node("r:" + r.oid(), label(r.name(), "VIEW", r.schema()), viewSql(r)));
                case 'm' -> nodes.add(new Node("r:" + r.oid(), label(r.name(), "MATERIALIZED VIEW", r.schema()), viewSql(r)));
                case 'f' -> { /* counted in the unsupported objects */ }
                default -> warnings.add("Not reproduced: relation " + q(r.schema(), r.name()) + " of kind " + r.kind());
            }
        }
        DependencySorter.Result<Node> sorted = DependencySorter.sort(nodes, Node::key, edges(Set.of()));
        if (!sorted.cycleBreakers().isEmpty()) {
            sorted = sortWithDefaultsApart(nodes, sorted);
        }
        for (Node n : sorted.cycleBreakers()) {
            warnings.add("Circular dependency around " + n.label() + ": it is created before something it depends on; "
                    + "the restore may fail at that statement");
        }
        for (Node n : sorted.ordered()) {
            preData.add(new Entry(n.label(), n.sql()));
        }
        if (!ownedBy.isEmpty()) {
            preData.add(new Entry("Sequence ownership (OWNED BY)", ownedBy.toString()));
        }
    }

    /**
     * Dependency edges between pre-data objects. Defaults in {@code apart} ("relid:column") are
     * set by statements of their own, so the edge goes from that statement, not its table.
     */
    private List<Map.Entry<String, String>> edges(Set<String> apart) {
        List<Map.Entry<String, String>> edges = new ArrayList<>();
        for (PgCatalog.Dependency d : catalog.dependencies()) {
            String from = d.kind() + ":" + d.oid();
            String to = d.refKind() + ":" + d.refOid();
            PgCatalog.Relation fromRelation = d.kind() == 'r' ? catalog.relation(d.oid()) : null;
            if (fromRelation != null && fromRelation.kind() == 'S') {
                continue; // a sequence's OWNED BY points at its table; written after the tables instead
            }
            String defaultKey = d.oid() + ":" + d.defaultColumn();
            if (d.defaultColumn() > 0 && apart.contains(defaultKey)) {
                edges.add(new AbstractMap.SimpleImmutableEntry<>("d:" + defaultKey, to));
                edges.add(new AbstractMap.SimpleImmutableEntry<>("d:" + defaultKey, from));
                continue;
            }
            edges.add(new AbstractMap.SimpleImmutableEntry<>(from, to));
        }
        return edges;
    }

    /**
     * The usual cycle: a column default calls a function whose SQL-standard body reads the
     * table. As pg_dump does, such defaults are then set after both exist, by
     * ALTER TABLE ... SET DEFAULT; the table is created without them.
     */
    private DependencySorter.Result<Node> sortWithDefaultsApart(List<Node> nodes, DependencySorter.Result<Node> first) {
        Set<String> apart = new java.util.LinkedHashSet<>();
        for (PgCatalog.Dependency d : catalog.dependencies()) {
            if (d.defaultColumn() > 0 && d.refKind() == 'p' && relationsInScope.contains(d.oid())) {
                apart.add(d.oid() + ":" + d.defaultColumn());
            }
        }
        if (apart.isEmpty()) {
            return first;
        }
        List<Node> rebuilt = new ArrayList<>();
        for (Node n : nodes) {
            PgCatalog.Relation r = n.key().startsWith("r:") ? catalog.relation(Long.parseLong(n.key().substring(2))) : null;
            boolean affected = r != null && (r.kind() == 'r' || r.kind() == 'p')
                    && apart.stream().anyMatch(k -> k.startsWith(r.oid() + ":"));
            rebuilt.add(affected ? new Node(n.key(), n.label(), tableSql(r, apart)) : n);
        }
        for (String key : apart) {
            long relid = Long.parseLong(key.substring(0, key.indexOf(':')));
            int column = Integer.parseInt(key.substring(key.indexOf(':') + 1));
            PgCatalog.Relation r = catalog.relation(relid);
            catalog.columns(relid).stream().filter(c -> c.num() == column && c.defaultExpression() != null).findFirst()
                    .ifPresent(c -> rebuilt.add(new Node("d:" + key, label(r.name() + " " + c.name(), "DEFAULT", r.schema()),
                            "ALTER TABLE ONLY " + q(r.schema(), r.name()) + " ALTER COLUMN " + names.quote(c.name())
                                    + " SET DEFAULT " + c.defaultExpression() + ";\n")));
        }
        return DependencySorter.sort(rebuilt, Node::key, edges(apart));
    }

    private static int relationRank(PgCatalog.Relation r) {
        return switch (r.kind()) {
            case 'S' -> 0;
            case 'r', 'p', 'f' -> 1;
            case 'v' -> 2;
            case 'm' -> 3;
            default -> 4;
        };
    }

    private String schemaSql(PgCatalog.Schema schema) {
        StringBuilder sql = new StringBuilder();
        String name = names.quote(schema.name());
        if (!schema.name().equals("public")) {
            sql.append("CREATE SCHEMA ").append(name).append(";\n");
            owner(sql, "SCHEMA " + name, schema.owner());
        }
        if (schema.comment() != null && !(schema.name().equals("public") && schema.comment().equals("standard public schema"))) {
            comment(sql, "SCHEMA " + name, schema.comment());
        }
        if (options.privileges() && schema.hasAcl() && !schema.name().equals("public")) {
            grants(sql, "SCHEMA " + name, schema.owner(), schema.acl(), false);
        }
        return sql.toString();
    }

    private String extensionSql(PgCatalog.Extension extension) {
        StringBuilder sql = new StringBuilder();
        String name = names.quote(extension.name());
        sql.append("CREATE EXTENSION IF NOT EXISTS ").append(name).append(" WITH SCHEMA ")
                .append(names.quote(extension.schema())).append(";\n");
        comment(sql, "EXTENSION " + name, extension.comment());
        if (extension.hasConfigTables()) {
            warnings.add("Extension " + extension.name() + " has configuration tables; their rows are not in the backup "
                    + "(CREATE EXTENSION recreates the defaults)");
        }
        return sql.toString();
    }

    private static String textSearchKind(PgCatalog.TextSearch ts) {
        return ts.kind() == 'd' ? "TEXT SEARCH DICTIONARY" : "TEXT SEARCH CONFIGURATION";
    }

    /**
     * A dictionary from its template and init options; a configuration from its parser, then
     * one ADD MAPPING per token type (a configuration made with COPY = has the same mappings).
     */
    private String textSearchSql(PgCatalog.TextSearch ts) {
        String target = textSearchKind(ts) + " " + q(ts.schema(), ts.name());
        StringBuilder sql = new StringBuilder("CREATE ").append(target).append(" (\n");
        if (ts.kind() == 'd') {
            sql.append("    TEMPLATE = ").append(ts.template());
            if (ts.options() != null && !ts.options().isBlank()) {
                sql.append(",\n    ").append(ts.options());
            }
            sql.append(" );\n");
        } else {
            sql.append("    PARSER = ").append(ts.parser()).append(" );\n");
            for (PgCatalog.TextSearchMapping m : ts.mappings()) {
                sql.append("ALTER ").append(target).append("\n    ADD MAPPING FOR ").append(names.quote(m.token()))
                        .append(" WITH ").append(String.join(", ", m.dictionaries())).append(";\n");
            }
        }
        owner(sql, target, ts.owner());
        comment(sql, target, ts.comment());
        return sql.toString();
    }

    private String collationSql(PgCatalog.Collation c) {
        String name = q(c.schema(), c.name());
        List<String> parts = new ArrayList<>();
        switch (c.provider()) {
            case 'i' -> {
                parts.add("provider = icu");
                parts.add("locale = " + PgNames.literal(c.locale() == null ? "" : c.locale()));
                if (c.rules() != null) {
                    parts.add("rules = " + PgNames.literal(c.rules()));
                }
            }
            case 'b' -> {
                parts.add("provider = builtin");
                parts.add("locale = " + PgNames.literal(c.locale() == null ? "" : c.locale()));
            }
            default -> {
                parts.add("provider = libc");
                parts.add("lc_collate = " + PgNames.literal(c.lcCollate() == null ? "" : c.lcCollate()));
                parts.add("lc_ctype = " + PgNames.literal(c.lcCtype() == null ? "" : c.lcCtype()));
            }
        }
        if (!c.deterministic()) {
            parts.add("deterministic = false");
        }
        StringBuilder sql = new StringBuilder("CREATE COLLATION ").append(name).append(" (").append(String.join(", ", parts)).append(");\n");
        comment(sql, "COLLATION " + name, c.comment());
        owner(sql, "COLLATION " + name, c.owner());
        return sql.toString();
    }

    private static String typeLabel(PgCatalog.Type type) {
        return type.kind() == 'd' ? "DOMAIN" : "TYPE";
    }

    private String typeSql(PgCatalog.Type type) {
        String name = q(type.schema(), type.name());
        StringBuilder sql = new StringBuilder();
        switch (type.kind()) {
            case 'e' -> {
                sql.append("CREATE TYPE ").append(name).append(" AS ENUM (");
                List<String> labels = type.enumLabels();
                for (int i = 0; i < labels.size(); i++) {
                    sql.append(i == 0 ? "\n    " : ",\n    ").append(PgNames.literal(labels.get(i)));
                }
                sql.append(labels.isEmpty() ? ");\n" : "\n);\n");
            }
            case 'd' -> {
                sql.append("CREATE DOMAIN ").append(name).append(" AS ").append(type.domainBase());
                if (type.domainCollation() != null) {
                    sql.append(" COLLATE ").append(type.domainCollation());
                }
                if (type.domainDefault() != null) {
                    sql.append(" DEFAULT ").append(type.domainDefault());
                }
                for (PgCatalog.Constraint c : domainConstraints(type)) {
                    if (c.validated()) {
                        sql.append("\n    CONSTRAINT ").append(names.quote(c.name())).append(' ').append(c.definition());
                    }
                }
                if (type.domainNotNull()) {
                    sql.append(" NOT NULL");
                }
                sql.append(";\n");
                for (PgCatalog.Constraint c : domainConstraints(type)) {
                    if (!c.validated()) {
                        // Rows stored before the constraint may break it: add it unvalidated, as it was.
                        postData.add(new Entry(label(c.name(), "CONSTRAINT", type.schema()), "ALTER DOMAIN " + name
                                + " ADD CONSTRAINT " + names.quote(c.name()) + " " + c.definition() + ";\n"
                                + commentText("CONSTRAINT " + names.quote(c.name()) + " ON DOMAIN " + name, c.comment())));
                    } else {
                        comment(sql, "CONSTRAINT " + names.quote(c.name()) + " ON DOMAIN " + name, c.comment());
                    }
                }
            }
            case 'c' -> {
                sql.append("CREATE TYPE ").append(name).append(" AS (");
                List<PgCatalog.CompositeAttribute> attributes = type.attributes();
                for (int i = 0; i < attributes.size(); i++) {
                    PgCatalog.CompositeAttribute a = attributes.get(i);
                    sql.append(i == 0 ? "\n    " : ",\n    ").append(names.quote(a.name())).append(' ').append(a.type());
                    if (a.collation() != null) {
                        sql.append(" COLLATE ").append(a.collation());
                    }
                }
                sql.append(attributes.isEmpty() ? ");\n" : "\n);\n");
                for (PgCatalog.CompositeAttribute a : attributes) {
                    comment(sql, "COLUMN " + name + "." + names.quote(a.name()), a.comment());
                }
            }
            case 'r' -> {
                PgCatalog.RangeDefinition r = type.range();
                sql.append("CREATE TYPE ").append(name).append(" AS RANGE (\n    subtype = ").append(r.subtype());
                if (r.opclass() != null) {
                    sql.append(",\n    subtype_opclass = ").append(r.opclass());
                }
                if (r.collation() != null) {
                    sql.append(",\n    collation = ").append(r.collation());
                }
                if (r.canonical() != null) {
                    warnings.add("Range type " + name + ": its canonical function " + r.canonical()
                            + " is not reproduced (it needs a shell type and a C function)");
                }
                if (r.subtypeDiff() != null) {
                    sql.append(",\n    subtype_diff = ").append(r.subtypeDiff());
                }
                if (r.multirange() != null && !r.multirange().equals(defaultMultirangeName(type))) {
                    sql.append(",\n    multirange_type_name = ").append(r.multirange());
                }
                sql.append("\n);\n");
            }
            default -> {
                warnings.add("Not reproduced: type " + name + " of kind " + type.kind());
                return "";
            }
        }
        String keyword = type.kind() == 'd' ? "DOMAIN " : "TYPE ";
        comment(sql, keyword + name, type.comment());
        owner(sql, keyword + name, type.owner());
        if (options.privileges() && type.hasAcl()) {
            grants(sql, "TYPE " + name, type.owner(), type.acl(), true);
        }
        return sql.toString();
    }

    /** PostgreSQL's default multirange name: "range" in the name becomes "multirange", else "_multirange" is appended. */
    private String defaultMultirangeName(PgCatalog.Type type) {
        String n = type.name();
        int at = n.indexOf("range");
        String multi = at >= 0 ? n.substring(0, at) + "multirange" + n.substring(at + 5) : n + "_multirange";
        return q(type.schema(), multi);
    }

    private List<PgCatalog.Constraint> domainConstraints(PgCatalog.Type type) {
        return catalog.constraints().stream().filter(c -> c.typid() == type.oid() && c.type() == 'c').toList();
    }

    private static String functionKind(PgCatalog.Function f) {
        return switch (f.kind()) {
            case 'p' -> "PROCEDURE";
            case 'a' -> "AGGREGATE";
            default -> "FUNCTION";
        };
    }

    private String functionSignature(PgCatalog.Function f) {
        String args = f.identityArguments();
        if (f.kind() == 'a' && args.isEmpty()) {
            args = "*";
        }
        return q(f.schema(), f.name()) + "(" + args + ")";
    }

    private String functionSql(PgCatalog.Function f) {
        StringBuilder sql = new StringBuilder();
        String kind = functionKind(f);
        if (f.kind() == 'a') {
            String aggregate = aggregateSql(f);
            if (aggregate == null) {
                return "";
            }
            sql.append(aggregate);
        } else {
            sql.append(f.definition().stripTrailing()).append(";\n");
        }
        String signature = functionSignature(f);
        comment(sql, kind + " " + signature, f.comment());
        owner(sql, kind + " " + signature, f.owner());
        if (options.privileges() && f.hasAcl()) {
            grants(sql, (f.kind() == 'p' ? "PROCEDURE " : "FUNCTION ") + q(f.schema(), f.name()) + "(" + f.identityArguments() + ")",
                    f.owner(), f.acl(), true);
        }
        return sql.toString();
    }

    private String aggregateSql(PgCatalog.Function f) {
        PgCatalog.Aggregate a = f.aggregate();
        if (a == null) {
            warnings.add("Not reproduced: aggregate " + functionSignature(f) + " (its definition could not be read)");
            return null;
        }
        String args = f.arguments().isEmpty() ? "*" : f.arguments();
        StringBuilder sql = new StringBuilder("CREATE AGGREGATE ").append(q(f.schema(), f.name())).append("(").append(args).append(") (\n");
        List<String> parts = new ArrayList<>();
        parts.add("SFUNC = " + a.sfunc());
        parts.add("STYPE = " + a.stype());
        if (a.sspace() > 0) {
            parts.add("SSPACE = " + a.sspace());
        }
        if (a.finalfunc() != null) {
            parts.add("FINALFUNC = " + a.finalfunc());
            if (a.finalfuncExtra()) {
                parts.add("FINALFUNC_EXTRA");
            }
            parts.add("FINALFUNC_MODIFY = " + modify(a.finalfuncModify()));
        }
        if (a.combinefunc() != null) {
            parts.add("COMBINEFUNC = " + a.combinefunc());
        }
        if (a.serialfunc() != null) {
            parts.add("SERIALFUNC = " + a.serialfunc());
        }
        if (a.deserialfunc() != null) {
            parts.add("DESERIALFUNC = " + a.deserialfunc());
        }
        if (a.initcond() != null) {
            parts.add("INITCOND = " + PgNames.literal(a.initcond()));
        }
        if (a.msfunc() != null) {
            parts.add("MSFUNC = " + a.msfunc());
            parts.add("MINVFUNC = " + a.minvfunc());
            parts.add("MSTYPE = " + a.mstype());
            if (a.msspace() > 0) {
                parts.add("MSSPACE = " + a.msspace());
            }
            if (a.mfinalfunc() != null) {
                parts.add("MFINALFUNC = " + a.mfinalfunc());
                if (a.mfinalfuncExtra()) {
                    parts.add("MFINALFUNC_EXTRA");
                }
                parts.add("MFINALFUNC_MODIFY = " + modify(a.mfinalfuncModify()));
            }
            if (a.minitcond() != null) {
                parts.add("MINITCOND = " + PgNames.literal(a.minitcond()));
            }
        }
        if (a.sortop() != null) {
            parts.add("SORTOP = OPERATOR(" + a.sortop().replaceFirst("\\(.*$", "") + ")");
        }
        if (a.kind() == 'h') {
            parts.add("HYPOTHETICAL");
        }
        if (f.parallel() == 's') {
            parts.add("PARALLEL = SAFE");
        } else if (f.parallel() == 'r') {
            parts.add("PARALLEL = RESTRICTED");
        }
        sql.append("    ").append(String.join(",\n    ", parts)).append("\n);\n");
        return sql.toString();
    }

    private static String modify(String code) {
        return switch (code == null ? "r" : code) {
            case "s" -> "SHAREABLE";
            case "w" -> "READ_WRITE";
            default -> "READ_ONLY";
        };
    }

    private String sequenceSql(PgCatalog.Relation r, PgCatalog.Sequence s) {
        String name = q(r.schema(), r.name());
        StringBuilder sql = new StringBuilder("CREATE ");
        if (r.persistence() == 'u') {
            sql.append("UNLOGGED ");
        }
        sql.append("SEQUENCE ").append(name).append('\n');
        sequenceOptions(sql, s, "    ", "\n", true);
        sql.append(";\n");
        comment(sql, "SEQUENCE " + name, r.comment());
        owner(sql, "SEQUENCE " + name, r.owner());
        if (options.privileges() && r.hasAcl()) {
            grants(sql, "SEQUENCE " + name, r.owner(), r.acl(), false);
        }
        return sql.toString();
    }

    private void sequenceOptions(StringBuilder sql, PgCatalog.Sequence s, String indent, String separator, boolean withType) {
        List<String> parts = new ArrayList<>();
        if (withType) {
            parts.add("AS " + s.dataType());
        }
        parts.add("START WITH " + s.start());
        parts.add("INCREMENT BY " + s.increment());
        parts.add("MINVALUE " + s.min());
        parts.add("MAXVALUE " + s.max());
        parts.add("CACHE " + s.cache());
        if (s.cycle()) {
            parts.add("CYCLE");
        }
        sql.append(indent).append(String.join(separator + indent, parts));
    }

    private String tableSql(PgCatalog.Relation r) {
        return tableSql(r, Set.of());
    }

    /** The table's CREATE statement; defaults named in {@code defaultsApart} ("relid:column") are left out. */
    private String tableSql(PgCatalog.Relation r, Set<String> defaultsApart) {
        String name = q(r.schema(), r.name());
        StringBuilder sql = new StringBuilder("CREATE ");
        if (r.persistence() == 'u') {
            sql.append("UNLOGGED ");
        }
        sql.append("TABLE ").append(name).append(" (");
        boolean inheritanceChild = !r.parents().isEmpty() && !r.isPartition();
        List<PgCatalog.Column> columns = catalog.columns(r.oid());
        List<String> lines = new ArrayList<>();
        StringBuilder after = new StringBuilder();
        for (PgCatalog.Column c : columns) {
            if (inheritanceChild && !c.local()) {
                inheritedColumnChanges(after, r, c);
                continue;
            }
            lines.add(columnSql(r, c, defaultsApart.contains(r.oid() + ":" + c.num())));
        }
        for (PgCatalog.Constraint c : catalog.constraints()) {
            if (c.relid() == r.oid() && c.type() == 'c' && c.validated() && (c.local() || r.isPartition())) {
                lines.add("CONSTRAINT " + names.quote(c.name()) + " " + c.definition());
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            sql.append(i == 0 ? "\n    " : ",\n    ").append(lines.get(i));
        }
        sql.append(lines.isEmpty() ? ")" : "\n)");
        if (inheritanceChild) {
            sql.append("\nINHERITS (").append(r.parents().stream().map(this::relationName).collect(Collectors.joining(", "))).append(")");
        }
        if (r.partitionKey() != null) {
            sql.append("\nPARTITION BY ").append(r.partitionKey());
        }
        if (r.accessMethod() != null && !r.accessMethod().equals("heap") && r.kind() != 'p') {
            sql.append("\nUSING ").append(names.quote(r.accessMethod()));
        }
        if (!r.options().isEmpty()) {
            sql.append("\nWITH (").append(String.join(", ", r.options())).append(")");
        }
        sql.append(";\n");
        if (r.isPartition() && !r.parents().isEmpty()) {
            sql.append("ALTER TABLE ONLY ").append(relationName(r.parents().get(0))).append(" ATTACH PARTITION ").append(name)
                    .append(' ').append(r.partitionBound()).append(";\n");
        }
        sql.append(after);
        for (PgCatalog.Column c : columns) {
            columnSettings(sql, name, c);
        }
        if (r.tablespace() != null) {
            warnings.add("Table " + name + " is in tablespace " + r.tablespace() + "; it is restored into the default tablespace");
        }
        if (r.ofType() != null) {
            warnings.add("Table " + name + " was created OF TYPE " + r.ofType() + "; it is restored as an ordinary table with the same columns");
        }
        comment(sql, "TABLE " + name, r.comment());
        for (PgCatalog.Column c : columns) {
            comment(sql, "COLUMN " + name + "." + names.quote(c.name()), c.comment());
        }
        owner(sql, "TABLE " + name, r.owner());
        if (options.privileges()) {
            tableGrants(sql, r, "TABLE " + name);
        }
        return sql.toString();
    }

    private String columnSql(PgCatalog.Relation r, PgCatalog.Column c, boolean defaultApart) {
        StringBuilder sql = new StringBuilder(names.quote(c.name())).append(' ').append(c.type());
        if (c.collation() != null) {
            sql.append(" COLLATE ").append(c.collation());
        }
        if (c.isGenerated() && c.defaultExpression() != null) {
            sql.append(" GENERATED ALWAYS AS (").append(c.defaultExpression()).append(c.generated() == 'v' ? ") VIRTUAL" : ") STORED");
        } else if (c.defaultExpression() != null && !defaultApart) {
            sql.append(" DEFAULT ").append(c.defaultExpression());
        }
        if (c.notNull()) {
            // PostgreSQL 18 names NOT NULL constraints (a partition's carries its parent's name), may add one
            // NOT VALID (rows with NULLs stay: it is added after the data, see buildPostData) or NO INHERIT.
            PgCatalog.Constraint constraint = catalog.constraints().stream()
                    .filter(k -> k.type() == 'n' && k.relid() == r.oid() && c.name().equals(k.column()))
                    .findFirst().orElse(null);
            if (constraint == null) {
                sql.append(" NOT NULL");
            } else if (constraint.validated()) {
                sql.append(" CONSTRAINT ").append(names.quote(constraint.name())).append(" NOT NULL");
                if (constraint.definition() != null && constraint.definition().endsWith(" NO INHERIT")) {
                    sql.append(" NO INHERIT");
                }
            }
        }
        if (c.isIdentity() && !inheritsIdentity(r, c)) {
            sql.append(c.identity() == 'a' ? " GENERATED ALWAYS AS IDENTITY" : " GENERATED BY DEFAULT AS IDENTITY");
            PgCatalog.Relation seq = identitySequence(r, c);
            if (seq != null) {
                sql.append(" (\n        SEQUENCE NAME ").append(q(seq.schema(), seq.name())).append('\n');
                sequenceOptions(sql, catalog.sequence(seq.oid()), "        ", "\n", false);
                sql.append("\n    )");
            }
        }
        return sql.toString();
    }

    /** A partition's identity column takes its parent's identity (PostgreSQL 17+): only the parent declares it. */
    private boolean inheritsIdentity(PgCatalog.Relation r, PgCatalog.Column c) {
        return r.isPartition() && identitySequence(r, c) == null;
    }

    private PgCatalog.Relation identitySequence(PgCatalog.Relation table, PgCatalog.Column column) {
        for (PgCatalog.Relation r : catalog.relations()) {
            if (r.kind() == 'S') {
                PgCatalog.Sequence s = catalog.sequence(r.oid());
                if (s != null && s.identity() && s.ownedByRelid() == table.oid() && column.name().equals(s.ownedByColumn())) {
                    return r;
                }
            }
        }
        return null;
    }

    /** An inherited column of an inheritance child: its own default or NOT NULL, when the parent's differ. */
    private void inheritedColumnChanges(StringBuilder sql, PgCatalog.Relation r, PgCatalog.Column c) {
        PgCatalog.Column parentColumn = null;
        for (long parent : r.parents()) {
            for (PgCatalog.Column pc : catalog.columns(parent)) {
                if (pc.name().equals(c.name())) {
                    parentColumn = pc;
                }
            }
        }
        String name = q(r.schema(), r.name());
        if (c.defaultExpression() != null && !c.isGenerated()
                && (parentColumn == null || !c.defaultExpression().equals(parentColumn.defaultExpression()))) {
            sql.append("ALTER TABLE ONLY ").append(name).append(" ALTER COLUMN ").append(names.quote(c.name()))
                    .append(" SET DEFAULT ").append(c.defaultExpression()).append(";\n");
        }
        if (c.notNull() && (parentColumn == null || !parentColumn.notNull())) {
            sql.append("ALTER TABLE ONLY ").append(name).append(" ALTER COLUMN ").append(names.quote(c.name()))
                    .append(" SET NOT NULL;\n");
        }
    }

    private void columnSettings(StringBuilder sql, String table, PgCatalog.Column c) {
        String prefix = "ALTER TABLE ONLY " + table + " ALTER COLUMN " + names.quote(c.name());
        if (c.statisticsTarget() != null && c.statisticsTarget() >= 0) {
            sql.append(prefix).append(" SET STATISTICS ").append(c.statisticsTarget()).append(";\n");
        }
        if (c.storage() != null) {
            String storage = switch (c.storage()) {
                case "p" -> "PLAIN";
                case "e" -> "EXTERNAL";
                case "m" -> "MAIN";
                default -> "EXTENDED";
            };
            sql.append(prefix).append(" SET STORAGE ").append(storage).append(";\n");
        }
        if (!c.options().isEmpty()) {
            sql.append(prefix).append(" SET (").append(String.join(", ", c.options())).append(");\n");
        }
        if (c.compression() != null) {
            String method = switch (c.compression()) {
                case "p" -> "pglz";
                case "l" -> "lz4";
                default -> null;
            };
            if (method != null) {
                sql.append(prefix).append(" SET COMPRESSION ").append(method).append(";\n");
            }
        }
    }

    private String viewSql(PgCatalog.Relation r) {
        String name = q(r.schema(), r.name());
        boolean materialized = r.kind() == 'm';
        String keyword = materialized ? "MATERIALIZED VIEW " : "VIEW ";
        StringBuilder sql = new StringBuilder("CREATE ").append(keyword).append(name);
        if (materialized && r.accessMethod() != null && !r.accessMethod().equals("heap")) {
            sql.append(" USING ").append(names.quote(r.accessMethod()));
        }
        if (!r.options().isEmpty()) {
            sql.append(" WITH (").append(String.join(", ", r.options())).append(")");
        }
        String definition = r.viewDefinition().strip();
        if (definition.endsWith(";")) {
            definition = definition.substring(0, definition.length() - 1);
        }
        sql.append(" AS\n").append(definition);
        sql.append(materialized ? "\n  WITH NO DATA;\n" : ";\n");
        for (PgCatalog.Column c : catalog.columns(r.oid())) {
            if (!materialized && c.defaultExpression() != null) {
                sql.append("ALTER VIEW ").append(name).append(" ALTER COLUMN ").append(names.quote(c.name()))
                        .append(" SET DEFAULT ").append(c.defaultExpression()).append(";\n");
            }
        }
        comment(sql, keyword + name, r.comment());
        for (PgCatalog.Column c : catalog.columns(r.oid())) {
            comment(sql, "COLUMN " + name + "." + names.quote(c.name()), c.comment());
        }
        owner(sql, (materialized ? "MATERIALIZED VIEW " : "VIEW ") + name, r.owner());
        if (options.privileges()) {
            tableGrants(sql, r, "TABLE " + name);
        }
        return sql.toString();
    }

    // ---------------------------------------------------------------- post-data

    private void buildPostData(List<PgCatalog.Relation> inScope) {
        Set<Long> tables = new HashSet<>();
        Map<Long, Integer> depth = new HashMap<>();
        for (PgCatalog.Relation r : inScope) {
            if (r.kind() == 'r' || r.kind() == 'p' || r.kind() == 'm') {
                tables.add(r.oid());
            }
        }
        for (PgCatalog.Relation r : inScope) {
            depth.put(r.oid(), partitionDepth(r));
        }
        // Key constraints (they build their indexes), parents before partitions.
        List<PgCatalog.Constraint> keys = catalog.constraints().stream()
                .filter(c -> tables.contains(c.relid()) && (c.type() == 'p' || c.type() == 'u' || c.type() == 'x'))
                .sorted(Comparator.comparingInt((PgCatalog.Constraint c) -> depth.getOrDefault(c.relid(), 0)))
                .toList();
        for (PgCatalog.Constraint c : keys) {
            PgCatalog.Relation r = catalog.relation(c.relid());
            String table = q(r.schema(), r.name());
            postData.add(new Entry(label(r.name() + " " + c.name(), "CONSTRAINT", r.schema()),
                    "ALTER TABLE ONLY " + table + "\n    ADD CONSTRAINT " + names.quote(c.name()) + " " + c.definition() + ";\n"
                            + commentText("CONSTRAINT " + names.quote(c.name()) + " ON " + table, c.comment())));
        }
        List<PgCatalog.Index> indexes = catalog.indexes().stream()
                .filter(i -> tables.contains(i.relid()))
                .sorted(Comparator.comparingInt((PgCatalog.Index i) -> depth.getOrDefault(i.relid(), 0)))
                .toList();
        Map<Long, PgCatalog.Index> indexByOid = new HashMap<>();
        catalog.indexes().forEach(i -> indexByOid.put(i.oid(), i));
        for (PgCatalog.Index index : indexes) {
            if (index.constraintIndex()) {
                if (index.comment() != null) {
                    postData.add(new Entry(label(index.name(), "INDEX", index.schema()),
                            commentText("INDEX " + q(index.schema(), index.name()), index.comment())));
                }
                continue;
            }
            if (index.tablespace() != null) {
                warnings.add("Index " + q(index.schema(), index.name()) + " is in tablespace " + index.tablespace()
                        + "; it is restored into the default tablespace");
            }
            postData.add(new Entry(label(index.name(), "INDEX", index.schema()), index.definition() + ";\n"
                    + commentText("INDEX " + q(index.schema(), index.name()), index.comment())));
        }
        for (PgCatalog.Index index : indexes) {
            PgCatalog.Index parent = indexByOid.get(index.parentIndex());
            if (parent != null) {
                postData.add(new Entry(label(index.name(), "INDEX ATTACH", index.schema()), "ALTER INDEX "
                        + q(parent.schema(), parent.name()) + " ATTACH PARTITION " + q(index.schema(), index.name()) + ";\n"));
            }
        }
        // Constraints added unvalidated (CHECK or, from PostgreSQL 18, NOT NULL ... NOT VALID), then foreign keys:
        // after all keys exist.
        for (PgCatalog.Constraint c : catalog.constraints()) {
            if (tables.contains(c.relid()) && (c.type() == 'c' || c.type() == 'n') && !c.validated() && c.local()) {
                PgCatalog.Relation r = catalog.relation(c.relid());
                String table = q(r.schema(), r.name());
                postData.add(new Entry(label(r.name() + " " + c.name(), c.type() == 'c' ? "CHECK CONSTRAINT" : "NOT NULL CONSTRAINT",
                        r.schema()),
                        "ALTER TABLE " + table + "\n    ADD CONSTRAINT " + names.quote(c.name()) + " " + c.definition() + ";\n"
                                + commentText("CONSTRAINT " + names.quote(c.name()) + " ON " + table, c.comment())));
            }
        }
        for (PgCatalog.Constraint c : catalog.constraints()) {
            if (!tables.contains(c.relid()) || c.type() == 'p' || c.type() == 'u' || c.type() == 'x' || c.type() == 'f') {
                continue;
            }
            if ((c.type() == 'c' || c.type() == 'n') && c.validated() && c.comment() != null
                    && (c.local() || catalog.relation(c.relid()).isPartition())) {
                PgCatalog.Relation r = catalog.relation(c.relid());
                postData.add(new Entry(label(r.name() + " " + c.name(), "COMMENT", r.schema()),
                        commentText("CONSTRAINT " + names.quote(c.name()) + " ON " + q(r.schema(), r.name()), c.comment())));
            }
        }
        for (PgCatalog.Constraint c : catalog.constraints()) {
            if (tables.contains(c.relid()) && c.type() == 'f' && c.parentId() == 0) {
                PgCatalog.Relation r = catalog.relation(c.relid());
                String table = q(r.schema(), r.name());
                postData.add(new Entry(label(r.name() + " " + c.name(), "FK CONSTRAINT", r.schema()),
                        "ALTER TABLE " + (r.kind() == 'p' ? "" : "ONLY ") + table + "\n    ADD CONSTRAINT " + names.quote(c.name())
                                + " " + c.definition() + ";\n"
                                + commentText("CONSTRAINT " + names.quote(c.name()) + " ON " + table, c.comment())));
            }
        }
        for (PgCatalog.Trigger t : catalog.triggers()) {
            if (!tables.contains(t.relid()) && !relationsInScope.contains(t.relid())) {
                continue;
            }
            if (t.parentId() != 0) {
                continue; // a clone of the partitioned table's trigger
            }
            PgCatalog.Relation r = catalog.relation(t.relid());
            String table = q(r.schema(), r.name());
            StringBuilder sql = new StringBuilder(t.definition()).append(";\n");
            String state = switch (t.enabled()) {
                case 'D' -> "DISABLE";
                case 'R' -> "ENABLE REPLICA";
                case 'A' -> "ENABLE ALWAYS";
                default -> null;
            };
            if (state != null) {
                sql.append("ALTER TABLE ").append(table).append(' ').append(state).append(" TRIGGER ").append(names.quote(t.name())).append(";\n");
            }
            sql.append(commentText("TRIGGER " + names.quote(t.name()) + " ON " + table, t.comment()));
            postData.add(new Entry(label(r.name() + " " + t.name(), "TRIGGER", r.schema()), sql.toString()));
        }
        for (PgCatalog.Rule rule : catalog.rules()) {
            if (!relationsInScope.contains(rule.relid())) {
                continue;
            }
            PgCatalog.Relation r = catalog.relation(rule.relid());
            String table = q(r.schema(), r.name());
            StringBuilder sql = new StringBuilder(rule.definition().stripTrailing());
            if (!sql.toString().endsWith(";")) {
                sql.append(';');
            }
            sql.append('\n');
            String state = switch (rule.enabled()) {
                case 'D' -> "DISABLE";
                case 'R' -> "ENABLE REPLICA";
                case 'A' -> "ENABLE ALWAYS";
                default -> null;
            };
            if (state != null) {
                sql.append("ALTER TABLE ").append(table).append(' ').append(state).append(" RULE ").append(names.quote(rule.name())).append(";\n");
            }
            sql.append(commentText("RULE " + names.quote(rule.name()) + " ON " + table, rule.comment()));
            postData.add(new Entry(label(r.name() + " " + rule.name(), "RULE", r.schema()), sql.toString()));
        }
        for (PgCatalog.Relation r : inScope) {
            String table = q(r.schema(), r.name());
            if (r.rowSecurity()) {
                postData.add(new Entry(label(r.name(), "ROW SECURITY", r.schema()), "ALTER TABLE " + table + " ENABLE ROW LEVEL SECURITY;\n"));
            }
            if (r.forceRowSecurity()) {
                postData.add(new Entry(label(r.name(), "ROW SECURITY", r.schema()), "ALTER TABLE " + table + " FORCE ROW LEVEL SECURITY;\n"));
            }
        }
        for (PgCatalog.Policy p : catalog.policies()) {
            if (!relationsInScope.contains(p.relid())) {
                continue;
            }
            PgCatalog.Relation r = catalog.relation(p.relid());
            String table = q(r.schema(), r.name());
            StringBuilder sql = new StringBuilder("CREATE POLICY ").append(names.quote(p.name())).append(" ON ").append(table);
            sql.append(p.permissive() ? "" : " AS RESTRICTIVE");
            String command = switch (p.command()) {
                case 'r' -> "SELECT";
                case 'a' -> "INSERT";
                case 'w' -> "UPDATE";
                case 'd' -> "DELETE";
                default -> null;
            };
            if (command != null) {
                sql.append(" FOR ").append(command);
            }
            if (!p.roles().isEmpty() && !p.roles().equals(List.of("PUBLIC"))) {
                sql.append(" TO ").append(String.join(", ", p.roles()));
            }
            if (p.usingExpression() != null) {
                sql.append(" USING (").append(p.usingExpression()).append(')');
            }
            if (p.checkExpression() != null) {
                sql.append(" WITH CHECK (").append(p.checkExpression()).append(')');
            }
            sql.append(";\n").append(commentText("POLICY " + names.quote(p.name()) + " ON " + table, p.comment()));
            postData.add(new Entry(label(r.name() + " " + p.name(), "POLICY", r.schema()), sql.toString()));
        }
        for (PgCatalog.Statistics s : catalog.statistics()) {
            if (!relationsInScope.contains(s.relid())) {
                continue;
            }
            String name = q(s.schema(), s.name());
            StringBuilder sql = new StringBuilder(s.definition()).append(";\n");
            if (s.statisticsTarget() != null && s.statisticsTarget() >= 0) {
                sql.append("ALTER STATISTICS ").append(name).append(" SET STATISTICS ").append(s.statisticsTarget()).append(";\n");
            }
            sql.append(commentText("STATISTICS " + name, s.comment()));
            postData.add(new Entry(label(s.name(), "STATISTICS", s.schema()), sql.toString()));
        }
        for (PgCatalog.Relation r : inScope) {
            String table = q(r.schema(), r.name());
            String identity = switch (r.replicaIdentity()) {
                case 'n' -> "NOTHING";
                case 'f' -> "FULL";
                case 'i' -> catalog.indexes().stream().filter(i -> i.relid() == r.oid() && i.replicaIdentity())
                        .findFirst().map(i -> "USING INDEX " + names.quote(i.name())).orElse(null);
                default -> null;
            };
            if (identity != null && (r.kind() == 'r' || r.kind() == 'p' || r.kind() == 'm')) {
                postData.add(new Entry(label(r.name(), "REPLICA IDENTITY", r.schema()),
                        "ALTER TABLE ONLY " + table + " REPLICA IDENTITY " + identity + ";\n"));
            }
            for (PgCatalog.Index i : catalog.indexes()) {
                if (i.relid() == r.oid() && i.clustered()) {
                    postData.add(new Entry(label(r.name(), "CLUSTER", r.schema()),
                            "ALTER TABLE " + table + " CLUSTER ON " + names.quote(i.name()) + ";\n"));
                }
            }
        }
        // Materialized views last, in the order they were created (one may read another).
        List<PgCatalog.Relation> matviews = preDataOrder(inScope).stream().filter(r -> r.kind() == 'm' && r.populated()).toList();
        for (PgCatalog.Relation m : matviews) {
            postData.add(new Entry(label(m.name(), "MATERIALIZED VIEW DATA", m.schema()),
                    "REFRESH MATERIALIZED VIEW " + q(m.schema(), m.name()) + ";\n"));
        }
        if (scope.wholeDatabase()) {
            for (PgCatalog.Publication p : catalog.publications()) {
                postData.add(new Entry(label(p.name(), "PUBLICATION", null), publicationSql(p)));
            }
            // Last, as pg_dump does: created earlier, they would fire on the restore's own statements.
            for (PgCatalog.EventTrigger t : catalog.eventTriggers()) {
                postData.add(new Entry(label(t.name(), "EVENT TRIGGER", null), eventTriggerSql(t)));
            }
        }
    }

    /** The publication, then its schemas and tables (with column lists and row filters) one by one, as pg_dump writes them. */
    private String publicationSql(PgCatalog.Publication p) {
        String name = names.quote(p.name());
        StringBuilder sql = new StringBuilder("CREATE PUBLICATION ").append(name);
        if (p.allTables()) {
            sql.append(" FOR ALL TABLES");
        }
        sql.append(" WITH (publish = ").append(PgNames.literal(p.publish()));
        if (p.viaRoot()) {
            sql.append(", publish_via_partition_root = true");
        }
        sql.append(");\n");
        owner(sql, "PUBLICATION " + name, p.owner());
        comment(sql, "PUBLICATION " + name, p.comment());
        for (String schema : p.schemas()) {
            sql.append("ALTER PUBLICATION ").append(name).append(" ADD TABLES IN SCHEMA ").append(names.quote(schema))
                    .append(";\n");
        }
        for (PgCatalog.PublishedTable t : p.tables()) {
            PgCatalog.Relation r = catalog.relation(t.relid());
            if (r == null || !relationsInScope.contains(r.oid())) {
                continue;
            }
            sql.append("ALTER PUBLICATION ").append(name).append(" ADD TABLE ONLY ").append(q(r.schema(), r.name()));
            if (!t.columns().isEmpty()) {
                sql.append(" (").append(String.join(", ", t.columns().stream().map(names::quote).toList())).append(')');
            }
            if (t.filter() != null) {
                sql.append(" WHERE (").append(t.filter()).append(')');
            }
            sql.append(";\n");
        }
        return sql.toString();
    }

    private String eventTriggerSql(PgCatalog.EventTrigger t) {
        String name = names.quote(t.name());
        StringBuilder sql = new StringBuilder("CREATE EVENT TRIGGER ").append(name).append(" ON ").append(t.event());
        if (!t.tags().isEmpty()) {
            sql.append("\n    WHEN TAG IN (").append(String.join(", ", t.tags().stream().map(PgNames::literal).toList()))
                    .append(')');
        }
        sql.append("\n    EXECUTE FUNCTION ").append(t.function()).append("();\n");
        switch (t.enabled()) {
            case 'D' -> sql.append("ALTER EVENT TRIGGER ").append(name).append(" DISABLE;\n");
            case 'R' -> sql.append("ALTER EVENT TRIGGER ").append(name).append(" ENABLE REPLICA;\n");
            case 'A' -> sql.append("ALTER EVENT TRIGGER ").append(name).append(" ENABLE ALWAYS;\n");
            default -> { }
        }
        owner(sql, "EVENT TRIGGER " + name, t.owner());
        comment(sql, "EVENT TRIGGER " + name, t.comment());
        return sql.toString();
    }

    /** Relations in the order pre-data creates them (by their labels). */
    private List<PgCatalog.Relation> preDataOrder(List<PgCatalog.Relation> inScope) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < preData.size(); i++) {
            position.put(preData.get(i).label(), i);
        }
        List<PgCatalog.Relation> ordered = new ArrayList<>(inScope);
        ordered.sort(Comparator.comparingInt(r -> position.getOrDefault(
                label(r.name(), r.kind() == 'm' ? "MATERIALIZED VIEW" : r.kind() == 'v' ? "VIEW" : "TABLE", r.schema()),
                Integer.MAX_VALUE)));
        return ordered;
    }

    private int partitionDepth(PgCatalog.Relation r) {
        int depth = 0;
        PgCatalog.Relation current = r;
        while (current != null && current.isPartition() && !current.parents().isEmpty() && depth < 64) {
            current = catalog.relation(current.parents().get(0));
            depth++;
        }
        return depth;
    }

    // ---------------------------------------------------------------- data

    private void buildData(List<PgCatalog.Relation> inScope) {
        List<PgCatalog.Relation> copied = new ArrayList<>();
        for (PgCatalog.Relation r : inScope) {
            if (r.kind() == 'r') {
                copied.add(r);
            }
        }
        // Referenced tables first, so a data-only restore into a schema with foreign keys can work.
        copied.sort(Comparator.comparing(PgCatalog.Relation::schema).thenComparing(PgCatalog.Relation::name));
        List<Map.Entry<String, String>> edges = new ArrayList<>();
        for (PgCatalog.Constraint c : catalog.constraints()) {
            if (c.type() == 'f' && c.referencedRelid() != 0) {
                edges.add(new AbstractMap.SimpleImmutableEntry<>("r:" + c.relid(), "r:" + c.referencedRelid()));
            }
        }
        List<PgCatalog.Relation> ordered = DependencySorter.sort(copied, r -> "r:" + r.oid(), edges).ordered();
        for (PgCatalog.Relation r : ordered) {
            List<String> columns = catalog.columns(r.oid()).stream()
                    .filter(c -> !c.isGenerated())
                    .map(c -> names.quote(c.name()))
                    .toList();
            tables.add(new TableData(r, columns.isEmpty() ? "" : "(" + String.join(", ", columns) + ")", q(r.schema(), r.name())));
        }
        for (PgCatalog.Relation r : inScope) {
            if (r.kind() == 'S') {
                sequences.add(new SequenceValue(r, q(r.schema(), r.name())));
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private String q(String schema, String name) {
        return names.qualified(schema, name);
    }

    private String relationName(long oid) {
        PgCatalog.Relation r = catalog.relation(oid);
        if (r == null) {
            throw new IllegalStateException("Relation " + oid + " is not in the catalog");
        }
        return q(r.schema(), r.name());
    }

    private static String label(String name, String type, String schema) {
        return "Name: " + name + "; Type: " + type + (schema == null ? "" : "; Schema: " + schema);
    }

    private void comment(StringBuilder sql, String target, String comment) {
        sql.append(commentText(target, comment));
    }

    private static String commentText(String target, String comment) {
        if (comment == null) {
            return "";
        }
        return "COMMENT ON " + target + " IS " + PgNames.literal(comment) + ";\n";
    }

    private void owner(StringBuilder sql, String target, String owner) {
        if (options.owners() && owner != null) {
            sql.append("ALTER ").append(target).append(" OWNER TO ").append(names.quote(owner)).append(";\n");
        }
    }

    private void tableGrants(StringBuilder sql, PgCatalog.Relation r, String target) {
        if (r.hasAcl()) {
            grants(sql, target, r.owner(), r.acl(), false);
        }
        for (PgCatalog.Column c : catalog.columns(r.oid())) {
            for (PgCatalog.Grant g : c.acl()) {
                sql.append("GRANT ").append(g.privilege()).append(" (").append(names.quote(c.name())).append(") ON ")
                        .append(target).append(" TO ").append(grantee(g)).append(g.grantable() ? " WITH GRANT OPTION" : "")
                        .append(";\n");
            }
        }
    }

    /**
     * Privileges as they are: everything revoked from PUBLIC and the owner first, then each
     * grant of the ACL. Grants made by someone else than the owner are written as the owner's.
     */
    private void grants(StringBuilder sql, String target, String owner, List<PgCatalog.Grant> acl, boolean publicByDefault) {
        sql.append("REVOKE ALL ON ").append(target).append(" FROM PUBLIC;\n");
        if (owner != null) {
            sql.append("REVOKE ALL ON ").append(target).append(" FROM ").append(names.quote(owner)).append(";\n");
        }
        for (PgCatalog.Grant g : acl) {
            sql.append("GRANT ").append(g.privilege()).append(" ON ").append(target).append(" TO ").append(grantee(g))
                    .append(g.grantable() ? " WITH GRANT OPTION" : "").append(";\n");
        }
    }

    private String grantee(PgCatalog.Grant g) {
        return g.grantee().equals("PUBLIC") ? "PUBLIC" : names.quote(g.grantee());
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
