package dev.transform.exchange;

import dev.transform.engine.TransformException;
import dev.transform.metrics.StageMeters;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The request side of an exchange: reads the upload and hands it to the stages in order, straight
 * through while they want it, through the {@link Spool} while the response holds them back.
 *
 * <p>Demand works as in Vert.x's {@code Pipe}, one chunk at a time ({@code fetch(1)}): a chunk is
 * fetched when the stages are waiting for one, or when the spool has room for it. So a client that
 * reads while it sends is paced by its own reading (the spool's memory part absorbs a hiccup), and
 * one that sends everything first keeps sending into the spool, gets its whole answer once it reads,
 * and is paced only when a spool cap is reached.
 */
final class RequestInput {

    /** How much of an upload past the body limit is still read and dropped before the connection is closed. */
    private static final long DRAIN_PAST_LIMIT = 1 << 20;

    /** What the exchange hears from its input. */
    interface Listener {
        /** A chunk or the end of the upload is ready for {@link #next()}. */
        void readable();

        /** The upload cannot go on (too large, broken, the spool unreadable): the exchange fails. */
        void failed(RuntimeException error);

        /** The connection went away during the upload. */
        void gone();
    }

    private final Vertx vertx;
    private final HttpServerRequest request;
    private final StageMeters meters;
    private final long maxBodyBytes;
    private final Listener listener;
    private final Spool spool;
    private Buffer direct;
    private boolean wanted;
    private boolean fetching;
    private boolean ended;
    private boolean closed;
    private long spillTimer = -1;
    private long received;

    RequestInput(Vertx vertx, HttpServerRequest request, StageMeters meters, long maxBodyBytes, SpoolBudget budget,
            ResponseOutput output, Listener listener) {
        this.vertx = vertx;
        this.request = request;
        this.meters = meters;
        this.maxBodyBytes = maxBodyBytes;
        this.listener = listener;
        this.spool = new Spool(vertx, budget, output::silentNanos, new Spool.Listener() {
            @Override
            public void readable() {
                listener.readable();
            }

            @Override
            public void roomMade() {
                demand();
            }

            @Override
            public void readFailed(Throwable error) {
                listener.failed(new IllegalStateException("the spooled upload could not be read back: " + error, error));
            }
        }, request.method() + " " + request.path());
    }

    /** Starts reading; nothing is fetched before the stages or the spool want it. */
    void start() {
        request.handler(this::onChunk);
        request.endHandler(v -> {
            ended = true;
            listener.readable();
        });
        request.exceptionHandler(this::onError);
    }

    long received() {
        return received;
    }

    boolean ended() {
        return ended;
    }

    /** True once the whole upload has been handed out. */
    boolean exhausted() {
        return ended && direct == null && spool.isEmpty();
    }

    /** The next chunk of the upload, or null when none is ready ({@link Listener#readable()} follows). */
    Buffer next() {
        Buffer next = direct;
        direct = null;
        if (next == null && !spool.isEmpty()) {
            next = spool.poll();
        }
        wanted = next == null && spool.isEmpty();
        demand();
        return next;
    }

    /**
     * The response is held back: where the spool's memory part is full it opens the disk after the
     * reader's silence ({@code transform.spool.spill-after}), so the demand is looked at again. Without
     * this, an upload that filled the memory part while the response could still be written (a stage
     * busy on other threads, taking no input) would wait for a chunk or a read that never come.
     */
    void responseBlocked() {
        demand();
    }

    /**
     * Once the exchange is over: frees the spool and, with {@code drainRest}, reads and drops the
     * rest of the upload so the client can finish sending and read its answer; past the body limit
     * the connection is closed once the answer has been ended.
     */
    void close(boolean drainRest) {
        if (closed) {
            return;
        }
        closed = true;
        spool.release();
        direct = null;
        if (spillTimer != -1) {
            vertx.cancelTimer(spillTimer);
        }
        if (drainRest && !ended && !request.response().closed()) {
            request.handler(chunk -> {
                received += chunk.length();
                // A little past the limit is still read, so a client that sent a body just over it
                // (and does not read until it has sent it all) gets its 413 instead of a broken pipe.
                if (received > maxBodyBytes + DRAIN_PAST_LIMIT && request.response().ended()) {
                    request.connection().close();
                }
            });
            request.resume();
        }
    }

    TransformException bodyTooLarge() {
        return TransformException.limitExceeded("the request body is larger than the maximum of " + maxBodyBytes + " bytes");
    }

    private void onChunk(Buffer chunk) {
        fetching = false;
        if (closed) {
            return;
        }
        received += chunk.length();
        meters.received(chunk.length());
        if (received > maxBodyBytes) {
            listener.failed(bodyTooLarge());
            return;
        }
        if (wanted && spool.isEmpty()) {
            direct = chunk;
            wanted = false;
            listener.readable();
        } else {
            spool.offer(chunk);
        }
        demand();
    }

    private void onError(Throwable error) {
        if (request.response().closed()) {
            listener.gone();
        } else {
            listener.failed(TransformException.badRequest("the upload failed after " + received + " bytes: " + error.getMessage()));
        }
    }

    /** Fetches one more chunk if the stages wait for it or the spool has room; else maybe retries when the disk opens. */
    private void demand() {
        if (closed || ended || fetching) {
            return;
        }
        if ((wanted && direct == null) || spool.canTake()) {
            fetching = true;
            request.fetch(1);
            return;
        }
        long wait = spool.nanosUntilSpill();
        if (wait >= 0 && spillTimer == -1) {
            spillTimer = vertx.setTimer(Math.max(1, wait / 1_000_000 + 1), id -> {
                spillTimer = -1;
                demand();
            });
        }
    }
}
