package dev.transform.http;

import dev.transform.engine.ProblemType;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.WeakHashMap;
import org.jboss.logging.Logger;

/**
 * Guards the request target and HTTP/1.x message framing (RFC 9112 §6), the first things any request meets.
 *
 * <p>Netty's decoder answers what it cannot parse itself (invalid or repeated Content-Length, bad
 * header fields, bad chunks: a bare 400, and the connection is closed). What it lets through is
 * decided here:
 * <ul>
 * <li>A request target that is not a URI ({@link RequestTarget}) is a 400 problem: HTTP/1.x closes
 * after it as for the refusals below, HTTP/2 ends that stream alone.
 * <li>A {@code Transfer-Encoding} other than exactly {@code chunked} (another coding, or chunked
 * not last, or twice) leaves the body's length unknown: 400 and close.
 * <li>A request framed by {@code chunked} is answered and then its connection is closed. Netty
 * frames such a request by Transfer-Encoding alone and drops any Content-Length it came with, before
 * any handler can see it; a proxy in front that framed it by that Content-Length would take what
 * follows the last chunk for the rest of the body, while a kept-alive connection would run it as a
 * request of its own (request smuggling). Closing after every chunked request is the one sure way
 * (RFC 9112 §6.3 requires the close for Content-Length plus Transfer-Encoding, and §6.1 for HTTP/1.0
 * with Transfer-Encoding); the close waits for the end of the upload, so a client still sending
 * reads its whole answer. Clients open a new connection for the next request.
 * <li>A response that says {@code Connection: close} closes the connection, which Vert.x does not
 * do itself once it has taken the request for keep-alive: refusals that never read the body (the
 * 413 for a declared length over the limit, the 503 of a full instance, the 401) rely on it.
 * </ul>
 * A request that arrives on a connection being closed (pipelined behind one of these) is dropped
 * unanswered: it may be the smuggled one.
 */
@Singleton
public class Framing {

    private static final Logger LOG = Logger.getLogger(Framing.class);

    /** Runs before every other filter (the API key check is at 1000), so nothing acts on a request first. */
    static final int PRIORITY = 10_000;

    /** How much of a refused upload is read and dropped before its connection is closed anyway. */
    static final long LINGER_BYTES = 1 << 20;

    /** How long a refused upload may take to finish before its connection is closed anyway. */
    static final long LINGER_MILLIS = 2_000;

    /** Connections to close once their current exchange ends; weak, so a closed connection is forgotten. */
    private final Set<HttpConnection> closing = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String invalidTarget = RequestTarget.invalidReason(request.uri());
        if (request.version() == HttpVersion.HTTP_2) {
            // HTTP/2 frames every message itself; its codec refuses Transfer-Encoding outright.
            if (invalidTarget != null) {
                refuseTarget(context, invalidTarget);
            } else {
                context.next();
            }
            return;
        }
        HttpConnection connection = request.connection();
        if (closing.contains(connection)) {
            LOG.debugf("%s dropped: it came behind a request whose connection is being closed", request.method());
            connection.close();
            return;
        }
        List<String> codings = transferCodings(request);
        boolean chunked = codings.equals(List.of("chunked"));
        if (!codings.isEmpty() && !chunked) {
            closing.add(connection);
            LOG.debugf("%s %s refused: Transfer-Encoding %s", request.method(), request.path(), codings);
            ProblemResponses.endAndClose(context, ProblemType.BAD_REQUEST, "Transfer-Encoding '"
                    + String.join(", ", codings) + "' leaves the body's length unknown; the only transfer coding"
                    + " accepted is chunked, once (RFC 9112 §6.3)");
            return;
        }
        if (invalidTarget != null) {
            // The body's length is known, so the connection could live on; it is closed (after the
            // rest of the upload, within the linger bounds) as for every other refusal before the body.
            context.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            closing.add(connection);
            context.addEndHandler(ended -> closeAfterLingering(context, request, connection));
            refuseTarget(context, invalidTarget);
            return;
        }
        if (!keptAlive(request)) {
            // The client asked for the close: Vert.x closes once both the upload and the answer have
            // ended, and reads no request after this one.
            context.next();
            return;
        }
        if (chunked) {
            closing.add(connection);
        }
        HttpServerResponse response = request.response();
        boolean[] refused = new boolean[1];
        context.addHeadersEndHandler(v -> {
            refused[0] = closes(response);
            if (chunked) {
                response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            }
        });
        // Runs inside the response's end, before Vert.x takes up a pipelined request: the close is
        // queued behind this response, so nothing written for a later request gets out.
        context.addEndHandler(ended -> {
            if (!closes(response)) {
                return;
            }
            closing.add(connection);
            if (chunked && !refused[0] && !request.isEnded()) {
                request.end().onComplete(uploaded -> connection.close());
            } else {
                closeAfterLingering(context, request, connection);
            }
        });
        context.next();
    }

    private static void refuseTarget(RoutingContext context, String reason) {
        LOG.debugf("%s refused: its target is not a URI: %s", context.request().method(), reason);
        ProblemResponses.end(context, ProblemType.BAD_REQUEST, ProblemType.BAD_REQUEST.status(),
                "the request target is not a valid URI (RFC 3986): " + reason);
    }

    /**
     * Closes the connection of a refused request once its upload has ended, or after
     * {@value #LINGER_BYTES} more bytes or {@value #LINGER_MILLIS} ms, whichever comes first.
     *
     * <p>Closing a socket with unread bytes in it makes the kernel answer with a reset, and a client
     * that is still sending (most send the whole body before they read) then loses the refusal it
     * was already sent and sees a broken pipe instead. Reading and dropping a little more first, as
     * nginx's {@code lingering_close} does, lets a body near the limit finish and the client read
     * its 413; a far larger one is still cut off, as it must be.
     */
    private static void closeAfterLingering(RoutingContext context, HttpServerRequest request,
            HttpConnection connection) {
        if (request.isEnded()) {
            connection.close();
            return;
        }
        long timer = context.vertx().setTimer(LINGER_MILLIS, t -> connection.close());
        long[] dropped = new long[1];
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > LINGER_BYTES) {
                connection.close();
            }
        });
        request.end().onComplete(uploaded -> {
            context.vertx().cancelTimer(timer);
            connection.close();
        });
        request.resume();
    }

    /** Whether the connection outlives this exchange as the client asked (RFC 9112 §9.3), as Vert.x decides it. */
    private static boolean keptAlive(HttpServerRequest request) {
        boolean close = false;
        boolean keepAlive = false;
        for (String line : request.headers().getAll(HttpHeaders.CONNECTION)) {
            for (String option : line.split(",")) {
                close |= option.trim().equalsIgnoreCase("close");
                keepAlive |= option.trim().equalsIgnoreCase("keep-alive");
            }
        }
        return request.version() == HttpVersion.HTTP_1_0 ? keepAlive && !close : !close;
    }

    private static boolean closes(HttpServerResponse response) {
        return "close".equalsIgnoreCase(response.headers().get(HttpHeaders.CONNECTION));
    }

    /** Every transfer coding the request names, in order, lower case (field lines and list elements joined). */
    private static List<String> transferCodings(HttpServerRequest request) {
        List<String> codings = new ArrayList<>();
        for (String line : request.headers().getAll(HttpHeaders.TRANSFER_ENCODING)) {
            for (String element : line.split(",", -1)) {
                codings.add(element.trim().toLowerCase(Locale.ROOT));
            }
        }
        return codings;
    }
}
