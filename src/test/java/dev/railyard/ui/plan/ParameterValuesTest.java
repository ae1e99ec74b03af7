package dev.railyard.ui.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.console.StatementParameters;
import dev.railyard.db.Dialect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parameter question's model, without the toolkit: prefilled fields and the statement as it will run. */
class ParameterValuesTest {

    @Test
    void postgresFieldsArePrefilledWhereTheTextAllowsAndThePreviewFollowsTheTyping() {
        ParameterValues values = new ParameterValues(StatementParameters.of(
                "SELECT * FROM orders WHERE customer = $1 AND note LIKE $2 ORDER BY id LIMIT $3 OFFSET $4",
                Dialect.POSTGRESQL), null);
        assertEquals(List.of("", "%", "10", "0"), values.values(), "LIMIT 10, OFFSET 0, LIKE %, = empty");
        assertEquals("$1 · WHERE customer = …", values.label(0));
        assertFalse(values.completeProperty().get(), "the customer is still missing");
        assertEquals("Give a value for $1 (WHERE customer = …)", values.problemProperty().get());
        assertEquals("", values.previewProperty().get());

        values.value(0).set("42");
        assertTrue(values.completeProperty().get());
        assertEquals("", values.problemProperty().get());
        assertEquals("SELECT * FROM orders WHERE customer = 42 AND note LIKE '%' ORDER BY id LIMIT 10 OFFSET 0",
                values.previewProperty().get());
        values.value(1).set("it's");
        assertTrue(values.previewProperty().get().contains("LIKE 'it''s'"), values.previewProperty().get());
    }

    @Test
    void mysqlDigestsGetAFieldPerQuestionMarkAndAListField() {
        ParameterValues values = new ParameterValues(StatementParameters.of(
                "SELECT * FROM `orders` WHERE `customer` IN (...) AND `amount` > ? LIMIT ?", Dialect.MYSQL), null);
        assertEquals(List.of("", "", "10"), values.values());
        assertEquals("values separated by commas", values.prompt(0));
        values.value(0).set("1, 2");
        values.value(1).set("9.5");
        assertEquals("SELECT * FROM `orders` WHERE `customer` IN (1, 2) AND `amount` > 9.5 LIMIT 10",
                values.previewProperty().get());
    }

    @Test
    void theValuesGivenLastTimeComeBackForTheSameStatement() {
        StatementParameters parameters = StatementParameters.of("SELECT $1, $2", Dialect.POSTGRESQL);
        assertEquals(List.of("a", "b"), new ParameterValues(parameters, List.of("a", "b")).values());
        assertEquals(List.of("", ""), new ParameterValues(parameters, List.of("only one")).values());
    }
}
