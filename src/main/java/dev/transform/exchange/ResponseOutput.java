package dev.transform.exchange;

import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import dev.transform.integrity.ResponseDigest;
import dev.transform.metrics.StageMeters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * The response side of an exchange: holds output back until the status is worth committing, then
 * streams it, and says when the client has stopped taking it.
 *
 * <p>Streaming, the status is committed once {@link #COMMIT_THRESHOLD} bytes of output are held or
 * the transform is complete. Most bad input shows only at the end of the body (a truncated block, a
 * gzip trailer, data after the stream); committing on the first output byte would turn each of
 * those into an aborted connection even for a tiny body, where the contract's 422 is meant.
 *
 * <p>With an output limit (set where the platform buffers the whole response anyway, as AWS Lambda
 * behind API Gateway does), the whole output is held until the transform is complete, up to that
 * limit: passing it is a 413, and every error is a problem response, never an aborted one. The held
 * output is then handed to RESTEasy as a {@link Response}, not written here: under
 * quarkus-amazon-lambda-http the response head travels through an in-memory channel that reads the
 * live header map later, after RESTEasy has rewritten the headers of the "empty" result (dropping
 * the Content-Type); a response RESTEasy writes itself carries its own.
 */
final class ResponseOutput {

    /** Output held back (as views) before the status is sent: one segment's worth, so memory stays bounded. */
    static final int COMMIT_THRESHOLD = 64 * 1024;

    /** No output limit: the response streams, committed after {@link #COMMIT_THRESHOLD} bytes. */
    static final long NO_LIMIT = -1;

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final StageMeters meters;
    private final long maxOutputBytes;
    private final long commitThreshold;
    private final List<Buffer> held = new ArrayList<>();
    private String contentType;
    private Stage stage;
    private ResponseDigest digest = ResponseDigest.NONE;
    private long heldBytes;
    private long sent;
    private long blockedSince = -1;

    ResponseOutput(HttpServerRequest request, StageMeters meters, long maxOutputBytes) {
        this.request = request;
        this.response = request.response();
        this.meters = meters;
        this.maxOutputBytes = maxOutputBytes;
        this.commitThreshold = maxOutputBytes == NO_LIMIT ? COMMIT_THRESHOLD : Long.MAX_VALUE;
    }

    /** The media type of the output, known once the plan is. */
    void contentType(String type) {
        this.contentType = type;
    }

    /** The stage whose header fields ({@link Stage#responseHeaders}) go with the status. */
    void headersFrom(Stage stage) {
        this.stage = stage;
    }

    /** Commits the status and the header fields: the media type and what the stages add. */
    private void head(boolean chunked) {
        response.setStatusCode(200);
        if (chunked) {
            response.setChunked(true);
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        if (stage != null) {
            stage.responseHeaders(response::putHeader);
        }
        if (chunked && digest.wanted()) {
            response.putHeader("Trailer", String.join(", ", digest.fieldNames()));
        }
    }

    /**
     * The digest of the output the request asked for (RFC 9530 {@code Want-Repr-Digest}): sent as
     * header fields when the whole output is held until complete, else as trailer fields, declared
     * in a {@code Trailer} header when the status is committed.
     */
    void digest(ResponseDigest digest) {
        this.digest = digest;
    }

    boolean committed() {
        return response.headWritten();
    }

    boolean clientGone() {
        return response.closed();
    }

    /** Bytes sent plus bytes held: what the client has been given or will be. */
    long produced() {
        return sent + heldBytes;
    }

    long sent() {
        return sent;
    }

    /**
     * True when the client is not taking output as fast as it comes: {@code resume} runs once it
     * has taken enough. Until then {@link #silentNanos()} counts how long it has been so.
     */
    boolean full(Runnable resume) {
        if (!response.writeQueueFull()) {
            return false;
        }
        if (blockedSince < 0) {
            blockedSince = System.nanoTime();
            response.drainHandler(v -> {
                blockedSince = -1;
                resume.run();
            });
        }
        return true;
    }

    /** How long the response has been blocked with its client reading nothing; -1 when it is not blocked. */
    long silentNanos() {
        return blockedSince < 0 ? -1 : System.nanoTime() - blockedSince;
    }

    void write(Buffer out) {
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
            head(true);
            next = takeHeld();
        }
        send(next);
        response.write(next);
    }

    /**
     * Ends a complete response. Returns the {@link Response} RESTEasy is to write when the output
     * was held for a platform that buffers it (see the class comment), else null: ended here.
     */
    Response complete() {
        if (maxOutputBytes != NO_LIMIT) {
            Buffer whole = takeHeld();
            send(whole);
            Response.ResponseBuilder answer = Response.ok(whole).header("Content-Type", contentType);
            if (stage != null) {
                stage.responseHeaders(answer::header);
            }
            digest.fields().forEach(answer::header);
            return answer.build();
        }
        if (!response.headWritten()) {
            head(false);
            Buffer whole = takeHeld();
            send(whole);
            digest.fields().forEach(response::putHeader);
            response.end(whole);
        } else {
            digest.fields().forEach(response::putTrailer);
            response.end();
        }
        return null;
    }

    /** Drops what was held for an answer that will not come (a problem response replaces it). */
    void discard() {
        held.clear();
        heldBytes = 0;
    }

    /**
     * Cuts the response off: the client sees a body without its end. HTTP/2 resets just this stream.
     * HTTP/1.1 closes the connection's channel at once, from Vert.x's own handler down, as Vert.x's
     * idle timeout does. Not through Vert.x's {@code close()} (nor the channel's, which that handler
     * turns into the same): it first flushes what is queued, which never completes while the client
     * reads nothing (a stalled client), so the connection would stay open and the upload keep coming. Nor through
     * {@code reset()}: that marks the response closed first, so the connection's close no longer
     * reaches the response's close handler, and Quarkus, which counts requests in flight through
     * that handler, would wait out its whole shutdown grace period for this one.
     */
    void abort() {
        if (request.version() == HttpVersion.HTTP_2) {
            response.reset();
        } else if (request.connection() instanceof ConnectionBase connection) {
            connection.channelHandlerContext().close();
        } else {
            request.connection().close();
        }
    }

    private void send(Buffer out) {
        digest.update(out);
        sent += out.length();
        meters.sent(out.length());
    }

    /** The held output as one buffer: a composite of views, not a copy. */
    private Buffer takeHeld() {
        Buffer joined = held.size() == 1 ? held.get(0)
                : Buffer.buffer(Unpooled.wrappedBuffer(held.stream().map(Buffer::getByteBuf).toArray(ByteBuf[]::new)));
        held.clear();
        heldBytes = 0;
        return joined;
    }
}
