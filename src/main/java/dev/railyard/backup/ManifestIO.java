package dev.railyard.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.railyard.home.AtomicFiles;
import dev.railyard.home.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** Reads and writes manifests as JSON beside their backup file. */
public final class ManifestIO {

    public static final String SUFFIX = ".manifest.json";

    private final ObjectMapper mapper = Json.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    /** {@code backup.sql.zst} -> {@code backup.sql.zst.manifest.json}. */
    public static Path manifestPathFor(Path backupFile) {
        return backupFile.resolveSibling(backupFile.getFileName() + SUFFIX);
    }

    /** Writes atomically: readers see the old manifest or the new one, never half of one. */
    public void write(Path manifestFile, Manifest manifest) throws IOException {
        byte[] json = mapper.writeValueAsBytes(manifest);
        AtomicFiles.write(manifestFile, out -> out.write(json), false);
    }

    public Manifest read(Path manifestFile) throws IOException {
        return mapper.readValue(manifestFile.toFile(), Manifest.class);
    }

    /** The manifest beside {@code backupFile}, when there is one. */
    public Optional<Manifest> readBeside(Path backupFile) throws IOException {
        Path path = manifestPathFor(backupFile);
        return Files.isRegularFile(path) ? Optional.of(read(path)) : Optional.empty();
    }

    public String toJson(Manifest manifest) throws IOException {
        return mapper.writeValueAsString(manifest);
    }

    /** Hex sha256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime has no SHA-256", e);
        }
    }
}
