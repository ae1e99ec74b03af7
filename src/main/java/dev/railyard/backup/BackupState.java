package dev.railyard.backup;

import java.time.Instant;

/**
 * What changes about a backup after it was made: pinned by the user, how it was last verified,
 * whether it was imported. Kept in {@code <file>.state.json} beside the manifest, so the
 * manifest stays exactly as the engine wrote it and a copied folder carries both.
 */
public record BackupState(boolean pinned, Verification verification, boolean imported) {

    public static BackupState initial() {
        return new BackupState(false, null, false);
    }

    public BackupState withPinned(boolean value) {
        return new BackupState(value, verification, imported);
    }

    public BackupState withVerification(Verification value) {
        return new BackupState(pinned, value, imported);
    }

    /** The outcome of a verification. */
    public record Verification(Level level, boolean passed, Instant at, String detail) {

        /** Quick: sha256, manifest, decompression to the end. Deep: restored and row counts compared. */
        public enum Level { QUICK, DEEP }

        /** "deep ok", "quick failed", for a list column. */
        public String label() {
            return level.name().toLowerCase(java.util.Locale.ROOT) + (passed ? " ok" : " failed");
        }
    }
}
