package dev.railyard.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * One backup in a catalog: its data file, the manifest the engine wrote, and its state.
 *
 * @param id    the file name without its extensions; unique across profiles (it carries the profile's name)
 * @param file  the data file
 */
public record CatalogEntry(String id, Path file, Manifest manifest, BackupState state) {

    public Instant created() {
        return manifest.startedAt();
    }

    public Duration duration() {
        if (manifest.startedAt() == null || manifest.finishedAt() == null) {
            return Duration.ZERO;
        }
        return Duration.between(manifest.startedAt(), manifest.finishedAt());
    }

    /** What the backup covers ("whole database", "schema public, data only"); "unknown" for an imported file. */
    public String scope() {
        return manifest == null || manifest.options() == null ? "unknown" : manifest.options().scope();
    }

    public long size() {
        return manifest.fileBytes();
    }

    public boolean pinned() {
        return state.pinned();
    }

    /** True when the last verification passed. */
    public boolean verified() {
        return state.verification() != null && state.verification().passed();
    }

    /** "deep ok", "quick failed", or "not verified". */
    public String verificationLabel() {
        return state.verification() == null ? "not verified" : state.verification().label();
    }
}
