package dev.railyard.console;

import java.io.IOException;
import java.util.List;

/**
 * RFC 4180: fields separated by commas, records ended by CRLF, a field quoted when it holds a
 * comma, a quote, CR or LF (quotes doubled); NULL is an empty field. Shared by the command line's
 * --csv, the console's copy and its export.
 */
public final class Csv {

    public static final String END_OF_RECORD = "\r\n";

    private Csv() {
    }

    /** One record: the values as text (null as an empty field), then CRLF. */
    public static void record(Appendable out, List<?> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object value = values.get(i);
            field(out, value == null ? null : value.toString());
        }
        out.append(END_OF_RECORD);
    }

    /** One field, quoted when it needs to be; nothing for null. */
    public static void field(Appendable out, String value) throws IOException {
        if (value == null) {
            return;
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\r') >= 0
                || value.indexOf('\n') >= 0;
        if (!quote) {
            out.append(value);
            return;
        }
        out.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
