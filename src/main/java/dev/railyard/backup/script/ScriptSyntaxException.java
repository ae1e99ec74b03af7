package dev.railyard.backup.script;

import java.io.IOException;

/** The script cannot be split into statements: an unclosed quote or comment, usually a truncated file. */
public class ScriptSyntaxException extends IOException {
    public ScriptSyntaxException(String message) {
        super(message);
    }
}
