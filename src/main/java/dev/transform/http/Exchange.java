package dev.transform.http;

import dev.transform.catalogue.StageCatalogue.Plan;
import dev.transform.engine.ProblemType;
import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import dev.transform.metrics.StageMeters;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import jakarta.ws.rs.core.Response;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Streams one request body through a {@link Plan} into the response, on the request's event loop.
 *
 * <p>Backpressure works as in Vert.x's {@code Pipe}, but pulls: the request stays paused and one
 * chunk is fetched only when the stages ask for input and the response's write queue has room;
 * a full queue waits for its drain. So at most one input chunk and one write queue of output are
 * held, whatever the size of the body.
 *
 * <p>The returned {@link Uni} completes once the response has been ended here. It fails (and the
 * {@link ProblemMapper} answers with problem details) only while no response byte is out; a failure
 * after that aborts the response, so a client cannot mistake a truncated output for a whole one.
 *
 * <p>The response is committed only once {@link #COMMIT_THRESHOLD} bytes of output are held or the
 * transform is complete. Most bad input shows only at the end of the body (a truncated block, a
 * gzip trailer, data after the stream); committing on the first output byte would turn each of
 * those into an aborted connection even for a tiny body, where the contract's 422 is meant.
 *
 * <p>With an output limit (set where the platform buffers the whole response anyway, as AWS Lambda
 * behind API Gateway does), the whole output is held until the transform is complete, up to that
 * limit: passing it is a 413, and every error is a problem response, never an aborted one. The held
 * output is then handed to RESTEasy as the {@link Response} the {@link Uni} completes with, not
 * written here: under quarkus-amazon-lambda-http the response head travels through an in-memory
 * channel that reads the live header map later, after RESTEasy has rewritten the headers of the
 * "empty" result (dropping the Content-Type); a response RESTEasy writes itself carries its own.
 * Streaming, the Uni completes with {@code null} once the response has been ended here.
 *
 * <p>An exchange only ever waits on its client, so one that moves too few bytes over a
 * {@linkplain dev.transform.config.Timeouts timeout window} is a client that stopped sending,
 * stopped reading or trickles: its connection is closed, which frees everything it held.
 */
final class Exchange {

    private static final Logger LOG = Logger.getLogger(Exchange.class);

    /** Output held back (as views) before the status is sent: one segment's worth, so memory stays bounded. */
    static final int COMMIT_THRESHOLD = 64 * 1024;

    /** No output limit: the response streams, committed after {@link #COMMIT_THRESHOLD} bytes. */
    static final long NO_LIMIT = -1;

    private final Exchanges owner;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final StageMeters meters;
    private final Supplier<Plan> planner;
    private final long maxBodyBytes;
    private final long maxOutputBytes;
    private final long commitThreshold;
    private boolean admitted;
    private long progressTimer = -1;
    private long movedAtLastCheck;
    private Plan plan;
    private Stage stage;
    private UniEmitter<? super Response> emitter;
    private Buffer pendingChunk;
    private final List<Buffer> held = new ArrayList<>();
    private long heldBytes;
    private boolean fetching;
    private boolean requestEnded;
    private boolean inputEnded;
    private boolean done;
    private boolean pumping;
    private boolean pumpAgain;
    private long received;
    private long sent;

    private Exchange(Exchanges owner, HttpServerRequest request, StageMeters meters, Supplier<Plan> planner) {
        this.owner = owner;
        this.request = request;
        this.response = request.response();
        this.meters = meters;
        this.planner = planner;
        this.maxBodyBytes = owner.maxBodyBytes;
        this.maxOutputBytes = owner.maxOutputBytes;
        this.commitThreshold = maxOutputBytes == NO_LIMIT ? COMMIT_THRESHOLD : Long.MAX_VALUE;
    }

    /** Runs the plan that {@code planner} makes from the request; a planning failure is answered too. */
    static Uni<Response> run(Exchanges owner, HttpServerRequest request, StageMeters meters, Supplier<Plan> planner) {
        Exchange exchange = new Exchange(owner, request, meters, planner);
        return Uni.createFrom().emitter(emitter -> exchange.start(emitter));
    }

    private void start(UniEmitter<? super Response> emitter) {
        this.emitter = emitter;
        meters.requested();
        // RESTEasy cancels the Uni when the connection closes: the client went away mid-exchange.
        emitter.onTermination(this::onTermination);
        if (!owner.admit()) {
            refuse(TransformException.unavailable(owner.refusal()));
            return;
        }
        admitted = true;
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && parseLength(declared) > maxBodyBytes) {
            refuse(bodyTooLarge());
            return;
        }
        try {
            plan = planner.get();
        } catch (TransformException e) {
            fail(e);
            return;
        }
        stage = plan.stage();
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            // Only now that the request is admitted and its parameters are good is the body worth
            // sending; curl, for one, otherwise waits a second before it sends a large upload.
            response.writeContinue();
        }
        request.handler(this::onChunk);
        request.endHandler(v -> onRequestEnd());
        request.exceptionHandler(this::onRequestError);
        progressTimer = owner.vertx.setPeriodic(owner.idleMillis, id -> checkProgress());
        // Not pumped here: a plan done before it needs input (slice length=0) would end the response
        // while RESTEasy is still subscribing, and a Uni completed that early makes RESTEasy write a
        // response of its own on top of ours ("Response has already been written"). From the next
        // turn of the event loop it is an ordinary asynchronous completion.
        Context context = Vertx.currentContext();
        if (context != null) {
            context.runOnContext(v -> pump());
        } else {
            pump();
        }
    }

    /** Answers without reading any of the body, and closes, as Quarkus's own limit does. */
    private void refuse(TransformException error) {
        response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        requestEnded = true;
        fail(error);
    }

    private void onChunk(Buffer chunk) {
        fetching = false;
        received += chunk.length();
        meters.received(chunk.length());
        if (received > maxBodyBytes) {
            fail(bodyTooLarge());
            return;
        }
        pendingChunk = chunk;
        pump();
    }

    private void onRequestEnd() {
        requestEnded = true;
        pump();
    }

    private void onRequestError(Throwable error) {
        if (response.closed()) {
            clientGone();
        } else {
            fail(TransformException.badRequest("the upload failed after " + received + " bytes: " + error.getMessage()));
        }
    }

    /** Mutiny's termination: after our own completion or failure nothing is left to do; otherwise RESTEasy cancelled. */
    private void onTermination() {
        if (!done) {
            clientGone();
        }
    }

    private void clientGone() {
        if (done) {
            return;
        }
        LOG.debugf("%s %s: the client went away after %d bytes in, %d out", request.method(), request.path(), received, sent);
        meters.failed(StageMeters.CLIENT_GONE, response.headWritten());
        finish();
    }

    /** Runs every idle window: closes the exchange if its client moved too few bytes in it. */
    private void checkProgress() {
        long moved = received + sent + heldBytes;
        long inWindow = moved - movedAtLastCheck;
        movedAtLastCheck = moved;
        if (done || inWindow >= owner.minBytesPerWindow) {
            return;
        }
        LOG.warnf("%s %s closed: its client moved %d bytes in the last %d ms, fewer than %d (%d in, %d out in all)",
                request.method(), request.path(), inWindow, owner.idleMillis, owner.minBytesPerWindow, received, sent);
        meters.failed(StageMeters.STALLED, response.headWritten());
        finish();
        abort();
    }

    /**
     * Cuts the response off: the client sees a body without its end. HTTP/2 resets just this stream.
     * HTTP/1.1 closes the connection itself: Vert.x's {@code reset()} there marks the response closed
     * first, so the connection's close no longer reaches the response's close handler, and Quarkus,
     * which counts requests in flight through that handler, would wait out its whole shutdown grace
     * period for this one.
     */
    private void abort() {
        if (request.version() == HttpVersion.HTTP_2) {
            response.reset();
        } else {
            request.connection().close();
        }
    }

    /** Moves bytes until the stages want input that has not come yet or the response is full. */
    private void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        pumping = true;
        try {
            do {
                pumpAgain = false;
                step();
            } while (pumpAgain && !done);
        } catch (TransformException e) {
            fail(plan.reportsSteps() ? e : e.withoutStep());
        } catch (RuntimeException e) {
            LOG.errorf("%s %s failed: %s", request.method(), request.path(), e.toString());
            fail(e);
        } finally {
            pumping = false;
        }
    }

    private void step() {
        while (!done) {
            if (response.writeQueueFull()) {
                response.drainHandler(v -> pump());
                return;
            }
            Buffer out = stage.poll();
            if (out != null) {
                write(out);
            } else if (stage.isFinished()) {
                complete();
            } else if (pendingChunk != null) {
                Buffer chunk = pendingChunk;
                pendingChunk = null;
                stage.accept(chunk);
            } else if (requestEnded && !inputEnded) {
                inputEnded = true;
                stage.endOfInput();
            } else {
                if (!fetching && !requestEnded) {
                    fetching = true;
                    request.fetch(1);
                }
                return;
            }
        }
    }

    private void write(Buffer out) {
        if (maxOutputBytes != NO_LIMIT && sent + heldBytes + out.length() > maxOutputBytes) {
            throw TransformException.limitExceeded("the output is larger than the maximum of " + maxOutputBytes + " bytes");
        }
        Buffer next = out;
        if (!response.headWritten()) {
            held.add(out);
            heldBytes += out.length();
            if (heldBytes < commitThreshold) {
                return;
            }
            response.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, plan.outputType());
            next = takeHeld();
        }
        sent += next.length();
        meters.sent(next.length());
        response.write(next);
    }

    /** The held output as one buffer: a composite of views, not a copy. */
    private Buffer takeHeld() {
        Buffer joined = held.size() == 1 ? held.get(0)
                : Buffer.buffer(Unpooled.wrappedBuffer(held.stream().map(Buffer::getByteBuf).toArray(ByteBuf[]::new)));
        held.clear();
        heldBytes = 0;
        return joined;
    }

    private void complete() {
        if (maxOutputBytes != NO_LIMIT) {
            Buffer whole = takeHeld();
            sent += whole.length();
            meters.sent(whole.length());
            finish();
            emitter.complete(Response.ok(whole).header("Content-Type", plan.outputType()).build());
            return;
        }
        if (!response.headWritten()) {
            response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, plan.outputType());
            Buffer whole = takeHeld();
            sent += whole.length();
            meters.sent(whole.length());
            response.end(whole);
        } else {
            response.end();
        }
        finish();
        emitter.complete(null);
    }

    private void fail(RuntimeException error) {
        if (done) {
            return;
        }
        meters.failed(error instanceof TransformException known ? known.type().slug() : ProblemType.INTERNAL.slug(),
                response.headWritten());
        if (response.headWritten()) {
            LOG.warnf("%s %s aborted after %d bytes out: %s", request.method(), request.path(), sent, error.getMessage());
            finish();
            abort();
        } else {
            held.clear();
            finish();
            emitter.fail(error);
        }
    }

    /**
     * Ends the exchange once: frees the stages and, if the upload is still coming, reads and drops
     * the rest (up to the body limit) so the client can finish sending and read its answer.
     *
     * <p>Past the body limit the connection is closed, but only once the answer has been ended:
     * when the limit itself is the failure, received is already over it here, and closing on the
     * next chunk would close before the 413 is written, leaving the client with no answer at all.
     */
    private void finish() {
        if (done) {
            return;
        }
        done = true;
        if (admitted) {
            owner.leave();
        }
        if (progressTimer != -1) {
            owner.vertx.cancelTimer(progressTimer);
        }
        if (stage != null) {
            stage.release();
        }
        if (!requestEnded && !response.closed()) {
            request.handler(chunk -> {
                received += chunk.length();
                if (received > maxBodyBytes && response.ended()) {
                    request.connection().close();
                }
            });
            request.resume();
        }
    }

    private TransformException bodyTooLarge() {
        return TransformException.limitExceeded("the request body is larger than the maximum of " + maxBodyBytes + " bytes");
    }

    private static long parseLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
