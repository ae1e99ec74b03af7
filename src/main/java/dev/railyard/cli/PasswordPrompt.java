package dev.railyard.cli;

import java.io.Console;
import java.util.Optional;

/** Asks the person at the terminal for a password, without echo. */
@FunctionalInterface
public interface PasswordPrompt {

    /** The typed password, or empty when nobody can be asked (no terminal). */
    Optional<char[]> read(String prompt);

    /** The process's terminal, when it has one. */
    static PasswordPrompt console() {
        return prompt -> {
            Console console = System.console();
            return console == null ? Optional.empty() : Optional.ofNullable(console.readPassword("%s", prompt));
        };
    }

    /** For scripts and tests: nobody to ask. */
    static PasswordPrompt none() {
        return prompt -> Optional.empty();
    }
}
