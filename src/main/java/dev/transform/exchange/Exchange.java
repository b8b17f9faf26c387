package dev.transform.exchange;

import dev.transform.catalogue.StageCatalogue.Plan;
import dev.transform.engine.ProblemType;
import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import dev.transform.integrity.ContentDigestCheck;
import dev.transform.integrity.WantedDigests;
import dev.transform.metrics.StageMeters;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One request streamed through a {@link Plan} into its response, on the request's event loop:
 * request → {@link RequestInput} (straight through, or through the {@link Spool}) → the plan's
 * {@link Stage} → {@link ResponseOutput} → response. This class holds the lifecycle: admission,
 * the pump that moves bytes between the two sides, and the one way every ending goes.
 *
 * <p>The pump pulls: the stage is given input only when it asks, and polled for output only while
 * the response takes more; a full response waits for its drain, and meanwhile the input keeps
 * reading into the spool. So memory holds at most the spool's memory part, one write queue and the
 * stage's own bounded state, whatever the size of the body.
 *
 * <p>The returned {@link Uni} completes once the response has been ended here (or with the held
 * {@link Response}, see {@link ResponseOutput}). It fails (and the {@code ProblemMapper} answers
 * with problem details) only while no response byte is out; a failure after that aborts the
 * response, so a client cannot mistake a truncated output for a whole one.
 */
final class Exchange implements RequestInput.Listener {

    private static final Logger LOG = Logger.getLogger(Exchange.class);

    private final Exchanges owner;
    private final HttpServerRequest request;
    private final StageMeters meters;
    private final Supplier<Plan> planner;
    private final ResponseOutput output;
    private final RequestInput input;
    private boolean admitted;
    private ProgressWatch watch;
    private Plan plan;
    private Stage stage;
    private ContentDigestCheck contentDigest = ContentDigestCheck.NONE;
    private UniEmitter<? super Response> emitter;
    private boolean inputEnded;
    private boolean done;
    private boolean pumping;
    private boolean pumpAgain;

