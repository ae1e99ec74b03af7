package dev.railyard.migrate.history;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Digests of migration files, computed the ways the tools compute them. */
final class Checksums {

    private Checksums() {
    }

    static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }

    static String sha256(String text) {
        return hex("SHA-256", text.getBytes(StandardCharsets.UTF_8));
    }

    /** Prisma's old checksum format: each byte in hex without zero padding (prisma-engines#1887). */
    static String sha256Unpadded(String text) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder s = new StringBuilder();
        for (byte b : digest) {
            s.append(Integer.toHexString(b & 0xff));
        }
        return s.toString();
    }

    /**
     * True when a stored digest of unknown origin is the file's md5, sha1 or sha256 in hex,
     * of its bytes or of its text with Unix line endings; null when the stored value is not hex
     * of one of those lengths, so no comparison is possible.
     */
    static Boolean matchesAnyHex(String stored, byte[] file) {
        String s = stored.strip().toLowerCase(Locale.ROOT);
        String algorithm = switch (s.length()) {
            case 32 -> "MD5";
            case 40 -> "SHA-1";
            case 64 -> "SHA-256";
            default -> null;
        };
        if (algorithm == null || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        byte[] unix = new String(file, StandardCharsets.UTF_8).replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
        return s.equals(hex(algorithm, file)) || s.equals(hex(algorithm, unix));
    }
}
