package dev.transform.http;

import dev.transform.catalogue.StageCatalogue;
import dev.transform.catalogue.StageCatalogue.Plan;
import dev.transform.config.Limits;
import dev.transform.engine.TransformException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The transform endpoints. They only map a request to a {@link Plan} and hand it to an
 * {@link Exchange}.
 *
 * <p>None takes the body as a parameter: quarkus-rest reads a whole entity into memory before
 * calling a method that declares one. Without one, the request stays paused (RESTEasy pauses it on
 * arrival) and the exchange reads it chunk by chunk from the Vert.x request. Query parameters are
 * read from the request too, so that endpoints and pipeline steps share one parser and answer bad
 * values with the same 400 problem (JAX-RS would answer a bad number with a 404).
 */
@Path("/v1")
public class TransformResource {

    private final StageCatalogue catalogue;
    private final long maxBodyBytes;
    private final long maxOutputBytes;

    TransformResource(StageCatalogue catalogue, Limits limits) {
        this.catalogue = catalogue;
        this.maxBodyBytes = limits.maxBodySize().asLongValue();
        this.maxOutputBytes = limits.maxOutputSize().map(size -> size.asLongValue()).orElse(Exchange.NO_LIMIT);
    }

    @POST
    @Path("slice")
    public Uni<Response> slice(@Context HttpServerRequest request) {
        return single(request, "slice", null, null);
    }

    @POST
    @Path("encode/{encoding}")
    public Uni<Response> encode(@PathParam("encoding") String encoding, @Context HttpServerRequest request) {
        return single(request, "encode", "encoding", encoding);
    }

    @POST
    @Path("decode/{encoding}")
    public Uni<Response> decode(@PathParam("encoding") String encoding, @Context HttpServerRequest request) {
        return single(request, "decode", "encoding", encoding);
    }

    @POST
    @Path("compress/{format}")
    public Uni<Response> compress(@PathParam("format") String format, @Context HttpServerRequest request) {
        return single(request, "compress", "format", format);
    }

    @POST
    @Path("decompress/{format}")
    public Uni<Response> decompress(@PathParam("format") String format, @Context HttpServerRequest request) {
        return single(request, "decompress", "format", format);
    }

    @POST
    @Path("digest")
    public Uni<Response> digest(@Context HttpServerRequest request) {
        return single(request, "digest", null, null);
    }

    @POST
    @Path("pipeline")
    public Uni<Response> pipeline(@Context HttpServerRequest request) {
        return exchange(request, () -> {
            Map<String, List<String>> query = query(request.params());
            query.keySet().stream().filter(name -> !name.equals("step")).findFirst().ifPresent(name -> {
                throw TransformException.badRequest("unknown parameter '" + name + "'; a pipeline takes only 'step'");
            });
            return catalogue.pipeline(query.getOrDefault("step", List.of()));
        });
    }

    private Uni<Response> single(HttpServerRequest request, String stage, String choiceName, String choice) {
        return exchange(request, () -> {
            Map<String, List<String>> parameters = query(request.params());
            if (choiceName != null) {
                parameters.put(choiceName, List.of(choice));
            }
            return catalogue.single(stage, parameters);
        });
    }

    private Uni<Response> exchange(HttpServerRequest request, Supplier<Plan> planner) {
        return Exchange.run(request, planner, maxBodyBytes, maxOutputBytes);
    }

    private static Map<String, List<String>> query(MultiMap params) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (String name : params.names()) {
            query.put(name, params.getAll(name));
        }
        return query;
    }
}
