package dev.railyard.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkersTest {

    @Test
    void workersAreNamedAndEndedWhenClosed() throws Exception {
        Future<String> name;
        Workers workers = Workers.open("test-copy", 2);
        try (workers) {
            name = workers.submit(() -> Thread.currentThread().getName());
            assertEquals("railyard-test-copy-1", name.get(5, TimeUnit.SECONDS));
        }
        assertTrue(workers.isTerminated(), "close waits for the threads to end");
        assertThrows(RejectedExecutionException.class, () -> workers.submit(() -> "late"));
    }

    @Test
    void stopInterruptsRunningWorkAndCloseWaitsForIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Workers workers = Workers.open("test-blocked", 1, Duration.ofSeconds(10));
        try (workers) {
            workers.submit(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            });
            assertTrue(started.await(5, TimeUnit.SECONDS));
            workers.stop();
        }
        assertEquals(0, interrupted.getCount(), "the work saw the interrupt");
        assertTrue(workers.isTerminated());
    }

    @Test
    void aCallerInterruptedWhileClosingKeepsItsInterrupt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Workers workers = Workers.open("test-slow", 1, Duration.ofSeconds(30));
        workers.submit(() -> {
            started.countDown();
            release.await();
            return null;
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        Thread.currentThread().interrupt();
        try {
            workers.close();
            assertTrue(Thread.interrupted(), "the interrupt is restored, not swallowed");
        } finally {
            release.countDown();
        }
    }
}
