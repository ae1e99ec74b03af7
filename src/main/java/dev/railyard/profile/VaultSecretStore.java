package dev.railyard.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.railyard.home.AtomicFiles;
import dev.railyard.home.Json;
import dev.railyard.home.SharedFileLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Railyard's own encrypted vault in RAILYARD_HOME/vault.json. Each password is sealed with
 * AES-256-GCM under a fresh 12-byte IV, with the profile name as associated data (so entries
 * cannot be swapped between profiles). The key comes from a master password through
 * PBKDF2-HMAC-SHA256 with a random salt kept in the file; a sealed verifier tells a wrong master
 * password from a damaged entry. The file is created on the first unlock and rewritten
 * atomically, readable by its owner only. Each change re-reads the file first, so the GUI and
 * a CLI run do not undo each other's entries.
 */
public final class VaultSecretStore implements SecretStore {

    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    public static final int ITERATIONS = 600_000;
    /** A vault claiming more rounds than this is refused: a tampered file must not make the unlock hang for hours. */
    static final int MAX_ITERATIONS = 10 * ITERATIONS;

    private static final int FORMAT_VERSION = 1;
    private static final String KDF = "PBKDF2WithHmacSHA256";
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int SALT_BYTES = 16;
    private static final String VERIFIER_TEXT = "railyard-vault";
    private static final String VERIFIER_AAD = "\u0000verifier";

    private final Path file;
    private final int iterationsForNewVault;
    private final ObjectMapper json = Json.mapper();
    private final SecureRandom random = new SecureRandom();
    private byte[] key;
    private String unlockedSalt;

    public VaultSecretStore(Path file) {
        this(file, ITERATIONS);
    }

    /** Tests may make new vaults cheaper to open; the iterations are stored in the file either way. */
    VaultSecretStore(Path file, int iterationsForNewVault) {
        this.file = file;
        this.iterationsForNewVault = iterationsForNewVault;
    }

    public Path file() {
        return file;
    }

    /** True once a vault file has been created. */
    public boolean exists() {
        return Files.exists(file);
    }

    public synchronized boolean isUnlocked() {
        return key != null;
    }

    /**
     * Opens the vault with its master password, creating it (with this password) when there is
     * none yet. The caller may clear the array afterwards.
     *
     * @throws WrongVaultPasswordException when the password does not open the existing vault
     */
    public synchronized void unlock(char[] masterPassword) {
        if (masterPassword == null || masterPassword.length == 0) {
            throw new SecretStoreException("The vault password cannot be empty");
        }
        ObjectNode root = readFile();
        if (root == null) {
            // Under the lock: another process may be creating the vault at the same moment; the first one wins.
            root = locked(() -> {
                ObjectNode now = readFile();
                if (now == null) {
                    create(masterPassword);
                }
                return now;
            });
            if (root == null) {
                return;
            }
        }
        JsonNode kdf = root.path("kdf");
        String saltText = kdf.path("salt").asText("");
        int iterations = kdf.path("iterations").asInt(0);
        if (saltText.isEmpty() || iterations <= 0 || !root.path("verifier").isObject()) {
            throw damaged("it has no key settings");
        }
        if (iterations > MAX_ITERATIONS) {
            throw damaged("it asks for " + iterations + " key-derivation rounds, more than the " + MAX_ITERATIONS
                    + " Railyard ever uses");
        }
        byte[] candidate = derive(masterPassword, decodeBase64(saltText), iterations);
        try {
            String verifier = open(candidate, root.path("verifier"), VERIFIER_AAD);
            if (!VERIFIER_TEXT.equals(verifier)) {
                throw new AEADBadTagException();
            }
        } catch (AEADBadTagException e) {
            Arrays.fill(candidate, (byte) 0);
            throw new WrongVaultPasswordException("Wrong vault password for " + SecretStores.tilde(file));
        }
        lockQuietly();
        key = candidate;
        unlockedSalt = saltText;
    }

    /** Forgets the key; passwords cannot be read or stored until the next unlock. */
    public synchronized void lock() {
        lockQuietly();
    }

    /** Whether an entry exists for the profile; works while locked. */
    public synchronized boolean contains(String profileName) {
        ObjectNode root = readFile();
        return root != null && root.path("entries").has(profileName);
    }

    @Override
    public synchronized Optional<String> password(String profileName) {
        if (key == null) {
            return Optional.empty();
        }
        ObjectNode root = readFile();
        JsonNode entry = root == null ? null : root.path("entries").get(profileName);
        if (entry == null) {
            return Optional.empty();
        }
        checkSameVault(root);
        try {
            return Optional.of(open(key, entry, profileName));
        } catch (AEADBadTagException e) {
            throw new SecretStoreException("The vault entry for '" + profileName + "' is damaged and cannot be read: "
                    + "store the password again (railyard profile add --replace, or edit the profile)");
        }
    }

