package dev.railyard.migrate.check;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recognises {@code CHECK (col IS NOT NULL)}, the constraint that lets SET NOT NULL skip its scan (PostgreSQL 12+). */
final class NotNullChecks {

    private static final Pattern CHECK = Pattern.compile(
            "^CHECK ?\\(+ ?(" + PgStatement.IDENT + ") IS NOT NULL ?\\)+(?: NOT VALID)?$", Pattern.CASE_INSENSITIVE);

    private NotNullChecks() {
    }

    /** The folded column name of a CHECK (col IS NOT NULL) definition or constraint clause; null for any other. */
    static String column(String definition) {
        Matcher m = CHECK.matcher(SqlText.clean(definition));
        return m.matches() ? SqlText.fold(m.group(1)) : null;
    }
}
