package dev.railyard.migrate.check;

import java.util.Objects;

/**
 * One thing the check found about a statement or a script.
 *
 * @param message      what will happen, with the live facts that make it so
 * @param saferRewrite SQL or steps that do the same with less locking; empty when there is none
 */
public record Finding(Rule rule, Verdict verdict, String message, String saferRewrite) {

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(verdict, "verdict");
        saferRewrite = saferRewrite == null ? "" : saferRewrite;
    }
}
