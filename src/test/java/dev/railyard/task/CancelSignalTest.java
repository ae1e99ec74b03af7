package dev.railyard.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CancelSignalTest {

    @Test
    void anActionRunsOnceWhenCancelledHoweverOftenCancelIsCalled() {
        CancelSignal signal = new CancelSignal();
        AtomicInteger runs = new AtomicInteger();
        signal.onCancel(runs::incrementAndGet);
        assertEquals(0, runs.get(), "nothing runs before the cancel");
        assertTrue(signal.cancel(), "the first cancel sets the flag");
        assertFalse(signal.cancel(), "later cancels change nothing");
        signal.cancel();
        assertEquals(1, runs.get());
        assertTrue(signal.isCancelled());
    }

    @Test
    void anActionRegisteredAfterTheCancelRunsAtOnceOnTheRegisteringThread() {
        CancelSignal signal = new CancelSignal(task -> {
            throw new AssertionError("an already cancelled signal does not hand the action to its executor");
        });
        signal.cancel();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        signal.onCancel(() -> ranOn.set(Thread.currentThread()));
        assertSame(Thread.currentThread(), ranOn.get());
    }

    @Test
    void aClosedRegistrationNeverRuns() {
        CancelSignal signal = new CancelSignal();
        AtomicInteger closedRuns = new AtomicInteger();
        AtomicInteger openRuns = new AtomicInteger();
        JobContext.Registration closed = signal.onCancel(closedRuns::incrementAndGet);
        signal.onCancel(openRuns::incrementAndGet);
        closed.close();
        signal.cancel();
        assertEquals(0, closedRuns.get(), "closed before the cancel");
        assertEquals(1, openRuns.get(), "the other action still runs");
        closed.close(); // closing twice is harmless
    }

    @Test
    void theActionsRunOnTheSignalsExecutorNotTheCancellingThread() throws Exception {
        ExecutorService actions = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-cancel-actions"));
        try {
            CancelSignal signal = new CancelSignal(actions);
            CountDownLatch ran = new CountDownLatch(1);
            AtomicReference<String> thread = new AtomicReference<>();
            signal.onCancel(() -> {
                thread.set(Thread.currentThread().getName());
                ran.countDown();
            });
            signal.cancel();
            assertTrue(ran.await(5, TimeUnit.SECONDS));
            assertEquals("test-cancel-actions", thread.get());
        } finally {
            actions.shutdownNow();
        }
    }

    @Test
    void aFailingActionDoesNotStopTheOthers() {
        CancelSignal signal = new CancelSignal();
        AtomicInteger runs = new AtomicInteger();
        signal.onCancel(() -> {
            throw new IllegalStateException("connection already closed");
        });
        signal.onCancel(runs::incrementAndGet);
        signal.cancel();
        assertEquals(1, runs.get());
    }

    @Test
    void registrationsRacingWithTheCancelEachRunExactlyOnce() throws Exception {
        int threads = 4;
        int perThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 20; round++) {
                CancelSignal signal = new CancelSignal();
                AtomicInteger[] runs = new AtomicInteger[threads * perThread];
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> registering = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t * perThread;
                    registering.add(pool.submit(() -> {
                        go.await();
                        for (int i = first; i < first + perThread; i++) {
                            AtomicInteger count = new AtomicInteger();
                            runs[i] = count;
                            signal.onCancel(count::incrementAndGet);
                        }
                        return null;
                    }));
                }
                go.countDown();
                signal.cancel();
                for (Future<?> f : registering) {
                    f.get(10, TimeUnit.SECONDS);
                }
                for (int i = 0; i < runs.length; i++) {
                    assertEquals(1, runs[i].get(), "action " + i + " of round " + round);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
