package dev.railyard.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SslMode;
import dev.railyard.support.EmbeddedPostgres;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthChecksTest {

    @Test
    void aStoppedServerIsSeenWithoutARoundTripAndChecksBackOff() throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.startNew(EmbeddedPostgres.DEFAULT_MAJOR);
        ConnectionProfile profile = TestProfiles.postgres(server.port(), "postgres", "postgres", SslMode.DISABLE);
        try (HealthChecks checks = new HealthChecks(new MapSecrets(), Duration.ofSeconds(3), Clock.systemUTC())) {
            ServerHealth up = checks.check(profile);
            assertTrue(up.answers(), up.toString());
            assertNotNull(up.roundTrip());
            assertNull(up.downSince());
            assertEquals(HealthChecks.INTERVAL, checks.nextCheckIn(profile.name()));
            assertEquals(Optional.empty(), checks.listen(profile), "nothing changed, nothing sent");

            server.close();
            java.util.concurrent.atomic.AtomicReference<Optional<ServerHealth>> last =
                    new java.util.concurrent.atomic.AtomicReference<>(Optional.empty());
            try {
                org.testfx.util.WaitForAsyncUtils.waitFor(5, java.util.concurrent.TimeUnit.SECONDS, () -> {
                    last.set(checks.listen(profile));
                    return last.get().isPresent();
                });
            } catch (java.util.concurrent.TimeoutException e) {
                // The assertion below says what was expected.
            }
            Optional<ServerHealth> heard = last.get();
            assertTrue(heard.isPresent(), "the shutdown notice is noticed without a round trip");
            ServerHealth down = heard.get();
            assertEquals(ServerHealth.State.DOWN, down.state());
            assertEquals(up.lastGood(), down.lastGood(), "the last good answer is kept");
            assertNotNull(down.downSince());

            ServerHealth again = checks.check(profile);
            assertEquals(ServerHealth.State.DOWN, again.state());
            assertEquals(ConnectionProblem.Kind.REFUSED, again.problem().kind());
            assertEquals(down.downSince(), again.downSince(), "down since the first failure");
            assertEquals(Duration.ofSeconds(20), checks.nextCheckIn(profile.name()), "backing off");
            checks.check(profile);
            checks.check(profile);
            checks.check(profile);
            assertEquals(HealthChecks.MAX_BACKOFF, checks.nextCheckIn(profile.name()));
        } finally {
            try {
                server.close();
            } catch (RuntimeException alreadyStopped) {
                // closed in the test
            }
        }
    }
}
