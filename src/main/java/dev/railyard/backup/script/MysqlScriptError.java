package dev.railyard.backup.script;

/**
 * A statement the server refused.
 *
 * @param line      where the statement starts in the script (1-based)
 * @param statement its first words, readable
 * @param errorCode the server's error number (1064 for a syntax error), 0 when not from the server
 * @param sqlState  the SQLSTATE, may be empty
 * @param message   the server's message
 */
public record MysqlScriptError(int line, String statement, int errorCode, String sqlState, String message) {

    /** "line 12: ERROR 1146 (42S02): Table 'x.y' doesn't exist — in: INSERT INTO ..." */
    public String describe() {
        String code = errorCode > 0 ? "ERROR " + errorCode + (sqlState == null || sqlState.isEmpty() ? "" : " (" + sqlState + ")") + ": " : "";
        return "line " + line + ": " + code + message + " — in: " + statement;
    }
}
