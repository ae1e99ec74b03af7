package dev.railyard.ui.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.railyard.db.Dialect;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlHighlightingTest {

    private static String kinds(String text) {
        StringBuilder out = new StringBuilder();
        for (SqlHighlighting.Token t : SqlHighlighting.tokens(text)) {
            out.append(t.kind()).append('[').append(text, t.start(), t.end()).append("] ");
        }
        return out.toString().strip();
    }

    @Test
    void keywordsStringsCommentsNumbersAndQuotedNamesAreTokens() {
        assertEquals("KEYWORD[SELECT] NUMBER[42] KEYWORD[as] IDENTIFIER[\"Select\"] COMMENT[-- from here]",
                kinds("SELECT 42 as \"Select\" -- from here"));
        assertEquals("KEYWORD[select] STRING['it''s (not'] KEYWORD[from] STRING[$fn$ body ) $fn$] COMMENT[/* ( */]",
                kinds("select 'it''s (not' from t2, $fn$ body ) $fn$ /* ( */"));
        assertEquals("STRING[E'a\\'b']", kinds("E'a\\'b'"));
        assertEquals("", kinds("orders.select_count"), "a name that contains a keyword is not one");
    }

    @Test
    void bracketsMatchAcrossNestingButNotInsideStrings() {
        String text = "SELECT count(*) FROM (SELECT ')' FROM t) x";
        List<SqlHighlighting.Token> tokens = SqlHighlighting.tokens(text);
        int open = text.indexOf("(SELECT");
        assertArrayEquals(new int[] {open, text.lastIndexOf(')')}, SqlHighlighting.matchingBrackets(text, open, tokens));
        assertArrayEquals(new int[] {text.indexOf('('), text.indexOf(')')},
                SqlHighlighting.matchingBrackets(text, text.indexOf(')') + 1, tokens), "the bracket before the caret");
        assertNull(SqlHighlighting.matchingBrackets("SELECT (1", 7, SqlHighlighting.tokens("SELECT (1")));
    }

    @Test
    void copiedRowsBecomeTsvCsvOrInsertStatements() {
        List<String> columns = List.of("id", "Note");
        List<Object[]> rows = List.of(new Object[] {1, "it's, \"quoted\""}, new Object[] {2, null});
        assertEquals("1\tit's, \"quoted\"\n2\t\n", ResultCopy.format(ResultCopy.Format.TSV, columns, rows, "", Dialect.POSTGRESQL));
        assertEquals("id,Note\r\n1,\"it's, \"\"quoted\"\"\"\r\n2,\r\n",
                ResultCopy.format(ResultCopy.Format.CSV, columns, rows, "", Dialect.POSTGRESQL));
        assertEquals("INSERT INTO public.orders (id, \"Note\") VALUES (1, 'it''s, \"quoted\"');\n"
                        + "INSERT INTO public.orders (id, \"Note\") VALUES (2, NULL);\n",
                ResultCopy.format(ResultCopy.Format.INSERT, columns, rows, "SELECT * FROM public.orders WHERE x", Dialect.POSTGRESQL));
        assertEquals("INSERT INTO table_name (`id`, `Note`) VALUES (2, NULL);\n",
                ResultCopy.format(ResultCopy.Format.INSERT, columns, rows.subList(1, 2), "SELECT 1", Dialect.MYSQL));
    }
}