    @Override
    public synchronized void store(String profileName, String password) {
        if (key == null) {
            throw new SecretStoreException("The vault is locked: unlock it with its master password first");
        }
        locked(() -> {
            // Read again under the lock: another process may have stored its own entry since.
            ObjectNode root = readFile();
            if (root == null) {
                throw new SecretStoreException(SecretStores.tilde(file) + " disappeared while unlocked: unlock the vault again");
            }
            checkSameVault(root);
            JsonNode entries = root.get("entries");
            ObjectNode target = entries instanceof ObjectNode object ? object : root.putObject("entries");
            target.set(profileName, seal(key, password, profileName));
            writeFile(root);
            return null;
        });
    }

    /** A read-modify-write of the vault file, under the lock every Railyard process takes for it. */
    private <T> T locked(SharedFileLock.Work<T> work) {
        try {
            return SharedFileLock.with(file.resolveSibling(file.getFileName() + ".lock"), work);
        } catch (IOException e) {
            throw new SecretStoreException("Could not lock " + SecretStores.tilde(file) + " to change it: " + e.getMessage());
        }
    }

    @Override
    public synchronized void delete(String profileName) {
        locked(() -> {
            ObjectNode root = readFile();
            if (root != null && root.path("entries").has(profileName)) {
                ((ObjectNode) root.get("entries")).remove(profileName);
                writeFile(root);
            }
            return null;
        });
    }

    @Override
    public String description() {
        return "Encrypted vault (" + SecretStores.tilde(file) + ")";
    }

    private void create(char[] masterPassword) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] newKey = derive(masterPassword, salt, iterationsForNewVault);
        ObjectNode root = json.createObjectNode();
        root.put("format", "railyard-vault");
        root.put("version", FORMAT_VERSION);
        ObjectNode kdf = root.putObject("kdf");
        kdf.put("algorithm", KDF);
        kdf.put("iterations", iterationsForNewVault);
        kdf.put("salt", Base64.getEncoder().encodeToString(salt));
        root.put("cipher", "AES-256-GCM");
        root.set("verifier", seal(newKey, VERIFIER_TEXT, VERIFIER_AAD));
        root.putObject("entries");
        writeFile(root);
        lockQuietly();
        key = newKey;
        unlockedSalt = kdf.path("salt").asText();
    }

    /** Another process may have replaced the vault since we unlocked it; our key would not fit. */
    private void checkSameVault(JsonNode root) {
        if (!root.path("kdf").path("salt").asText("").equals(unlockedSalt)) {
            lockQuietly();
            throw new SecretStoreException(SecretStores.tilde(file) + " was replaced since it was unlocked: unlock it again");
        }
    }

    private ObjectNode seal(byte[] withKey, String plain, String associated) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(withKey, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            ObjectNode node = json.createObjectNode();
            node.put("iv", Base64.getEncoder().encodeToString(iv));
            node.put("data", Base64.getEncoder().encodeToString(sealed));
            return node;
        } catch (GeneralSecurityException e) {
            throw new SecretStoreException("This Java runtime cannot encrypt with AES-GCM: " + e.getMessage(), e);
        }
    }

    private String open(byte[] withKey, JsonNode node, String associated) throws AEADBadTagException {
        byte[] iv = decodeBase64(node.path("iv").asText(""));
        byte[] sealed = decodeBase64(node.path("data").asText(""));
        if (iv.length != IV_BYTES || sealed.length < TAG_BITS / 8) {
            throw new AEADBadTagException();
        }
        try {
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(withKey, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(sealed), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new SecretStoreException("This Java runtime cannot decrypt with AES-GCM: " + e.getMessage(), e);
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance(KDF).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new SecretStoreException("This Java runtime lacks " + KDF + ": " + e.getMessage(), e);
        } finally {
            spec.clearPassword();
        }
    }

    private byte[] decodeBase64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw damaged("it holds text that is not base64");
        }
    }

    /** The vault's JSON, or null when there is no vault yet. Never overwrites a file it cannot read. */
    private ObjectNode readFile() {
        if (!Files.exists(file)) {
            return null;
        }
        JsonNode root;
        try {
            root = json.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw damaged("it is not valid JSON");
        } catch (IOException e) {
            throw new SecretStoreException("Cannot read " + SecretStores.tilde(file) + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !"railyard-vault".equals(root.path("format").asText())) {
            throw damaged("it is not a Railyard vault");
        }
        int version = root.path("version").asInt(0);
        if (version > FORMAT_VERSION) {
            throw new SecretStoreException(SecretStores.tilde(file) + " was written by a newer Railyard (format " + version
                    + "); update Railyard to use it. The file was left untouched");
        }
        return (ObjectNode) root;
    }

    private void writeFile(JsonNode root) {
        try {
            AtomicFiles.writePrivateString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new SecretStoreException("Could not save " + SecretStores.tilde(file) + ": " + e.getMessage(), e);
        }
    }

    private SecretStoreException damaged(String why) {
        return new SecretStoreException(SecretStores.tilde(file) + " cannot be used: " + why
                + ". It was left untouched; move it away to start a new vault (the passwords in it are then lost)");
    }

    private void lockQuietly() {
        if (key != null) {
            Arrays.fill(key, (byte) 0);
        }
        key = null;
        unlockedSalt = null;
    }
}
