package dev.railyard.migrate.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.railyard.home.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Compares a tool's migration folder with what its history table says ran. Recognises the
 * folder's kind by its layout: Drizzle's (meta/_journal.json), Prisma's
 * (&lt;timestamp&gt;_&lt;name&gt;/migration.sql), or a plain folder of scripts for Knex, Sequelize
 * and hand-rolled runners.
 */
public final class ToolFolders {

    private static final Set<String> SCRIPT_EXTENSIONS = Set.of("sql", "js", "ts", "cjs", "mjs");

    private ToolFolders() {
    }

    /** Compares {@code folder} with the matching history in {@code scan}. */
    public static FolderComparison compare(Path folder, HistoryScan scan) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("Migration folder " + folder + " does not exist or is not a folder");
        }
        if (Files.isRegularFile(folder.resolve("meta").resolve("_journal.json"))) {
            return drizzle(folder, scan.of(HistoryTool.DRIZZLE));
        }
        Path prisma = Files.isDirectory(folder.resolve("migrations")) && Files.isRegularFile(folder.resolve("schema.prisma"))
                ? folder.resolve("migrations") : folder; // the user may point at prisma/ rather than prisma/migrations
        if (!prismaMigrations(prisma).isEmpty() || Files.isRegularFile(prisma.resolve("migration_lock.toml"))) {
            return prisma(prisma, scan.of(HistoryTool.PRISMA));
        }
        return plain(folder, scan);
    }

    // ---------------------------------------------------------------- Prisma

    private static List<Path> prismaMigrations(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(p -> Files.isRegularFile(p.resolve("migration.sql"))).sorted().toList();
        }
    }

    /** Prisma: checksum is the sha256 hex of migration.sql, accepted with either line ending (as Prisma does). */
    static FolderComparison prisma(Path folder, Optional<ToolHistory> history) throws IOException {
        Map<String, HistoryEntry> latest = new LinkedHashMap<>();
        history.ifPresent(h -> h.entries().forEach(e -> latest.put(e.name(), e))); // later rows win: re-applied after a roll back
        List<FolderFile> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Path dir : prismaMigrations(folder)) {
            String name = dir.getFileName().toString();
            seen.add(name);
            Path script = dir.resolve("migration.sql");
            String text = Files.readString(script, StandardCharsets.UTF_8);
            String checksum = Checksums.sha256(text);
            HistoryEntry row = latest.get(name);
            if (row == null) {
                files.add(new FolderFile(name, script, FileState.PENDING, null, checksum, ""));
            } else if (row.status() == EntryStatus.ROLLED_BACK) {
                files.add(new FolderFile(name, script, FileState.PENDING, row.checksum(), checksum,
                        "rolled back earlier; migrate deploy applies it again"));
            } else if (row.status() == EntryStatus.FAILED) {
                files.add(new FolderFile(name, script, FileState.FAILED, row.checksum(), checksum, row.detail()));
            } else if (prismaChecksumMatches(text, row.checksum())) {
                files.add(new FolderFile(name, script, FileState.APPLIED, row.checksum(), checksum, ""));
            } else {
                files.add(new FolderFile(name, script, FileState.CHANGED, row.checksum(), checksum,
                        "migration.sql was modified after it was applied (Prisma warns about this)"));
            }
        }
        notInFolder(latest.values(), seen, files);
        return new FolderComparison(HistoryTool.PRISMA, folder, history.map(h -> h.table().displayName()).orElse(null), files,
                history.isPresent() ? List.of() : List.of("No _prisma_migrations table in this database: every migration is pending"));
    }

    static boolean prismaChecksumMatches(String script, String stored) {
        if (stored == null) {
            return false;
        }
        for (String variant : List.of(script, script.replace("\r\n", "\n"), script.replace("\n", "\r\n"))) {
            if (stored.equals(Checksums.sha256(variant)) || stored.equals(Checksums.sha256Unpadded(variant))) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- Drizzle

    /**
     * Drizzle: the journal lists migrations (idx, when, tag); the table keeps created_at = when and
     * the sha256 of tag.sql with CRLF turned to LF. The migrator runs only journal entries newer
     * than the last created_at, so an older one missing from the table never runs.
     */
    static FolderComparison drizzle(Path folder, Optional<ToolHistory> history) throws IOException {
        JsonNode journal = Json.mapper().readTree(folder.resolve("meta").resolve("_journal.json").toFile());
        Map<String, HistoryEntry> byWhen = new LinkedHashMap<>();
        history.ifPresent(h -> h.entries().forEach(e -> byWhen.put(e.version(), e)));
        long last = byWhen.keySet().stream().filter(v -> v != null).mapToLong(Long::parseLong).max().orElse(Long.MIN_VALUE);
        List<FolderFile> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode entry : journal.path("entries")) {
            String tag = entry.path("tag").asText();
            long when = entry.path("when").asLong();
            seen.add(Long.toString(when));
            Path script = folder.resolve(tag + ".sql");
            HistoryEntry row = byWhen.get(Long.toString(when));
            if (!Files.isRegularFile(script)) {
                files.add(new FolderFile(tag, null, FileState.NOT_IN_FOLDER, row == null ? null : row.checksum(), null,
                        "listed in meta/_journal.json but " + script.getFileName() + " is missing"));
                continue;
            }
            byte[] bytes = Files.readAllBytes(script);
            String text = new String(bytes, StandardCharsets.UTF_8);
            String hash = Checksums.sha256(text.replace("\r\n", "\n"));
            if (row != null) {
                // Drizzle before 0.30 hashed the file as read, without normalising line endings.
                boolean same = hash.equals(row.checksum()) || Checksums.hex("SHA-256", bytes).equals(row.checksum());
                files.add(new FolderFile(tag, script, same ? FileState.APPLIED : FileState.CHANGED, row.checksum(), hash,
                        same ? "" : tag + ".sql was modified after it was applied (Drizzle does not check; the database has the old version)"));
            } else if (when > last) {
                files.add(new FolderFile(tag, script, FileState.PENDING, null, hash, ""));
            } else {
                files.add(new FolderFile(tag, script, FileState.SKIPPED, null, hash,
                        "older than the last applied migration (" + java.time.Instant.ofEpochMilli(last)
                                + "): Drizzle's migrator will not run it"));
            }
        }
        for (HistoryEntry row : byWhen.values()) {
            if (!seen.contains(row.version())) {
                files.add(new FolderFile(row.name(), null, FileState.NOT_IN_FOLDER, row.checksum(), null,
                        "applied (created_at " + row.version() + ") but not in meta/_journal.json"));
            }
        }
        return new FolderComparison(HistoryTool.DRIZZLE, folder, history.map(h -> h.table().displayName()).orElse(null), files,
                history.isPresent() ? List.of() : List.of("No __drizzle_migrations table in this database: every migration is pending"));
    }

    // ---------------------------------------------------------------- plain folders

    /**
     * A folder of scripts for a runner that records file names (hand-rolled, Knex, Sequelize):
     * compared with the table whose names match most files. Checksums are compared when the
     * table keeps one as md5, sha1 or sha256 hex.
     */
    static FolderComparison plain(Path folder, HistoryScan scan) throws IOException {
        List<Path> scripts;
        try (Stream<Path> children = Files.list(folder)) {
            scripts = children.filter(Files::isRegularFile).filter(ToolFolders::isScript).sorted().toList();
        }
        Optional<ToolHistory> history = scan.histories().stream()
                .filter(h -> h.tool() == HistoryTool.HAND_ROLLED || h.tool() == HistoryTool.KNEX || h.tool() == HistoryTool.SEQUELIZE)
                .max(java.util.Comparator.comparingLong(h -> scripts.stream().filter(s -> find(h.entries(), s).isPresent()).count()));
        List<HistoryEntry> entries = history.map(ToolHistory::entries).orElse(List.of());
        List<FolderFile> files = new ArrayList<>();
        Set<HistoryEntry> matched = new HashSet<>();
        for (Path script : scripts) {
            String name = script.getFileName().toString();
            Optional<HistoryEntry> row = find(entries, script);
            if (row.isEmpty()) {
                files.add(new FolderFile(name, script, FileState.PENDING, null, null, ""));
                continue;
            }
            HistoryEntry entry = row.get();
            matched.add(entry);
            if (entry.status() == EntryStatus.FAILED) {
                files.add(new FolderFile(name, script, FileState.FAILED, entry.checksum(), null, entry.detail()));
            } else if (entry.status() == EntryStatus.ROLLED_BACK || entry.status() == EntryStatus.PENDING) {
                files.add(new FolderFile(name, script, FileState.PENDING, entry.checksum(), null, entry.detail()));
            } else if (entry.checksum() == null) {
                files.add(new FolderFile(name, script, FileState.APPLIED, null, null, ""));
            } else {
                byte[] bytes = Files.readAllBytes(script);
                Boolean same = Checksums.matchesAnyHex(entry.checksum(), bytes);
                String computed = Checksums.hex("SHA-256", bytes);
                if (same == null) {
                    files.add(new FolderFile(name, script, FileState.APPLIED, entry.checksum(), computed,
                            "stored checksum is not md5, sha1 or sha256 hex: not compared"));
                } else {
                    files.add(new FolderFile(name, script, same ? FileState.APPLIED : FileState.CHANGED, entry.checksum(),
                            computed, same ? "" : "the file differs from what was applied"));
                }
            }
        }
        for (HistoryEntry entry : entries) {
            if (!matched.contains(entry)) {
                files.add(new FolderFile(entry.name(), null, FileState.NOT_IN_FOLDER, entry.checksum(), null,
                        "in " + entry.table() + " but not in the folder"));
            }
        }
        HistoryTool tool = history.map(ToolHistory::tool).orElse(HistoryTool.HAND_ROLLED);
        return new FolderComparison(tool, folder, history.map(h -> h.table().displayName()).orElse(null), files,
                history.isPresent() ? List.of() : List.of("No history table with file names found: every script is pending"));
    }

    private static boolean isScript(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0 && SCRIPT_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The row naming this script: by file name, by name without extension, or by a path ending in it. */
    private static Optional<HistoryEntry> find(List<HistoryEntry> entries, Path script) {
        String file = script.getFileName().toString();
        String stem = file.substring(0, file.lastIndexOf('.'));
        return entries.stream().filter(e -> {
            String name = e.name().replace('\\', '/');
            return name.equals(file) || name.equals(stem) || name.endsWith("/" + file);
        }).reduce((first, second) -> second); // the latest row for a file that ran twice
    }

    private static void notInFolder(java.util.Collection<HistoryEntry> rows, Set<String> seen, List<FolderFile> files) {
        for (HistoryEntry row : rows) {
            if (!seen.contains(row.name())) {
                files.add(new FolderFile(row.name(), null, FileState.NOT_IN_FOLDER, row.checksum(), null,
                        "applied, but its folder is missing"));
            }
        }
    }
}
