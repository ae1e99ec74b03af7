package dev.railyard.backup.script;

import java.io.IOException;

/** A MySQL script cannot be split into statements: an unclosed quote or comment, usually a truncated file. */
public class MysqlScriptSyntaxException extends IOException {
    public MysqlScriptSyntaxException(String message) {
        super(message);
    }
}
