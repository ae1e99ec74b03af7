package dev.railyard.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.railyard.home.AtomicFiles;
import dev.railyard.home.Json;
import dev.railyard.home.RailyardHome;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.ProfileStore;
import dev.railyard.task.JobContext;
import dev.railyard.task.ProgressUnit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backups of every profile, rebuilt from their folders each time it is read: a folder
 * copied to another machine just works. A backup is listed only when its data file and
 * manifest are both there and the file has the size the manifest says; everything else in a
 * folder (foreign files, a manifest without its file, leftovers) is passed over, and stale
 * {@code .partial} files from a crashed backup are deleted.
 */
public final class BackupCatalog {

    public static final String STATE_SUFFIX = ".state.json";
    public static final String RETENTION_FILE = "retention.json";
    /** What BackupFileWriter appends to a file still being written. */
    static final String PARTIAL_SUFFIX = ".partial";
    /** A .partial file untouched this long belongs to no running backup. */
    static final Duration STALE_PARTIAL = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(BackupCatalog.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final RailyardHome home;
    private final ProfileStore profiles;
    private final Clock clock;
    private final ManifestIO manifests = new ManifestIO();
    private final ObjectMapper json = Json.mapper();

    public BackupCatalog(RailyardHome home, ProfileStore profiles) {
        this(home, profiles, Clock.systemUTC());
    }

    public BackupCatalog(RailyardHome home, ProfileStore profiles, Clock clock) {
        this.home = home;
        this.profiles = profiles;
        this.clock = clock;
    }

    public RailyardHome home() {
        return home;
    }

    /** The profile's backup folder: its own setting, else RAILYARD_HOME/backups/NAME. */
    public Path folderFor(ConnectionProfile profile) {
        if (profile.backupFolder() != null && !profile.backupFolder().isBlank()) {
            return Path.of(profile.backupFolder());
        }
        return home.backups().resolve(profile.name());
    }

    /** Where a new backup of the profile goes: {@code <folder>/<profile>_<yyyyMMdd-HHmmss>.sql[.gz|.zst]}; see {@link #newBackupPath(ConnectionProfile, Compression, boolean)}. */
    public Path newBackupPath(ConnectionProfile profile, Compression compression) {
        return newBackupPath(profile, compression, false);
    }

    /**
     * Reserves the name of a new backup of the profile: {@code <folder>/<profile>_<yyyyMMdd-HHmmss>.sql[.gz|.zst]},
     * or {@code .dump} for pg_dump's custom format. The name is taken atomically (an empty file is
     * created under it, create-new), so concurrent backups from any thread or process never share a
     * file; the backup's publish replaces the empty file. A backup that does not publish gives the
     * name back with {@link #release(Path)}; a reservation left by a crash is swept by {@link #list}.
     */
    public Path newBackupPath(ConnectionProfile profile, Compression compression, boolean customFormat) {
        Path folder = folderFor(profile);
        String base = safeName(profile.name()) + "_" + STAMP.format(clock.instant());
        try {
            AtomicFiles.createPrivateDirectories(folder);
            return reserve(folder, base, customFormat ? ".dump" : ".sql" + compression.extension());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a backup file in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Path reserve(Path folder, String base, String extension) throws IOException {
        for (int i = 1; ; i++) {
            Path candidate = folder.resolve(base + (i == 1 ? "" : "-" + i) + extension);
            if (Files.exists(BackupFileWriter.partialPathFor(candidate))
                    || Files.exists(ManifestIO.manifestPathFor(candidate))) {
                continue;
            }
            try {
                AtomicFiles.createPrivateFile(candidate);
                return candidate;
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // Another backup has it: try the next name.
            }
        }
    }

    /** Gives back a name reserved by {@link #newBackupPath} when its backup did not publish (the empty file goes). */
    public void release(Path reserved) {
        try {
            if (Files.isRegularFile(reserved) && Files.size(reserved) == 0
                    && !Files.exists(ManifestIO.manifestPathFor(reserved))) {
                Files.deleteIfExists(reserved);
            }
        } catch (IOException e) {
            LOG.warn("Could not give back the reserved name {}", reserved, e);
        }
    }

    /** The profile's backups, newest first. */
    public List<CatalogEntry> list(ConnectionProfile profile) {
        return list(folderFor(profile));
    }

    /** The backups in one folder, newest first; stale .partial files there are deleted. */
    public List<CatalogEntry> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<CatalogEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(PARTIAL_SUFFIX)) {
                    removeIfStale(file);
                    continue;
                }
                if (!name.endsWith(ManifestIO.SUFFIX)) {
                    removeIfStaleReservation(file);
                    continue;
                }
                entry(file).ifPresent(entries::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the backup folder " + folder + ": " + e.getMessage(), e);
        }
        entries.sort(Comparator.comparing(CatalogEntry::created, Comparator.nullsLast(Comparator.reverseOrder())));
        return entries;
    }

    /** Finds a backup by id in any profile's folder. */
    public Optional<CatalogEntry> find(String id) {
        for (Path folder : knownFolders()) {
            for (CatalogEntry entry : list(folder)) {
                if (entry.id().equals(id)) {
                    return Optional.of(entry);
                }
            }
        }
        return Optional.empty();
    }

    public CatalogEntry require(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("No backup with id '" + id
                + "'; list them with: railyard backup list --profile NAME"));
    }

