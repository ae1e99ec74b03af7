package dev.railyard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementParametersTest {

    @Test
    void postgresParametersAreFoundOutsideStringsCommentsAndDollarQuotes() {
        StatementParameters p = StatementParameters.of("SELECT '$9', \"a$1\", $$ $7 $$, x -- $8\n"
                + " FROM t /* $6 /* nested $5 */ $4 */ WHERE a = $2 AND b = $1 OR c = $2 LIMIT $3", Dialect.POSTGRESQL);
        assertEquals(List.of("$1", "$2", "$3"), p.parameters().stream().map(StatementParameters.Parameter::name).toList());
        assertEquals(List.of("", "", "10"), p.suggestions());
        assertEquals("AND b =", p.parameters().get(0).context());
        assertTrue(p.substitute(List.of("1", "two", "10")).endsWith("WHERE a = 'two' AND b = 1 OR c = 'two' LIMIT 10"));
    }

    @Test
    void mysqlQuestionMarksAndListsAreParametersInOrder() {
        StatementParameters p = StatementParameters.of("SELECT * FROM `t?` WHERE `a` = ? AND `b` LIKE ? AND `c` IN (...)"
                + " AND d = '?' # ?\n LIMIT ?, ?", Dialect.MYSQL);
        assertEquals(List.of("?1", "?2", "?3", "?4", "?5"),
                p.parameters().stream().map(StatementParameters.Parameter::name).toList());
        assertEquals(StatementParameters.Kind.LIST, p.parameters().get(2).kind());
        assertEquals(List.of("", "%", "", "10", ""), p.suggestions());
        assertEquals("SELECT * FROM `t?` WHERE `a` = 'it''s' AND `b` LIKE 'a\\\\%' AND `c` IN (1, 'x', NULL)"
                + " AND d = '?' # ?\n LIMIT 10, 0", p.substitute(List.of("it's", "a\\%", "1, x, null", "10", "0")));
    }

    @Test
    void onlyNumbersAndNullTrueFalseGoInVerbatim() {
        StatementParameters p = StatementParameters.of("SELECT $1 - $2", Dialect.POSTGRESQL);
        assertEquals("SELECT 1e3 - (-5)", p.substitute(List.of("1e3", "-5")));
        assertEquals("SELECT '1; DROP TABLE t' - TRUE", p.substitute(List.of("1; DROP TABLE t", "true")));
        assertEquals("SELECT '0x1F' - '5 OR 1=1'", p.substitute(List.of("0x1F", "5 OR 1=1")));
    }

    @Test
    void aMissingValueIsNamed() {
        StatementParameters p = StatementParameters.of("SELECT * FROM t WHERE id = $1", Dialect.POSTGRESQL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.substitute(List.of(" ")));
        assertEquals("Give a value for $1 (WHERE id = …)", e.getMessage());
        assertTrue(StatementParameters.of("SELECT 1", Dialect.POSTGRESQL).isEmpty());
    }
}
