package dev.railyard.backup.postgres;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The objects that extend PostgreSQL itself or reach outside the database, read with the rest
 * of {@link PgCatalog} (same batch, same snapshot): operators, operator families and classes,
 * casts, access methods, transforms, foreign data wrappers, servers, user mappings, what foreign
 * tables add to a table, and the database's settings. Each query returns an oid and one JSON
 * object per row, read into the records below by their component names.
 */
record ExtensibilityCatalog(List<Operator> operators, List<OperatorFamily> families, List<OperatorFamily> classes,
                            List<Cast> casts, List<AccessMethod> accessMethods, List<Transform> transforms,
                            List<ForeignData> wrappers, List<ForeignData> servers, List<ForeignData> userMappings,
                            Map<Long, ForeignTable> foreignTables, List<DatabaseSetting> settings) {

    /** The catalog queries, by resource name; each returns the columns oid and data. */
    static final List<String> QUERIES = List.of("backup-operators", "backup-operator-families", "backup-casts",
            "backup-access-methods", "backup-transforms", "backup-foreign-data", "backup-foreign-tables",
            "backup-database-settings");

    static final ExtensibilityCatalog NONE = new ExtensibilityCatalog(List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of(), Map.of(), List.of());

    /** One row of a query: the object's oid and its JSON. */
    record Row(long oid, String data) { }

    /** A name and a value of an OPTIONS list. */
    record Option(String name, String value) { }

    /** left or right is null for a prefix operator's missing side; commutator and negator read "OPERATOR(schema.op)". */
    record Operator(long oid, String schema, String name, String left, String right, String function, String commutator,
                    String negator, String restrict, String join, boolean hashes, boolean merges, String owner,
                    String comment) { }

    /** orderBy: the sort family of an ordering operator (FOR ORDER BY), null for a search operator. */
    record MemberOperator(int strategy, String operator, String left, String right, String orderBy) { }

    record MemberFunction(int number, String left, String right, String function) { }

    /**
     * An operator family (kind y, with its loose members) or class (kind k, with its own members,
     * its input type, its family and STORAGE type).
     */
    record OperatorFamily(long oid, char kind, String schema, String name, String method, String owner, String comment,
                          boolean isDefault, String type, String family, boolean familyIsNamesake, String storage,
                          List<MemberOperator> operators, List<MemberFunction> functions) { }

    /** method: f function, b binary coercible, i in/out; context: e explicit, a assignment, i implicit. */
    record Cast(long oid, String source, String target, char method, String function, char context, String comment) { }

    /** type: t table, i index. */
    record AccessMethod(long oid, String name, char type, String handler, String comment) { }

    record Transform(long oid, String type, String language, String fromSql, String toSql, String comment) { }

    /**
     * A foreign data wrapper (kind w), server (v, with its wrapper, type and version) or user
     * mapping (u: name is the role or PUBLIC, server its server). Options may hold passwords;
     * optionsHidden: a user mapping's options the backup's user may not read.
     */
    record ForeignData(long oid, char kind, String name, String handler, String validator, String wrapper, String server,
                       String type, String version, List<Option> options, String owner, List<PgCatalog.Grant> acl,
                       boolean hasAcl, String comment, boolean optionsHidden) { }

    record ForeignTable(long oid, String server, List<Option> options, Map<String, List<Option>> columnOptions) { }

    /** role: null for the database's own settings (ALTER DATABASE ... SET); settings as "name=value". */
    record DatabaseSetting(long oid, String role, List<String> settings) { }

    /** Reads the rows of {@link #QUERIES}, given by name. */
    static ExtensibilityCatalog read(Function<String, List<Row>> rows) throws SQLException {
        Reader reader = new Reader();
        List<OperatorFamily> families = new ArrayList<>();
        List<OperatorFamily> classes = new ArrayList<>();
        for (OperatorFamily f : reader.all(rows.apply("backup-operator-families"), OperatorFamily.class)) {
            (f.kind() == 'k' ? classes : families).add(f);
        }
        List<ForeignData> wrappers = new ArrayList<>();
        List<ForeignData> servers = new ArrayList<>();
        List<ForeignData> mappings = new ArrayList<>();
        for (ForeignData f : reader.all(rows.apply("backup-foreign-data"), ForeignData.class)) {
            (f.kind() == 'w' ? wrappers : f.kind() == 'v' ? servers : mappings).add(f);
        }
        Map<Long, ForeignTable> foreignTables = new HashMap<>();
        reader.all(rows.apply("backup-foreign-tables"), ForeignTable.class).forEach(t -> foreignTables.put(t.oid(), t));
        return new ExtensibilityCatalog(reader.all(rows.apply("backup-operators"), Operator.class), families, classes,
                reader.all(rows.apply("backup-casts"), Cast.class), reader.all(rows.apply("backup-access-methods"), AccessMethod.class),
                reader.all(rows.apply("backup-transforms"), Transform.class), wrappers, servers, mappings, foreignTables,
                reader.all(rows.apply("backup-database-settings"), DatabaseSetting.class));
    }

    private static final class Reader {
        private final ObjectMapper mapper = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false);

        <T> List<T> all(List<Row> rows, Class<T> type) throws SQLException {
            List<T> result = new ArrayList<>(rows.size());
            for (Row row : rows) {
                try {
                    JsonNode node = mapper.readTree(row.data());
                    ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("oid", row.oid());
                    normaliseOptions(node);
                    result.add(mapper.treeToValue(node, type));
                } catch (IOException | ClassCastException e) {
                    throw new SQLException("Unreadable catalog JSON for " + type.getSimpleName() + ": " + e.getMessage(), e);
                }
            }
            return result;
        }

        /** Options come as [name, value] pairs; the records take {name, value} objects, and empty lists for none. */
        private void normaliseOptions(JsonNode node) {
            com.fasterxml.jackson.databind.node.ObjectNode object = (com.fasterxml.jackson.databind.node.ObjectNode) node;
            for (String field : List.of("options", "operators", "functions", "acl")) {
                if (object.has(field) && object.get(field).isNull()) {
                    object.putArray(field);
                }
            }
            if (object.has("options")) {
                object.set("options", pairs(object.get("options")));
            }
            if (object.has("columnOptions")) {
                com.fasterxml.jackson.databind.node.ObjectNode columns = mapper.createObjectNode();
                object.get("columnOptions").fields().forEachRemaining(e -> columns.set(e.getKey(), pairs(e.getValue())));
                object.set("columnOptions", columns);
            }
        }

        private JsonNode pairs(JsonNode array) {
            com.fasterxml.jackson.databind.node.ArrayNode out = mapper.createArrayNode();
            if (array != null && array.isArray()) {
                for (JsonNode pair : array) {
                    out.addObject().put("name", pair.get(0).asText()).put("value", pair.get(1).isNull() ? null : pair.get(1).asText());
                }
            }
            return out;
        }
    }
}
