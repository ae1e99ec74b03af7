package dev.railyard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.guard.ProductionGuard;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * EXPLAIN and EXPLAIN ANALYZE of every fixture query on every server we can run, read into trees
 * now (not only from the stored fixtures); generic plans where the server has them, and parameter
 * values put in where it does not.
 */
@Timeout(300)
class ExplainOnEveryServerTest {

    private static final ProductionGuard NO_PROFILES = new ProductionGuard(List::of);

    @ParameterizedTest
    @ValueSource(strings = {"pg13", "pg14", "pg15", "pg16", "pg17", "pg18", "mysql9", "mariadb"})
    void everyQueryExplainsAndAnalysesIntoATree(String server) throws Exception {
        PlanFixtures.Shop shop = PlanFixtures.shop(server);
        Map<String, ExplainResult> plans = PlanFixtures.capture(shop);
        int queries = PlanFixtures.queries(shop.profile().dialect()).size();
        assertEquals(queries * 2 + (plans.containsKey("generic") ? 1 : 0), plans.size());
        for (Map.Entry<String, ExplainResult> entry : plans.entrySet()) {
            ExplainResult plan = entry.getValue();
            List<PlanNode> nodes = PlanFixturesTest.flatten(plan.root());
            String what = server + "/" + entry.getKey() + ": " + plan.raw();
            assertEquals(1, nodes.stream().filter(PlanNode::mostExpensive).count(), what);
            assertTrue(nodes.stream().allMatch(n -> n.operation() != null && !n.operation().isBlank()), what);
            assertEquals(entry.getKey().endsWith("-analyze"), plan.analyzed(), what);
            if (plan.analyzed()) {
                assertTrue(nodes.stream().anyMatch(n -> n.actualRows() != null), what);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg16", "pg17", "pg18"})
    void postgres16AndLaterPlanANormalisedStatementWithoutValues(String server) throws Exception {
        PlanFixtures.Shop shop = PlanFixtures.shop(server);
        try (ConsoleSession session = ConsoleSession.open(NO_PROFILES, shop.profile(), null, null, ConsoleSettings.defaults())) {
            assertTrue(session.supportsGenericPlan());
            ExplainResult plan = session.explainGeneric(PlanFixtures.NORMALISED);
            assertTrue(plan.generic());
            assertFalse(plan.analyzed());
            assertEquals("Limit", plan.root().operation(), plan.raw());
            assertTrue(PlanFixturesTest.flatten(plan.root()).stream().anyMatch(n -> "orders o".equals(n.relation())), plan.raw());
            // A statement with parameters, asked for as a generic plan, still works after an ordinary one.
            assertFalse(session.explain("SELECT 1", false, null).generic());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg15", "mysql9"})
    void olderServersAndMysqlTakeTheValuesTheUserGives(String server) throws Exception {
        PlanFixtures.Shop shop = PlanFixtures.shop(server);
        Dialect dialect = shop.profile().dialect();
        String normalised = dialect == Dialect.POSTGRESQL ? PlanFixtures.NORMALISED
                : "SELECT `o`.`id`, `o`.`amount` FROM `orders` `o` JOIN `customers` `c` ON `c`.`id` = `o`.`customer`"
                + " WHERE `c`.`country` = ? AND `o`.`amount` > ? AND `o`.`id` IN (...) ORDER BY `o`.`amount` DESC LIMIT ?";
        try (ConsoleSession session = ConsoleSession.open(NO_PROFILES, shop.profile(), null, null, ConsoleSettings.defaults())) {
            assertFalse(session.supportsGenericPlan());
            assertThrows(IllegalStateException.class, () -> session.explainGeneric(normalised));

            StatementParameters parameters = StatementParameters.of(normalised, dialect);
            List<String> values = dialect == Dialect.POSTGRESQL ? List.of("NL'; DROP TABLE orders; --", "12.5", "10")
                    : List.of("NL'; DROP TABLE orders; --", "12.5", "1, 2, 3", "10");
            assertEquals(values.size(), parameters.parameters().size());
            assertEquals("10", parameters.suggestions().get(values.size() - 1), "LIMIT is prefilled");
            ExplainResult plan = session.explain(parameters.substitute(values), true, null);
            assertTrue(plan.analyzed());
            assertEquals(0.0, PlanFixturesTest.flatten(plan.root()).stream()
                    .filter(n -> n.actualRows() != null).findFirst().orElseThrow().actualRows(),
                    "no customer lives in the country \"NL'; DROP...\": the value stayed a literal: " + plan.raw());
        }
        try (ConsoleSession session = ConsoleSession.open(NO_PROFILES, shop.profile(), null, null, ConsoleSettings.defaults())) {
            assertFalse(session.explain("SELECT count(*) FROM orders", false, null).raw().isBlank(), "orders is still there");
        }
    }
}
