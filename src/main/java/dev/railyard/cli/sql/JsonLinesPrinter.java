package dev.railyard.cli.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * JSON Lines: one JSON object per row and line, keyed by column name (a repeated name gets "_2",
 * "_3"), numbers and booleans as JSON numbers and booleans, NULL as null. Streams: a line is
 * complete as soon as its row arrived, so {@code jq -c} can follow a long result.
 */
final class JsonLinesPrinter extends ResultPrinter {

    private final PrintStream status;
    private final JsonGenerator json;
    private List<String> keys = List.of();

    JsonLinesPrinter(Writer out, PrintStream status, ObjectMapper mapper) throws IOException {
        super(out);
        this.status = status;
        this.json = mapper.getFactory().createGenerator(out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        json.setRootValueSeparator(null); // the line break is the separator
    }

    @Override
    public void columns(List<String> names) {
        List<String> unique = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            String key = name;
            for (int n = 2; !seen.add(key); n++) {
                key = name + "_" + n;
            }
            unique.add(key);
        }
        keys = unique;
    }

    @Override
    public void row(Object[] values) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < values.length; i++) {
            json.writeFieldName(keys.get(i));
            Object v = values[i];
            if (v == null) {
                json.writeNull();
            } else if (v instanceof Boolean b) {
                json.writeBoolean(b);
            } else if (v instanceof BigDecimal d) {
                json.writeNumber(d);
            } else if (v instanceof BigInteger d) {
                json.writeNumber(d);
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                json.writeNumber(((Number) v).longValue());
            } else if (v instanceof Float f) {
                // A real keeps its own shortest digits (0.1, not the double 0.10000000149011612).
                if (Float.isFinite(f)) {
                    json.writeNumber(f);
                } else {
                    json.writeString(v.toString());
                }
            } else if (v instanceof Double d) {
                if (Double.isFinite(d)) {
                    json.writeNumber(d);
                } else {
                    json.writeString(v.toString());
                }
            } else {
                json.writeString(v.toString());
            }
        }
        json.writeEndObject();
        json.flush(); // into the buffered writer, not to the stream
        out.write('\n');
        maybeFlush();
    }

    @Override
    public void endOfRows(long rows) throws IOException {
        out.flush();
        status.println("(" + rows + (rows == 1 ? " row)" : " rows)"));
    }

    @Override
    public void updated(String statement, long count) throws IOException {
        out.flush();
        status.println(summary(statement, count));
    }
}