    private Exchange(Exchanges owner, HttpServerRequest request, StageMeters meters, Supplier<Plan> planner) {
        this.owner = owner;
        this.request = request;
        this.meters = meters;
        this.planner = planner;
        this.output = new ResponseOutput(request, meters, owner.maxOutputBytes);
        this.input = new RequestInput(owner.vertx, request, meters, owner.maxBodyBytes, owner.spoolBudget, output, this);
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
        emitter.onTermination(() -> {
            if (!done) {
                gone();
            }
        });
        if (!owner.admit()) {
            refuse(TransformException.unavailable(owner.refusal()));
            return;
        }
        admitted = true;
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && parseLength(declared) > owner.maxBodyBytes) {
            refuse(input.bodyTooLarge());
            return;
        }
        try {
            contentDigest = ContentDigestCheck.of(request.headers().getAll(ContentDigestCheck.FIELD));
            output.digest(WantedDigests.of(request.headers()::getAll));
            plan = planner.get();
        } catch (TransformException e) {
            fail(e);
            return;
        }
        stage = plan.stage();
        Context context = Vertx.currentContext();
        // A stage working on other threads (parallel deflate) wakes the pump when it can move again;
        // the pump runs on the exchange's event loop, as for every other event.
        Context wakeUpContext = context != null ? context : owner.vertx.getOrCreateContext();
        stage.wakeUpWith(() -> wakeUpContext.runOnContext(v -> pump()));
        output.contentType(plan.outputType());
        output.headersFrom(stage);
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            // Only now that the request is admitted and its parameters are good is the body worth
            // sending; curl, for one, otherwise waits a second before it sends a large upload.
            request.response().writeContinue();
        }
        input.start();
        watch = new ProgressWatch(owner.vertx, owner.idleMillis, owner.minBytesPerWindow,
                () -> input.received() + output.produced(), this::stalled);
        // Not pumped here: a plan done before it needs input (slice length=0) would end the response
        // while RESTEasy is still subscribing, and a Uni completed that early makes RESTEasy write a
        // response of its own on top of ours ("Response has already been written"). From the next
        // turn of the event loop it is an ordinary asynchronous completion.
        if (context != null) {
            context.runOnContext(v -> pump());
        } else {
            pump();
        }
    }

    @Override
    public void readable() {
        pump();
    }

    @Override
    public void failed(RuntimeException error) {
        fail(error);
    }

    @Override
    public void gone() {
        if (done) {
            return;
        }
        LOG.debugf("%s %s: the client went away after %d bytes in, %d out", request.method(), request.path(),
                input.received(), output.sent());
        meters.failed(StageMeters.CLIENT_GONE, output.committed());
        finish(false);
    }

    /** Answers without reading any of the body, and closes, as Quarkus's own limit does. */
    private void refuse(TransformException error) {
        request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        input.close(false);
        fail(error);
    }

    private void stalled(long movedInWindow) {
        if (done) {
            return;
        }
        LOG.warnf("%s %s closed: its client moved %d bytes in the last %d ms, fewer than %d (%d in, %d out in all)",
                request.method(), request.path(), movedInWindow, owner.idleMillis, owner.minBytesPerWindow,
                input.received(), output.sent());
        meters.failed(StageMeters.STALLED, output.committed());
        finish(false);
        output.abort();
    }

    /**
     * Moves bytes until the stage wants input that has not come yet or the response is full.
     *
     * <p>Every chunk of the upload passes the {@link ContentDigestCheck} before the stage, so the
     * digest covers the bytes as sent, ahead of the request's content decoders (which are the
     * plan's first stages). A stage that is finished before the upload is (a slice with a length)
     * does not end the exchange while there is a digest to check: the rest of the upload is read
     * for the check alone, chunk by chunk and dropped, and the response ends only once it matched.
     */
    private void pump() {
        if (done) {
            return;
        }
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
        } catch (RuntimeException | Error e) {
            // A bug or an exhausted JVM: still end the exchange (a problem, or an aborted response),
            // rather than leave its client waiting on a stream nothing will move again.
            LOG.errorf("%s %s failed: %s", request.method(), request.path(), e.toString());
            fail(e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e));
        } finally {
            pumping = false;
        }
    }

    private void step() {
        while (!done) {
            if (output.full(this::pump)) {
                // The reader's silence is counted from now: the spool, full in memory, may have to open
                // its disk later, and nothing else would ask it when no chunk arrives and none is read.
                input.responseBlocked();
                return;
            }
            Buffer out = stage.poll();
            if (out != null) {
                output.write(out);
            } else if (stage.isFinished() && (inputEnded || !contentDigest.checking())) {
                complete();
            } else if (!stage.wantsInput()) {
                return; // its wake-up pumps again
            } else {
                Buffer chunk = input.next();
                if (chunk != null) {
                    contentDigest.update(chunk);
                    if (!stage.isFinished()) {
                        stage.accept(chunk);
                    }
                } else if (input.exhausted() && !inputEnded) {
                    inputEnded = true;
                    contentDigest.verify();
                    if (!stage.isFinished()) {
                        stage.endOfInput();
                    }
                } else {
                    return;
                }
            }
        }
    }

    private void complete() {
        // Ended before the end is sent: a client that has its whole answer and at once starts
        // another stream finds this one's slot and worker threads given back, and no gauge counting it.
        finish(true);
        emitter.complete(output.complete());
    }

    private void fail(RuntimeException error) {
        if (done) {
            return;
        }
        meters.failed(error instanceof TransformException known ? known.type().slug() : ProblemType.INTERNAL.slug(),
                output.committed());
        if (output.committed()) {
            LOG.warnf("%s %s aborted after %d bytes out: %s", request.method(), request.path(), output.sent(), error.getMessage());
            finish(false);
            output.abort();
        } else {
            output.discard();
            finish(true);
            emitter.fail(error);
        }
    }

    /**
     * Ends the exchange once: gives back its stream slot, frees the stages and the spool and, with
     * {@code drainRest} (an answer is coming), if the upload is still coming, reads and drops the
     * rest (up to the body limit) so the client can finish sending and read its answer.
     *
     * <p>Past the body limit the connection is closed, but only once the answer has been ended:
     * when the limit itself is the failure, received is already over it here, and closing on the
     * next chunk would close before the 413 is written, leaving the client with no answer at all.
     */
    private void finish(boolean drainRest) {
        if (done) {
            return;
        }
        done = true;
        try {
            if (watch != null) {
                watch.stop();
            }
            if (stage != null) {
                stage.release();
            }
            input.close(drainRest);
        } finally {
            // Last, so that no stream counts as ended while it still holds a zlib stream or a spool
            // file; and whatever the frees above threw, the slot is given back.
            if (admitted) {
                owner.leave();
            }
        }
    }

    private static long parseLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
