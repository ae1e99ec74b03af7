package dev.railyard.guard;

/**
 * How a target is protected: whether destructive actions need the database name typed back,
 * the word to type, and why ("tagged production", "same server and database as the production
 * profile shop-prod").
 */
public record Protection(boolean production, String confirmationWord, String reason) {

    public static Protection none(String word) {
        return new Protection(false, word, "not production");
    }

    /** True when {@code typed} confirms (always, when nothing needs confirming). */
    public boolean confirmedBy(String typed) {
        if (!production) {
            return true;
        }
        return typed != null && !typed.isBlank() && typed.strip().equals(confirmationWord);
    }
}
