package dev.railyard.backup.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.support.PgClientTools;
import dev.railyard.support.SidPostgres;
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
 * pgvector on PostgreSQL 18 (Railway's image ships it): 1536-dimension vector and halfvec columns,
 * HNSW and IVFFlat indexes with operator classes and options, SQL functions and a view ranking by
 * cosine distance go through the built-in engine and come back the same to pg_dump 18, row for
 * row, and answer the same nearest-neighbour query through their indexes.
 */
class PgVectorRoundTripTest {

    @Test
    void vectorColumnsIndexesAndFunctionsComeBackOnPostgres18(@TempDir Path dir) throws Exception {
        SidPostgres pg = SidPostgres.shared();
        String source = pg.createDatabase("vectors");
        PgClientTools.psql(pg, source, "-f", Path.of(getClass().getResource("/fixtures/extensions/pgvector.sql").toURI()).toString());

        PgRegressionLikeRoundTripTest.RoundTrip trip = PgRegressionLikeRoundTripTest.roundTrip(pg, source, dir);
        assertEquals(List.of(), trip.warnings(), "pgvector objects are all reproduced");

        String schema = PgClientTools.comparableSchema(pg, source);
        assertTrue(schema.contains("USING hnsw (embedding public.vector_cosine_ops) WITH (m='24', ef_construction='100')"), schema);
        assertTrue(schema.contains("USING ivfflat (embedding public.vector_ip_ops) WITH (lists='4')"), schema);
        assertEquals(schema, PgClientTools.comparableSchema(pg, trip.copy()), "pg_dump 18 --schema-only of the source and of the copy");
        Map<String, String> rows;
        try (Connection c = pg.connect(source)) {
            rows = Fingerprints.of(c);
        }
        try (Connection c = pg.connect(trip.copy())) {
            assertEquals(rows, Fingerprints.of(c), "rows (vectors as text) and the identity sequence");
        }
        assertEquals(nearest(pg, source), nearest(pg, trip.copy()), "nearest neighbours through the HNSW index");
    }

    /** The five documents closest to document 7, asked through the HNSW index (sequential scans off). */
    private static List<Long> nearest(SidPostgres pg, String database) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            s.execute("SET enable_seqscan = off");
            try (ResultSet plan = s.executeQuery("EXPLAIN SELECT id FROM ai.documents ORDER BY embedding <=> "
                    + "(SELECT embedding FROM ai.documents WHERE id = 7) LIMIT 5")) {
                StringBuilder text = new StringBuilder();
                while (plan.next()) {
                    text.append(plan.getString(1)).append('\n');
                }
                assertTrue(text.toString().contains("documents_embedding_hnsw"), text.toString());
            }
            try (ResultSet rs = s.executeQuery("SELECT ai.nearest((SELECT embedding FROM ai.documents WHERE id = 7))")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        assertEquals(5, ids.size());
        return ids;
    }
}
