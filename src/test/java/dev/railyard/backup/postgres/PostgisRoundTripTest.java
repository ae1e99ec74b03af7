package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.backup.Manifest;
import dev.railyard.backup.ManifestIO;
import dev.railyard.backup.RecordingContext;
import dev.railyard.backup.RestoreOptions;
import dev.railyard.backup.RestoreResult;
import dev.railyard.support.DebianPostgres;
import dev.railyard.support.PgClientTools;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostGIS on Debian's PostgreSQL 15: geometry and geography columns with typmods, GiST, SP-GiST
 * and BRIN indexes, and custom SRIDs in spatial_ref_sys (a configuration table of the extension:
 * CREATE EXTENSION makes it with the standard rows only, so the user's rows must travel in the
 * backup) come back through the built-in engine, to pg_dump 15 and row for row.
 */
class PostgisRoundTripTest {

    @Test
    void geometriesIndexesAndCustomSridsComeBack(@TempDir Path dir) throws Exception {
        DebianPostgres pg = DebianPostgres.sharedWithPostgis();
        String source = pg.createDatabase("postgis");
        PgClientTools.psql(pg, source, "-f", Path.of(getClass().getResource("/fixtures/extensions/postgis.sql").toURI()).toString());

        PgRegressionLikeRoundTripTest.RoundTrip trip = PgRegressionLikeRoundTripTest.roundTrip(pg, source, dir);
        assertEquals(List.of(), trip.warnings(), "the user rows of spatial_ref_sys are in the backup, so nothing is left to name");
        Path file = dir.resolve(source + ".sql.gz");
        Manifest manifest = new ManifestIO().readBeside(file).orElseThrow();
        assertTrue(manifest.tables().stream().anyMatch(t -> t.name().equals("spatial_ref_sys") && t.rows() == 2),
                "the two custom SRIDs, and only they, are copied: " + manifest.tables());

        assertEquals(customSrids(pg, source), customSrids(pg, trip.copy()), "custom SRIDs");
        assertEquals(2, customSrids(pg, trip.copy()).size());
        String schema = PgClientTools.comparableSchema(pg, source);
        assertTrue(schema.contains("shape public.geometry(PolygonZ,990001)"), schema);
        assertEquals(schema, PgClientTools.comparableSchema(pg, trip.copy()), "pg_dump 15 --schema-only of the source and of the copy");
        Map<String, String> rows;
        try (Connection c = pg.connect(source)) {
            rows = Fingerprints.of(c);
        }
        try (Connection c = pg.connect(trip.copy())) {
            assertEquals(rows, Fingerprints.of(c), "rows of geo.places and of spatial_ref_sys (standard and custom)");
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT ST_SRID(shape), ST_AsText(ST_Transform(shape, 4326)) IS NOT NULL FROM geo.places WHERE id = 1")) {
                rs.next();
                assertEquals(990001, rs.getInt(1));
                assertTrue(rs.getBoolean(2), "the custom projection transforms");
            }
        }

        // Again over the copy, with clean: the extension is dropped and made again, its user rows loaded once.
        RecordingContext context = new RecordingContext();
        RestoreResult again = new PgBackupService(NativePgTools.fromEnvironment(null)).restore(file,
                PgFidelityRoundTripTest.endpoint(pg, trip.copy()), RestoreOptions.defaults().withClean(true)).run(context);
        assertTrue(context.allLog().contains("dropped extension postgis"), context.allLog());
        assertEquals(List.of(), again.script().errors());
        assertEquals(customSrids(pg, source), customSrids(pg, trip.copy()), "custom SRIDs after a clean restore");
    }

    private static List<String> customSrids(DebianPostgres pg, String database) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT s::text FROM public.spatial_ref_sys s WHERE srid >= 990000 ORDER BY srid")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
