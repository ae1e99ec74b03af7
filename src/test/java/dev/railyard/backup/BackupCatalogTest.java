package dev.railyard.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.db.Dialect;
import dev.railyard.home.RailyardHome;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.ProfileStore;
import dev.railyard.task.JobContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCatalogTest {

    @TempDir
    Path temp;

    private final Instant now = Instant.parse("2026-11-21T12:00:00Z");
    private RailyardHome home;
    private ProfileStore profiles;
    private BackupCatalog catalog;
    private ConnectionProfile shop;

    @BeforeEach
    void setUp() {
        home = new RailyardHome(temp.resolve("home"));
        profiles = new ProfileStore(home.profiles());
        shop = ConnectionProfile.of("shop", Dialect.POSTGRESQL, "roundhouse.proxy.rlwy.net", 12345, "railway", "postgres");
        profiles.save(shop);
        catalog = new BackupCatalog(home, profiles, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** A script with the built-in engine's first and last lines around it. */
    static String railyardDump(String body) {
        return "--\n-- Railyard PostgreSQL dump\n--\n\n" + body + "\n--\n-- Railyard PostgreSQL dump complete\n--\n";
    }

    /** Writes a complete backup as an engine would: data file through the writer, then its manifest. */
    private CatalogEntry backup(String script, Instant started, Compression compression) throws IOException {
        BackupCatalog at = new BackupCatalog(home, profiles, Clock.fixed(started, ZoneOffset.UTC));
        Path target = at.newBackupPath(shop, compression);
        Files.createDirectories(target.getParent());
        BackupFileWriter.Summary summary;
        try (BackupFileWriter writer = BackupFileWriter.open(target, compression, 0)) {
            OutputStream out = writer.stream();
            out.write(railyardDump(script).getBytes(StandardCharsets.UTF_8));
            summary = writer.finish();
            Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, "railyard-builtin", "0.1.0", "postgres", "17.2",
                    shop.address(), shop.name(), shop.database(), started, started.plusSeconds(3),
                    target.getFileName().toString(), "sql", compression.id(), summary.fileBytes(),
                    summary.uncompressedBytes(), summary.sha256(), null,
                    List.of(new Manifest.TableEntry("public", "t", 1, 10)), List.of(), "", "V3");
            new ManifestIO().write(ManifestIO.manifestPathFor(target), manifest);
            writer.publish();
        }
        return catalog.find(BackupCatalog.idOf(target)).orElseThrow();
    }

    @Test
    void theCatalogIsRebuiltFromTheFolderAndPassesOverEverythingIncomplete() throws IOException {
        CatalogEntry older = backup("SELECT 1;\n", now.minus(Duration.ofDays(2)), Compression.GZIP);
        CatalogEntry newer = backup("SELECT 2;\n", now.minus(Duration.ofHours(1)), Compression.ZSTD);
        Path folder = catalog.folderFor(shop);
        // A foreign file, a manifest whose data file is gone, a fresh and a stale .partial.
        Files.writeString(folder.resolve("notes.txt"), "not a backup");
        Files.writeString(folder.resolve("ghost.sql.manifest.json"), Files.readString(ManifestIO.manifestPathFor(older.file())));
        Path fresh = folder.resolve("shop_20261121-115900.sql.zst.partial");
        Path stale = folder.resolve("shop_20261120-000000.sql.zst.partial");
        Files.writeString(fresh, "being written");
        Files.writeString(stale, "crashed");
        Files.setLastModifiedTime(fresh, FileTime.from(now.minusSeconds(30)));
        Files.setLastModifiedTime(stale, FileTime.from(now.minus(Duration.ofHours(5))));

        List<CatalogEntry> listed = catalog.list(shop);

        assertEquals(List.of(newer.id(), older.id()), listed.stream().map(CatalogEntry::id).toList(), "newest first, nothing else");
        assertTrue(Files.exists(fresh), "a backup still being written is left alone");
        assertFalse(Files.exists(stale), "a leftover of a crashed backup is cleaned up");
        assertEquals("V3", listed.get(0).manifest().migrationHead());
    }

    @Test
    void aCrashBeforeThePublishLeavesNothingListed() throws IOException {
        Path target = catalog.newBackupPath(shop, Compression.ZSTD);
        Files.createDirectories(target.getParent());
        BackupFileWriter writer = BackupFileWriter.open(target, Compression.ZSTD, 0);
        writer.stream().write("COPY big FROM stdin;\n".getBytes(StandardCharsets.UTF_8));
        // The process dies here: no finish, no manifest, no rename.
        assertEquals(List.of(), catalog.list(shop));
        writer.abort();
        assertEquals(List.of(), catalog.list(shop));
    }

    @Test
    void aManifestWhoseFileHasTheWrongSizeIsNotListed() throws IOException {
        CatalogEntry entry = backup("SELECT 1;\n", now, Compression.NONE);
        Files.writeString(entry.file(), "SELECT 1;\nSELECT 'appended';\n");
        assertEquals(List.of(), catalog.list(shop));
    }

    @Test
    void quickVerifyPassesOnAGoodFileAndCatchesACorruptedOne() throws IOException {
        CatalogEntry good = backup("SELECT 1;\n".repeat(1000), now.minusSeconds(60), Compression.GZIP);
        CatalogEntry bad = backup("SELECT 2;\n".repeat(1000), now, Compression.ZSTD);
        BackupState.Verification goodResult = catalog.verifyQuick(good, JobContext.silent());
        assertTrue(goodResult.passed(), goodResult.detail());
        assertEquals("quick ok", catalog.require(good.id()).verificationLabel());

        byte[] bytes = Files.readAllBytes(bad.file());
        bytes[bytes.length / 2] ^= 0x55; // same size, one byte flipped
        Files.write(bad.file(), bytes);
        BackupState.Verification result = catalog.verifyQuick(bad, JobContext.silent());
        assertFalse(result.passed());
        assertEquals("quick failed", catalog.require(bad.id()).verificationLabel());
    }

    @Test
    void pruneNeverRemovesPinnedBackupsOrTheNewestVerifiedOne() throws IOException {
        CatalogEntry d10 = backup("a;\n", now.minus(Duration.ofDays(10)), Compression.NONE);
        CatalogEntry d8 = backup("b;\n", now.minus(Duration.ofDays(8)), Compression.NONE);
        CatalogEntry d6 = backup("c;\n", now.minus(Duration.ofDays(6)), Compression.NONE);
        CatalogEntry d2 = backup("d;\n", now.minus(Duration.ofDays(2)), Compression.NONE);
        CatalogEntry d1 = backup("e;\n", now.minus(Duration.ofDays(1)), Compression.NONE);
        catalog.pin(d10.id(), true);
        catalog.verifyQuick(catalog.require(d8.id()), JobContext.silent());

        PrunePlan plan = catalog.planPrune(shop, new RetentionPolicy(2, 0));
        assertEquals(List.of(d6.id()), plan.remove().stream().map(d -> d.entry().id()).toList(),
                "only the unpinned, unverified backup beyond the last two goes");
        assertEquals(0, plan.keep().stream().filter(d -> d.entry().id().equals(d6.id())).count());

        // Showing the plan deleted nothing; applying it deletes exactly that.
        assertEquals(5, catalog.list(shop).size());
        catalog.prune(plan);
        assertEquals(List.of(d1.id(), d2.id(), d8.id(), d10.id()), catalog.list(shop).stream().map(CatalogEntry::id).toList());
        assertFalse(Files.exists(ManifestIO.manifestPathFor(d6.file())));
    }

    @Test
    void keepDaysKeepsRecentBackupsAndTheRetentionTravelsWithTheFolder() throws IOException {
        backup("old;\n", now.minus(Duration.ofDays(30)), Compression.NONE);
        CatalogEntry recent = backup("new;\n", now.minus(Duration.ofDays(3)), Compression.NONE);
        catalog.setRetention(shop, new RetentionPolicy(0, 7));
        RetentionPolicy policy = new BackupCatalog(home, profiles).retention(shop);
        assertEquals(new RetentionPolicy(0, 7), policy);
        PrunePlan plan = catalog.planPrune(shop, policy);
        assertEquals(1, plan.remove().size());
        assertEquals(recent.id(), plan.keep().get(0).entry().id());
    }

    @Test
    void importedFilesGetAManifestMarkedImported() throws Exception {
        Path outside = temp.resolve("prod-2026-11-01.sql");
        Files.writeString(outside, "--\n-- PostgreSQL database dump\n--\n\nCREATE TABLE t (id int);\n\n"
                + "--\n-- PostgreSQL database dump complete\n--\n\n");
        CatalogEntry entry = catalog.importFile(outside, shop, "from the old server");
        assertEquals("imported", entry.manifest().engine());
        assertTrue(entry.state().imported());
        assertTrue(Files.exists(outside), "the original stays");
        assertTrue(catalog.verifyQuick(entry, JobContext.silent()).passed());
        assertEquals(entry.id(), catalog.list(shop).get(0).id());
    }

    @Test
    void aCopiedFolderIsACatalogOnAnotherMachine() throws IOException {
        CatalogEntry entry = backup("SELECT 1;\n", now, Compression.ZSTD);
        catalog.pin(entry.id(), true);
        Path elsewhere = temp.resolve("other-machine").resolve("shop");
        Files.createDirectories(elsewhere);
        try (var files = Files.list(catalog.folderFor(shop))) {
            for (Path file : files.toList()) {
                Files.copy(file, elsewhere.resolve(file.getFileName()));
            }
        }
        List<CatalogEntry> there = catalog.list(elsewhere);
        assertEquals(1, there.size());
        assertTrue(there.get(0).pinned());
    }

    @Test
    void egressIsPricedForRailwayHostsOnly() {
        assertEquals(0.1, new TransferEstimate(2_000_000_000L, true).dollars(), 1e-9);
        assertTrue(new TransferEstimate(2_000_000_000L, true).describe().contains("~$0.10"));
        assertEquals(0, new TransferEstimate(2_000_000_000L, false).dollars());
    }
}
