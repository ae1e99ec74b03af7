package dev.railyard.backup.script;

/** The script stopped at a statement the server refused (stop-on-first-error mode). */
public class MysqlScriptException extends Exception {

    private final transient MysqlScriptError error;

    public MysqlScriptException(MysqlScriptError error, Throwable cause) {
        super("The restore stopped at " + error.describe(), cause);
        this.error = error;
    }

    public MysqlScriptError error() {
        return error;
    }
}