    private Set<Path> knownFolders() {
        Set<Path> folders = new LinkedHashSet<>();
        for (ConnectionProfile profile : profiles.list()) {
            folders.add(folderFor(profile).toAbsolutePath().normalize());
        }
        if (Files.isDirectory(home.backups())) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(home.backups(), Files::isDirectory)) {
                children.forEach(child -> folders.add(child.toAbsolutePath().normalize()));
            } catch (IOException e) {
                LOG.warn("Cannot list {}", home.backups(), e);
            }
        }
        return folders;
    }

    private Optional<CatalogEntry> entry(Path manifestFile) {
        String name = manifestFile.getFileName().toString();
        Path file = manifestFile.resolveSibling(name.substring(0, name.length() - ManifestIO.SUFFIX.length()));
        Manifest manifest;
        try {
            manifest = manifests.read(manifestFile);
        } catch (IOException e) {
            LOG.warn("Passing over {}: its manifest cannot be read ({})", manifestFile, e.getMessage());
            return Optional.empty();
        }
        try {
            if (!Files.isRegularFile(file) || Files.size(file) != manifest.fileBytes()) {
                LOG.info("Passing over {}: the data file is missing or not the size its manifest says", manifestFile);
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new CatalogEntry(idOf(file), file, manifest, readState(file).forChecksum(manifest.sha256())));
    }

    /** The file name without its backup extensions: {@code shop_20261121-090512.sql.zst -> shop_20261121-090512}. */
    public static String idOf(Path file) {
        String name = file.getFileName().toString();
        for (String suffix : List.of(".sql.gz", ".sql.zst", ".sql", ".dump.gz", ".dump", ".gz", ".zst")) {
            if (name.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    private void removeIfStale(Path partial) {
        try {
            Instant modified = Files.getLastModifiedTime(partial).toInstant();
            if (Duration.between(modified, clock.instant()).compareTo(STALE_PARTIAL) > 0) {
                Files.deleteIfExists(partial);
                LOG.info("Deleted {}, left by a backup that did not finish", partial);
            }
        } catch (IOException e) {
            LOG.warn("Could not clean up {}", partial, e);
        }
    }

    /** An empty backup-named file without manifest or partial, older than a running backup could be: a crashed run's reservation. */
    private void removeIfStaleReservation(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) != 0 || idOf(file).equals(file.getFileName().toString())
                    || Files.exists(ManifestIO.manifestPathFor(file)) || Files.exists(BackupFileWriter.partialPathFor(file))) {
                return;
            }
            removeIfStale(file);
        } catch (IOException e) {
            LOG.warn("Could not clean up {}", file, e);
        }
    }

    // ---- state: pin and verification ----

    public BackupState readState(Path file) {
        Path stateFile = stateFileFor(file);
        if (!Files.isRegularFile(stateFile)) {
            return BackupState.initial();
        }
        try {
            return json.readValue(stateFile.toFile(), BackupState.class);
        } catch (IOException e) {
            LOG.warn("Ignoring the damaged state file {}", stateFile, e);
            return BackupState.initial();
        }
    }

    private void writeState(Path file, BackupState state) {
        try {
            AtomicFiles.writeString(stateFileFor(file), json.writerWithDefaultPrettyPrinter().writeValueAsString(state));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the state of " + file + ": " + e.getMessage(), e);
        }
    }

    /** Synchronized with {@link #recordVerification}: both rewrite the state file, from different threads. */
    public synchronized CatalogEntry pin(String id, boolean pinned) {
        CatalogEntry entry = require(id);
        BackupState state = entry.state().withPinned(pinned);
        writeState(entry.file(), state);
        return new CatalogEntry(entry.id(), entry.file(), entry.manifest(), state);
    }

    public synchronized CatalogEntry recordVerification(CatalogEntry entry, BackupState.Verification verification) {
        BackupState state = readState(entry.file()).withVerification(verification, entry.manifest().sha256());
        writeState(entry.file(), state);
        return new CatalogEntry(entry.id(), entry.file(), entry.manifest(), state);
    }

    /** Records the migrator run that followed this backup (its command, exit code and the heads around it). */
    public synchronized CatalogEntry recordRelease(CatalogEntry entry, BackupState.ReleaseRun run) {
        BackupState state = readState(entry.file()).withRelease(run);
        writeState(entry.file(), state);
        return new CatalogEntry(entry.id(), entry.file(), entry.manifest(), state);
    }

    /**
     * Whether a backup may be written to {@code file} (an --out chosen by the user): a file that is
     * there already is refused unless {@code replace}, and a pinned backup never is replaced.
     */
    public void checkMayWrite(Path file, boolean replace) throws BackupException {
        if (readState(file).pinned()) {
            throw new BackupException(file + " is a pinned backup: it is never overwritten. Unpin it first "
                    + "(railyard backup pin --off), or write elsewhere.");
        }
        if (Files.exists(file) && !replace) {
            throw new BackupException(file + " exists already: choose another --out, or add --force to replace it.");
        }
    }

    /** After a backup replaced {@code file}: the old file's state (its verification) does not belong to the new one. */
    public void forgetState(Path file) throws IOException {
        Files.deleteIfExists(stateFileFor(file));
    }

    static Path stateFileFor(Path file) {
        return file.resolveSibling(file.getFileName() + STATE_SUFFIX);
    }

    // ---- quick verification ----

    /**
     * Reads the whole file: its sha256 must match the manifest, and the compressed stream must
     * decompress to its end (to the size the manifest recorded, where it did). Records the result.
     */
    public BackupState.Verification verifyQuick(CatalogEntry entry, JobContext context) {
        BackupState.Verification result;
        try {
            result = checkQuick(entry, context);
        } catch (IOException e) {
            result = failed("the file cannot be read to its end: " + describe(e));
        }
        recordVerification(entry, result);
        return result;
    }

    private BackupState.Verification checkQuick(CatalogEntry entry, JobContext context) throws IOException {
        Manifest manifest = entry.manifest();
        long size = Files.size(entry.file());
        if (size != manifest.fileBytes()) {
            return failed("the file has " + size + " bytes, the manifest says " + manifest.fileBytes());
        }
        context.message("Checking the sha256 of " + entry.file().getFileName());
        if (size == 0) {
            return failed("the file is empty (0 bytes): it is not a backup");
        }
        MessageDigest digest = sha256();
        long[] read = {0};
        BackupFileCheck.Reading content = new BackupFileCheck.Reading();
        try (InputStream raw = new ProgressInput(Files.newInputStream(entry.file()), size, context, read);
             DigestInputStream hashed = new DigestInputStream(raw, digest)) {
            if ("custom".equals(manifest.format())) {
                byte[] head = hashed.readNBytes(BackupFileCheck.HEAD);
                content.add(head, 0, head.length);
                hashed.transferTo(OutputSink.INSTANCE);
            } else {
                Compression compression = Compression.byName(manifest.compression());
                long plain;
                // The decompressor must not close the hashing stream: the rest of the file is hashed after it.
                InputStream unclosable = new java.io.FilterInputStream(hashed) {
                    @Override
                    public void close() {
                    }
                };
                try (InputStream plainStream = compression.decompress(unclosable)) {
                    plain = copyInto(plainStream, content);
                } catch (IOException e) {
                    return failed("the " + compression.id() + " stream is damaged: " + describe(e));
                }
                hashed.transferTo(OutputSink.INSTANCE);
                if (manifest.uncompressedBytes() >= 0 && plain != manifest.uncompressedBytes()) {
                    return failed("the script decompresses to " + plain + " bytes, the manifest says " + manifest.uncompressedBytes());
                }
            }
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equalsIgnoreCase(manifest.sha256())) {
            return failed("the sha256 differs from the manifest's: the file changed after the backup");
        }
        Optional<String> notABackup = content.problem();
        if (notABackup.isPresent()) {
            return failed("the file " + notABackup.get());
        }
        return new BackupState.Verification(BackupState.Verification.Level.QUICK, true, clock.instant(),
                "sha256 matches; the file reads to its end");
    }

    private static long copyInto(InputStream in, BackupFileCheck.Reading content) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            content.add(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private BackupState.Verification failed(String why) {
        return new BackupState.Verification(BackupState.Verification.Level.QUICK, false, clock.instant(), why);
    }

    // ---- import ----

    /**
     * Copies a .sql / .sql.gz / .sql.zst / .dump made elsewhere into the profile's folder, with a
     * manifest marked imported. The original stays where it was.
     */
    public CatalogEntry importFile(Path source, ConnectionProfile profile, String note) throws IOException, BackupException {
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("No file " + source);
        }
        BackupFileCheck.require(source, JobContext.silent());
        String name = source.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean custom = name.endsWith(".dump") || isCustomFormat(source);
        Compression compression = custom ? Compression.NONE : Compression.detect(source);
        if (!custom && !(name.endsWith(".sql") || name.endsWith(".sql.gz") || name.endsWith(".sql.zst")
                || name.endsWith(".gz") || name.endsWith(".zst"))) {
            throw new IllegalArgumentException("Railyard imports .sql, .sql.gz, .sql.zst and .dump files; "
                    + source.getFileName() + " is none of those");
        }
        Path folder = folderFor(profile);
        AtomicFiles.createPrivateDirectories(folder);
        Instant made = Files.getLastModifiedTime(source).toInstant();
        String base = safeName(profile.name()) + "_" + STAMP.format(made) + "-imported";
        String extension = custom ? ".dump" : ".sql" + compression.extension();
        Path target = reserve(folder, base, extension);
        Path partial = BackupFileWriter.partialPathFor(target);
        boolean published = false;
        try {
            AtomicFiles.createPrivateFile(partial);
            Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.restrictToOwner(partial);
            String sha = ManifestIO.sha256(partial);
            long bytes = Files.size(partial);
            Manifest manifest = ownManifest(source, sha, profile, target, note).orElseGet(() ->
                    new Manifest(Manifest.FORMAT_VERSION, "imported", null, profile.dialect().id(), null,
                            null, profile.name(), profile.database(), made, made, target.getFileName().toString(),
                            custom ? "custom" : "sql", compression.id(), bytes, -1, sha, null, List.of(),
                            List.of("Imported from " + source.toAbsolutePath() + ": made outside Railyard, no per-table figures"),
                            note, null));
            manifests.write(ManifestIO.manifestPathFor(target), manifest);
            writeState(target, new BackupState(false, null, true));
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            published = true;
            return new CatalogEntry(idOf(target), target, manifest, readState(target).forChecksum(sha));
        } finally {
            Files.deleteIfExists(partial);
            if (!published) {
                Files.deleteIfExists(ManifestIO.manifestPathFor(target));
                Files.deleteIfExists(stateFileFor(target));
                release(target);
            }
        }
    }

    /**
     * The manifest Railyard wrote beside a file it made with {@code backup create --out}, when it
     * describes exactly these bytes (its checksum matches): the engine, server version, per-table
     * counts and section offsets stay known, so a deep check compares and a restore runs in parts.
     * A manifest for other bytes, or for the other database family, is not used.
     */
    private java.util.Optional<Manifest> ownManifest(Path source, String sha, ConnectionProfile profile, Path target,
                                                     String note) {
        Path beside = ManifestIO.manifestPathFor(source);
        if (!Files.isRegularFile(beside)) {
            return java.util.Optional.empty();
        }
        Manifest m;
        try {
            m = manifests.read(beside);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring the unreadable manifest beside {}", source, e);
            return java.util.Optional.empty();
        }
        if (!sha.equalsIgnoreCase(m.sha256()) || !profile.dialect().id().equals(m.dialect())) {
            LOG.warn("The manifest beside {} describes another file (checksum or database family differ): imported without it", source);
            return java.util.Optional.empty();
        }
        List<String> warnings = new java.util.ArrayList<>(m.warnings());
        warnings.add("Brought into the catalog from " + source.toAbsolutePath() + " with the manifest written beside it");
        return java.util.Optional.of(new Manifest(m.formatVersion(), m.engine(), m.engineVersion(), m.dialect(), m.serverVersion(),
                m.source(), profile.name(), m.database(), m.startedAt(), m.finishedAt(), target.getFileName().toString(),
                m.format(), m.compression(), m.fileBytes(), m.uncompressedBytes(), m.sha256(), m.options(), m.tables(),
                warnings, note == null || note.isBlank() ? m.note() : note, m.migrationHead(), m.sections()));
    }

    private static boolean isCustomFormat(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(5);
            return new String(head, java.nio.charset.StandardCharsets.US_ASCII).equals("PGDMP");
        }
    }

    // ---- retention ----

    public RetentionPolicy retention(ConnectionProfile profile) {
        Path file = folderFor(profile).resolve(RETENTION_FILE);
        if (!Files.isRegularFile(file)) {
            return RetentionPolicy.keepAll();
        }
        try {
            return json.readValue(file.toFile(), RetentionPolicy.class);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Ignoring the damaged retention file {}", file, e);
            return RetentionPolicy.keepAll();
        }
    }

    public void setRetention(ConnectionProfile profile, RetentionPolicy policy) throws IOException {
        AtomicFiles.writeString(folderFor(profile).resolve(RETENTION_FILE), json.writeValueAsString(policy));
    }

    /** What the policy would remove and keep, and why; nothing is deleted. */
    public PrunePlan planPrune(ConnectionProfile profile, RetentionPolicy policy) {
        List<CatalogEntry> entries = list(profile);
        List<PrunePlan.Decision> remove = new ArrayList<>();
        List<PrunePlan.Decision> keep = new ArrayList<>();
        Optional<CatalogEntry> newestVerified = entries.stream().filter(CatalogEntry::verified).findFirst();
        Instant cutoff = clock.instant().minus(Duration.ofDays(policy.keepDays()));
        for (int i = 0; i < entries.size(); i++) {
            CatalogEntry entry = entries.get(i);
            String reason;
            if (policy.keepsEverything()) {
                reason = "the policy keeps every backup";
            } else if (entry.pinned()) {
                reason = "pinned";
            } else if (newestVerified.isPresent() && newestVerified.get() == entry) {
                reason = "the newest verified backup";
            } else if (policy.keepLast() > 0 && i < policy.keepLast()) {
                reason = "one of the last " + policy.keepLast();
            } else if (policy.keepDays() > 0 && entry.created() != null && entry.created().isAfter(cutoff)) {
                reason = "younger than " + policy.keepDays() + " days";
            } else {
                reason = null;
            }
            if (reason == null) {
                remove.add(new PrunePlan.Decision(entry, "beyond the policy (" + policy.describe() + ")"));
            } else {
                keep.add(new PrunePlan.Decision(entry, reason));
            }
        }
        return new PrunePlan(profile.name(), policy, remove, keep);
    }

    /** Deletes what the plan removes: the data file, then its state and manifest (so a crash leaves nothing listed half). */
    public List<CatalogEntry> prune(PrunePlan plan) throws IOException {
        List<CatalogEntry> removed = new ArrayList<>();
        for (PrunePlan.Decision decision : plan.remove()) {
            CatalogEntry entry = decision.entry();
            if (readState(entry.file()).pinned()) {
                continue; // pinned since the plan was made
            }
            Files.deleteIfExists(ManifestIO.manifestPathFor(entry.file()));
            Files.deleteIfExists(entry.file());
            Files.deleteIfExists(stateFileFor(entry.file()));
            removed.add(entry);
        }
        return removed;
    }

    // ---- helpers ----

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * The profile's name as a file-name part: letters, digits, '.', '_' and '-' stay, every other
     * character (and '%' itself) is percent-encoded as UTF-8, so two names never map to one
     * ({@code a;b -> a%3Bb}, {@code a'b -> a%27b}).
     */
    static String safeName(String profileName) {
        StringBuilder safe = new StringBuilder();
        for (byte b : profileName.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-') {
                safe.append(c);
            } else {
                safe.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return safe.length() == 0 ? "profile" : safe.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Discards what it is given. */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    /** Reports bytes read from the file and honours cancellation while verifying. */
    private static final class ProgressInput extends java.io.FilterInputStream {
        private final long total;
        private final JobContext context;
        private final long[] read;

        ProgressInput(InputStream in, long total, JobContext context, long[] read) {
            super(in);
            this.total = total;
            this.context = context;
            this.read = read;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            context.checkCancelled();
            int n = super.read(b, off, len);
            if (n > 0) {
                read[0] += n;
                context.progress(read[0], total, ProgressUnit.BYTES);
            }
            return n;
        }
    }
}
