package dev.transform.http;

import dev.transform.engine.ProblemType;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Answers the client errors the router finds before any resource method runs (no {@code Host}, a
 * path that is not one, a query that is not valid percent-encoding) with problem details, as the
 * {@link ProblemMapper} answers those of the resources. Without it they reach Quarkus's error
 * handler, which answers in a format of its own and logs each at ERROR with a stack trace, so any
 * client could fill the log at will. Logged here at DEBUG, on one line.
 */
@Singleton
public class RouterProblems {

    private static final Logger LOG = Logger.getLogger(RouterProblems.class);

    void register(@Observes Router router) {
        // First of all failure handlers, so Quarkus's own (registered last) only sees server errors.
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
    }

    private void failed(RoutingContext context) {
        int status = context.statusCode();
        if (status < 400 || status >= 500 || context.response().headWritten()) {
            context.next();
            return;
        }
        Throwable failure = context.failure();
        String detail = failure != null && failure.getMessage() != null ? failure.getMessage()
                : "the request is not a valid HTTP request";
        LOG.debugf("%s %s answered %d: %s", context.request().method(), context.request().path(), status, detail);
        // The request was never read: its body may still be on the way, so the connection is closed.
        ProblemResponses.endAndClose(context, ProblemType.forStatus(status), status, detail);
    }
}
