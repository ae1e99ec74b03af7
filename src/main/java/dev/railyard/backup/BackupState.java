package dev.railyard.backup;

import java.time.Instant;

/**
 * What changes about a backup after it was made: pinned by the user, how it was last verified,
 * whether it was imported. Kept in {@code <file>.state.json} beside the manifest, so the
 * manifest stays exactly as the engine wrote it and a copied folder carries both.
 */
public record BackupState(boolean pinned, Verification verification, boolean imported, String verifiedSha256,
                          ReleaseRun release) {

    /**
     * @param verifiedSha256 the sha256 of the file the verification was made of: a file replaced
     *                       since (another checksum) does not inherit it. Null in states written
     *                       before it was recorded.
     * @param release        the migrator run this backup was taken before, null when none
     */
    public BackupState {
    }

    public BackupState(boolean pinned, Verification verification, boolean imported, String verifiedSha256) {
        this(pinned, verification, imported, verifiedSha256, null);
    }

    public BackupState(boolean pinned, Verification verification, boolean imported) {
        this(pinned, verification, imported, null, null);
    }

    /**
     * The migrator that ran right after this backup ({@code railyard release --run}).
     *
     * @param command    the command as the user gave it
     * @param exitCode   its exit code
     * @param headBefore the migration head in the backup's snapshot, null when no history table was readable
     * @param headAfter  the migration head read after the command ended, null when unreadable
     * @param finishedAt when the command ended
     */
    public record ReleaseRun(String command, int exitCode, String headBefore, String headAfter, Instant finishedAt) {
    }

    public BackupState withRelease(ReleaseRun value) {
        return new BackupState(pinned, verification, imported, verifiedSha256, value);
    }

    public static BackupState initial() {
        return new BackupState(false, null, false);
    }

    public BackupState withPinned(boolean value) {
        return new BackupState(value, verification, imported, verifiedSha256, release);
    }

    public BackupState withVerification(Verification value) {
        return new BackupState(pinned, value, imported, verifiedSha256, release);
    }

    /** A verification of the file whose sha256 is {@code sha256}. */
    public BackupState withVerification(Verification value, String sha256) {
        return new BackupState(pinned, value, imported, sha256, release);
    }

    /** This state as it holds for a file with {@code sha256}: a verification made of other bytes is dropped. */
    public BackupState forChecksum(String sha256) {
        if (verification == null || verifiedSha256 == null || verifiedSha256.equalsIgnoreCase(sha256 == null ? "" : sha256)) {
            return this;
        }
        return new BackupState(pinned, null, imported, null, release);
    }

    /**
     * The outcome of a verification.
     *
     * @param inconclusive the check could not be made (no local server of the backup's kind, or
     *                     nothing to compare): neither passed nor failed, "not deeply verified"
     */
    public record Verification(Level level, boolean passed, Instant at, String detail, boolean inconclusive) {

        /** Quick: sha256, manifest, decompression to the end. Deep: restored and row counts compared. */
        public enum Level { QUICK, DEEP }

        public Verification {
            passed = passed && !inconclusive;
        }

        public Verification(Level level, boolean passed, Instant at, String detail) {
            this(level, passed, at, detail, false);
        }

        /** A check that could not be made, and why (what to install, or that nothing was compared). */
        public static Verification notMade(Level level, Instant at, String detail) {
            return new Verification(level, false, at, detail, true);
        }

        /** "deep ok", "quick failed", "not deeply verified", for a list column. */
        public String label() {
            if (inconclusive) {
                return level == Level.DEEP ? "not deeply verified" : "not verified";
            }
            return level.name().toLowerCase(java.util.Locale.ROOT) + (passed ? " ok" : " failed");
        }
    }
}
