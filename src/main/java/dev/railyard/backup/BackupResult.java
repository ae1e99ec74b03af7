package dev.railyard.backup;

import java.nio.file.Path;
import java.util.List;

/** A finished backup: the file, its manifest beside it, and what the manifest says. */
public record BackupResult(Path file, Path manifestFile, Manifest manifest) {

    public List<String> warnings() {
        return manifest.warnings();
    }

    public String engine() {
        return manifest.engine();
    }
}
