package dev.transform.http;

import dev.transform.catalogue.MediaTypes;
import dev.transform.engine.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Problem details written straight onto a Vert.x response, for answers given before any resource
 * method runs (route filters, the router's failures). Built as a {@link JsonObject}, not from
 * {@link Problem}, so no Jackson reflection is needed there in a native image.
 */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    /**
     * Ends the response with a problem of {@code type} and closes the connection once it is out:
     * the request's body has not been read, so nothing after it on the connection can be trusted to
     * start a request. The close is queued inside the response's end, before Vert.x could take up a
     * request pipelined behind this one.
     */
    public static Future<Void> endAndClose(RoutingContext context, ProblemType type, String detail) {
        return endAndClose(context, type, type.status(), detail);
    }

    /** As {@link #endAndClose(RoutingContext, ProblemType, String)}, with a status {@code type} does not name. */
    public static Future<Void> endAndClose(RoutingContext context, ProblemType type, int status, String detail) {
        HttpConnection connection = context.request().connection();
        context.addEndHandler(ended -> connection.close());
        context.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        return end(context, type, status, detail);
    }

    /** Ends the response with a problem of {@code type}; what becomes of the connection is the caller's to say. */
    public static Future<Void> end(RoutingContext context, ProblemType type, int status, String detail) {
        JsonObject problem = new JsonObject()
                .put("type", type.uri())
                .put("title", type.title())
                .put("status", status)
                .put("detail", detail);
        return context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.PROBLEM)
                .end(problem.encode());
    }
}
