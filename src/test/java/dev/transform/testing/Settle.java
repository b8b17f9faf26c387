package dev.transform.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting for what the service finishes after a client has its answer: an exchange's release on its event
 * loop, a spool file's close on the worker pool, a count coming back. Polls until a condition holds or a time
 * has passed, and leaves it to the caller's assertion to say what is wrong.
 */
public final class Settle {

    /** What the HTTP tests give an exchange to end and free what it held (1 s was once too short in CI). */
    public static final Duration EXCHANGE = Duration.ofSeconds(10);

    private static final long POLL_MILLIS = 20;

    private Settle() {
    }

    /** Returns once {@code condition} holds, or when {@code limit} has passed; whether it holds. */
    public static boolean until(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
