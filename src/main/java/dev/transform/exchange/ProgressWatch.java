package dev.transform.exchange;

import io.vertx.core.Vertx;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Closes an exchange whose client moves too few bytes: an exchange only ever waits on its client
 * (the stages run synchronously, the spool's disk is not a client), so one that moves fewer than
 * the minimum over a window is held by a client that stopped sending, stopped reading or trickles.
 * A periodic Vert.x timer, so no thread is held.
 */
final class ProgressWatch {

    private final Vertx vertx;
    private final long timer;
    private long movedAtLastCheck;

    /**
     * @param moved bytes the client has moved so far, in and out
     * @param stalled called with the bytes moved in the last window when they are fewer than {@code minBytesPerWindow}
     */
    ProgressWatch(Vertx vertx, long windowMillis, long minBytesPerWindow, LongSupplier moved, LongConsumer stalled) {
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(windowMillis, id -> {
            long now = moved.getAsLong();
            long inWindow = now - movedAtLastCheck;
            movedAtLastCheck = now;
            if (inWindow < minBytesPerWindow) {
                stalled.accept(inWindow);
            }
        });
    }

    void stop() {
        vertx.cancelTimer(timer);
    }
}
