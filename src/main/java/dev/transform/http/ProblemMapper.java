package dev.transform.http;

import dev.transform.catalogue.MediaTypes;
import dev.transform.catalogue.StageCatalogue;
import dev.transform.engine.ProblemType;
import dev.transform.engine.TransformException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into RFC 9457 problem details. Client errors are answered with what went
 * wrong; anything else is logged on one line and answered without internals.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response transformFailed(TransformException e) {
        LOG.debugf("answered %d: %s", e.type().status(), e.detail());
        return respond(new Problem(e.type(), e.detail(), e.step(), e.offset()));
    }

    @ServerExceptionMapper
    public Response requestRejected(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return respond(new Problem(ProblemType.forStatus(status), status, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.errorf("unexpected failure: %s", e.toString());
        return respond(new Problem(ProblemType.INTERNAL, "the service failed; the failure is logged", null, null));
    }

    private static Response respond(Problem problem) {
        Response.ResponseBuilder response = Response.status(problem.status()).type(MediaTypes.PROBLEM).entity(problem);
        if (problem.status() == ProblemType.UNAVAILABLE.status()) {
            // Streams end in seconds to minutes; a second later is as good a guess as any, and cheap.
            response.header("Retry-After", 1);
        }
        if (problem.status() == ProblemType.UNSUPPORTED_MEDIA_TYPE.status()) {
            // RFC 9110 §15.5.16: a 415 for a content coding says which codings would have been accepted.
            response.header("Accept-Encoding", StageCatalogue.acceptedContentCodings());
        }
        return response.build();
    }
}
