package dev.railyard.inspect;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/** Waits for a condition the server reaches on its own (a session starts waiting on a lock). */
final class Poll {

    private Poll() {
    }

    static <T> T until(Duration timeout, String what, Callable<T> probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.call();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                fail("Timed out after " + timeout + " waiting for " + what);
            }
            // Slower than 0.1 s: InnoDB refreshes its INNODB_TRX snapshot only after 0.1 s without a read.
            LockSupport.parkNanos(Duration.ofMillis(150).toNanos());
        }
    }
}
