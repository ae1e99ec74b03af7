package dev.railyard.db;

import dev.railyard.home.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import java.util.Properties;

/**
 * Connector/J reads trusted CAs only from a Java key store, while users hold PEM files (as libpq
 * does). A PEM file is copied into a private temporary PKCS12 trust store; key stores are used as they are.
 */
final class TrustStores {

    // Not a secret: the trust store holds public certificates only, and a PKCS12 file wants some password.
    private static final String STORE_PASSWORD = "railyard";

    private final Path store;
    private final String type;
    private final String password;

    private TrustStores(Path store, String type, String password) {
        this.store = store;
        this.type = type;
        this.password = password;
    }

    static TrustStores forCaFile(String caFile) {
        Path file = Path.of(caFile);
        if (!Files.isReadable(file)) {
            throw problem("Cannot read the CA file " + file, null);
        }
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".jks")) {
            return new TrustStores(file, "JKS", "");
        }
        if (lower.endsWith(".p12") || lower.endsWith(".pfx")) {
            return new TrustStores(file, "PKCS12", "");
        }
        return new TrustStores(fromPem(file), "PKCS12", STORE_PASSWORD);
    }

    void apply(Properties props) {
        props.setProperty("trustCertificateKeyStoreUrl", store.toUri().toString());
        props.setProperty("trustCertificateKeyStoreType", type);
        props.setProperty("trustCertificateKeyStorePassword", password);
        props.setProperty("fallbackToSystemTrustStore", "false");
    }

    private static Path fromPem(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IOException("No certificate in " + pem);
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            Path target = AtomicFiles.createPrivateTempFile("railyard-truststore-", ".p12");
            target.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(target)) {
                store.store(out, STORE_PASSWORD.toCharArray());
            }
            return target;
        } catch (IOException e) {
            throw problem("Cannot read the CA file " + pem + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw problem("The CA file " + pem + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static UncheckedIOException problem(String message, Exception cause) {
        return new UncheckedIOException(message, new IOException(message, cause));
    }
}
