package dev.transform.http;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The check every request target passes before anything reads its path or query: it must parse as a
 * URI reference (RFC 3986), the same {@link URI} parse Quarkus's root handler makes.
 *
 * <p>Quarkus makes that check before any route or filter and answers a failure with a bare, empty
 * 400, so a client that sent {@code ?offset=%zz} is told nothing. Its only switch is the JVM system
 * property {@value #QUARKUS_CHECK_OFF}, read once when Quarkus's HTTP layer is set up: {@code Main}
 * sets it before Quarkus starts in a JVM, the native build is given it (a native image sets that layer
 * up while it is built), the Maven build sets it for tests and dev mode. {@link Framing},
 * the first filter, makes the check here instead and answers with problem details. Nothing may skip
 * it: past it, Vert.x's router and RESTEasy decode the target, and an invalid one fails there with a
 * 500 or a bare 400 and an ERROR log line. Where Quarkus's check still runs (the property unset, as
 * in an embedding that does not start through {@code Main}), this one never sees an invalid target.
 */
public final class RequestTarget {

    /** Quarkus's switch for its own check of the request target ({@code VertxHttpRecorder}). */
    public static final String QUARKUS_CHECK_OFF = "vertx.disableURIValidation";

    private RequestTarget() {
    }

    /** Why {@code target} is not a valid request target, or {@code null} if it is one. */
    static String invalidReason(String target) {
        if (target == null || target.isEmpty()) {
            return "the request has no target";
        }
        try {
            new URI(target);
            return null;
        } catch (URISyntaxException e) {
            return e.getMessage();
        }
    }
}
