package dev.railyard.backup.postgres;

import dev.railyard.db.SqlResources;
import dev.railyard.task.JobContext;
import dev.railyard.task.Sizes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * Large objects (pg_largeobject), which pg_dump includes in a whole-database backup: ORMs
 * such as Hibernate keep {@code @Lob} columns there, as oids that point at them. Each is
 * written as {@code lo_create} with its own oid (so the columns still point at it), its bytes
 * in {@code lo_put} chunks (inside DO blocks, which a restore can batch: they return no rows),
 * its comment and, as an option, its owner. Read inside the backup's
 * snapshot, a chunk at a time: memory stays bounded whatever the object's size.
 */
final class LargeObjects {

    /** Bytes per lo_get / lo_put: a 512 KB hex literal in the script. */
    static final int CHUNK = 256 * 1024;

    /** How many objects and bytes were written. */
    record Written(long objects, long bytes) { }

    private LargeObjects() {
    }

    static Written write(Connection connection, OutputStream out, PgNames names, boolean owners, JobContext context)
            throws SQLException, IOException {
        long objects = 0;
        long bytes = 0;
        HexFormat hex = HexFormat.of();
        try (Statement list = connection.createStatement();
             PreparedStatement more = connection.prepareStatement(SqlResources.MARK + "SELECT pg_catalog.lo_get(?::oid, ?, ?)")) {
            // A cursor (the backup runs in a transaction): objects arrive a few at a time.
            list.setFetchSize(16);
            try (ResultSet rs = list.executeQuery(SqlResources.MARK + "SELECT m.oid, pg_catalog.lo_get(m.oid, 0, " + CHUNK
                    + "), pg_catalog.pg_get_userbyid(m.lomowner), pg_catalog.obj_description(m.oid, 'pg_largeobject') "
                    + "FROM pg_catalog.pg_largeobject_metadata m ORDER BY m.oid")) {
                while (rs.next()) {
                    context.checkCancelled();
                    if (objects == 0) {
                        BuiltinPgDump.line(out, "--");
                        BuiltinPgDump.line(out, "-- Large objects");
                        BuiltinPgDump.line(out, "--");
                        BuiltinPgDump.line(out, "");
                    }
                    long oid = rs.getLong(1);
                    byte[] chunk = rs.getBytes(2);
                    long offset = 0;
                    // DO blocks return no rows, so a restore sends many of them in one round trip.
                    out.write(("DO $$BEGIN PERFORM pg_catalog.lo_create('" + oid + "');").getBytes(StandardCharsets.US_ASCII));
                    if (chunk == null || chunk.length == 0) {
                        BuiltinPgDump.line(out, " END$$;");
                    }
                    while (chunk != null && chunk.length > 0) {
                        if (offset > 0) {
                            out.write("DO $$BEGIN".getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write((" PERFORM pg_catalog.lo_put('" + oid + "', " + offset + ", '\\x").getBytes(StandardCharsets.US_ASCII));
                        out.write(hex.formatHex(chunk).getBytes(StandardCharsets.US_ASCII));
                        BuiltinPgDump.line(out, "'); END$$;");
                        offset += chunk.length;
                        bytes += chunk.length;
                        if (chunk.length < CHUNK) {
                            break;
                        }
                        more.setLong(1, oid);
                        more.setLong(2, offset);
                        more.setInt(3, CHUNK);
                        try (ResultSet next = more.executeQuery()) {
                            next.next();
                            chunk = next.getBytes(1);
                        }
                    }
                    String owner = rs.getString(3);
                    if (owners && owner != null) {
                        BuiltinPgDump.line(out, "ALTER LARGE OBJECT " + oid + " OWNER TO " + names.quote(owner) + ";");
                    }
                    String comment = rs.getString(4);
                    if (comment != null) {
                        BuiltinPgDump.line(out, "COMMENT ON LARGE OBJECT " + oid + " IS " + PgNames.literal(comment) + ";");
                    }
                    objects++;
                }
            }
        }
        if (objects > 0) {
            BuiltinPgDump.line(out, "");
            context.log("Copied " + objects + " large objects, " + Sizes.human(bytes));
        }
        return new Written(objects, bytes);
    }
}
