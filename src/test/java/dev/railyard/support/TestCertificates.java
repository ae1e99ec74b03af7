package dev.railyard.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate for TLS tests, made with the JDK's keytool (no openssl needed),
 * valid for localhost and 127.0.0.1. The files are PEM, as PostgreSQL and MariaDB want them.
 *
 * @param certificate the certificate; being self-signed it is also the CA file clients trust
 * @param privateKey  its key, PKCS#8, readable by the owner only
 */
public record TestCertificates(Path certificate, Path privateKey) {

    // Test-only key store password: the key protects nothing outside this temp folder.
    private static final String STORE_PASSWORD = "test-only";

    public static TestCertificates selfSigned(Path dir, String commonName) {
        return selfSigned(dir, commonName, "dns:localhost,ip:127.0.0.1");
    }

    /**
     * A certificate for other names than the test servers' address, e.g. "dns:db.internal.example":
     * verify-full against 127.0.0.1 or localhost then fails on the name, with the right CA.
     */
    public static TestCertificates selfSigned(Path dir, String commonName, String subjectAltNames) {
        try {
            Files.createDirectories(dir);
            Path store = dir.resolve(commonName + ".p12");
            Files.deleteIfExists(store);
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", "server",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=" + commonName, "-ext", "SAN=" + subjectAltNames,
                    "-validity", "7", "-storetype", "PKCS12", "-keystore", store.toString(),
                    "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, STORE_PASSWORD.toCharArray());
            }
            Key key = keys.getKey("server", STORE_PASSWORD.toCharArray());
            Path certificate = dir.resolve(commonName + ".crt");
            Path privateKey = dir.resolve(commonName + ".key");
            Files.writeString(certificate, pem("CERTIFICATE", keys.getCertificate("server").getEncoded()));
            Files.deleteIfExists(privateKey);
            Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded()));
            return new TestCertificates(certificate, privateKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
