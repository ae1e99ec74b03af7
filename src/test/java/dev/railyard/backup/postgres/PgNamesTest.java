package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PgNamesTest {

    @Test
    void aNameIsLeftUnquotedExactlyWhenItIsAPlainLowerCaseWordAndNoKeyword() {
        Pattern plain = Pattern.compile("[a-z_][a-z0-9_$]*");
        PgNames names = new PgNames(Set.of("select", "table"));
        for (String name : List.of("orders", "_x", "t00001", "a$b", "a_b_c", "", "1abc", "$x", "Orders", "order lines",
                "é", "a-b", "x\"y", "select", "table", "tables", "z9$", "_", "naïve")) {
            boolean unquoted = plain.matcher(name).matches() && !Set.of("select", "table").contains(name);
            String expected = unquoted ? name : '"' + name.replace("\"", "\"\"") + '"';
            assertEquals(expected, names.quote(name), "quoting <" + name + ">");
        }
    }
}
