package dev.transform.http;

import dev.transform.exchange.Exchanges;
import dev.transform.catalogue.MediaTypes;
import dev.transform.catalogue.StageCatalogue;
import dev.transform.catalogue.StageCatalogue.Plan;
import dev.transform.compress.formats.AutoDecompressStage;
import dev.transform.engine.TransformException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
@APIResponse(responseCode = "400", description = "Bad request: unknown choice, bad or unknown parameter, malformed step",
        content = @Content(mediaType = MediaTypes.PROBLEM, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "413", description = "A limit passed: body, decompressed output (a decompress step's or the"
        + " request's Content-Encoding's) or tail window",
        content = @Content(mediaType = MediaTypes.PROBLEM, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "415", description = "The request's Content-Encoding is not one the service decodes"
        + " (gzip, deflate, br, zstd, identity); the Accept-Encoding header lists those it does",
        content = @Content(mediaType = MediaTypes.PROBLEM, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "422", description = "The body cannot be transformed: invalid encoding, corrupt or"
        + " truncated compressed data; or it does not match the request's Content-Digest (type digest-mismatch)",
        content = @Content(mediaType = MediaTypes.PROBLEM, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "The instance runs its maximum of concurrent streams; retry after"
        + " the Retry-After header's seconds",
        content = @Content(mediaType = MediaTypes.PROBLEM, schema = @Schema(implementation = Problem.class)))
public class TransformResource {

    private static final String DETECTED_FORMAT = "Only with decompress/auto (or a decompress:auto step): the format"
            + " it found, as its format name (gzip, deflate, zstd or lz4)";

    /** The pipeline's operationId; the others are their stage's name (see {@link CatalogueParameters}). */
    static final String PIPELINE_OPERATION = "runPipeline";

    private final StageCatalogue catalogue;
    private final Exchanges exchanges;

    TransformResource(StageCatalogue catalogue, Exchanges exchanges) {
        this.catalogue = catalogue;
        this.exchanges = exchanges;
    }

    @POST
    @Path("slice")
    @Operation(operationId = "slice", summary = "Slice a byte range",
            description = "Bytes [offset, offset + length) of the body; a negative offset counts from the end (a "
                    + "bounded tail window); an offset past the end gives empty output.")
    @Tag(name = "slice")
    @APIResponse(responseCode = "200", description = "The transformed bytes, streamed", content = {
            @Content(mediaType = MediaTypes.BINARY, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    public Uni<Response> slice(@Context HttpServerRequest request) {
        return single(request, "slice", null, null);
    }

    @POST
    @Path("encode/{encoding}")
    @Operation(operationId = "encode", summary = "Encode bytes as text",
            description = "Encodes the body as base64, base64url, base32 or hex (RFC 4648).")
    @Tag(name = "codec")
    @APIResponse(responseCode = "200", description = "The transformed bytes, streamed", content = {
            @Content(mediaType = MediaTypes.TEXT, schema = @Schema(type = SchemaType.STRING))})
    public Uni<Response> encode(@PathParam("encoding") String encoding, @Context HttpServerRequest request) {
        return single(request, "encode", "encoding", encoding);
    }

    @POST
    @Path("decode/{encoding}")
    @Operation(operationId = "decode", summary = "Decode text to bytes",
            description = "Decodes base64, base64url, base32 or hex text; padding is optional and whitespace is "
                    + "skipped unless ignoreWhitespace=false.")
    @Tag(name = "codec")
    @APIResponse(responseCode = "200", description = "The transformed bytes, streamed", content = {
            @Content(mediaType = MediaTypes.BINARY, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    public Uni<Response> decode(@PathParam("encoding") String encoding, @Context HttpServerRequest request) {
        return single(request, "decode", "encoding", encoding);
    }

    @POST
    @Path("compress/{format}")
    @Operation(operationId = "compress", summary = "Compress",
            description = "Compresses the body to gzip (application/gzip), deflate (zlib) or raw deflate "
                    + "(application/octet-stream), zstd (application/zstd), brotli (application/x-brotli), lz4 "
                    + "frames (application/x-lz4), bzip2 (application/x-bzip2), xz (application/x-xz) or snappy's "
                    + "framing format (application/octet-stream). Each format has its own level range (see "
                    + "level); zstd and snappy have none.")
    @Tag(name = "compression")
    @APIResponse(responseCode = "200", description = "The transformed bytes, streamed", content = {
            @Content(mediaType = MediaTypes.GZIP, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaTypes.BINARY, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaTypes.ZSTD, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaTypes.BROTLI, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaTypes.LZ4, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaTypes.BZIP2, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaTypes.XZ, schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    public Uni<Response> compress(@PathParam("format") String format, @Context HttpServerRequest request) {
        return single(request, "compress", "format", format);
    }

    @POST
    @Path("decompress/{format}")
    @Operation(operationId = "decompress", summary = "Decompress",
            description = "Decompresses gzip (concatenated members too), deflate (zlib), raw deflate, zstd "
                    + "(concatenated and skippable frames too), brotli, lz4 frames, bzip2 and xz (concatenated "
                    + "streams too) or snappy's framing format; checksums are verified, data after the end is "
                    + "rejected, and output is capped by maxOutputBytes. auto picks the format from the magic number "
                    + "(gzip, zlib, zstd, lz4, bzip2, xz, snappy; brotli and raw deflate have none, so name them) and "
                    + "says which in the " + AutoDecompressStage.HEADER + " response header.")
    @Tag(name = "compression")
    @APIResponse(responseCode = "200", description = "The transformed bytes, streamed", content = {
            @Content(mediaType = MediaTypes.BINARY, schema = @Schema(type = SchemaType.STRING, format = "binary"))},
            headers = @Header(name = AutoDecompressStage.HEADER, description = DETECTED_FORMAT,
                    schema = @Schema(type = SchemaType.STRING)))
    public Uni<Response> decompress(@PathParam("format") String format, @Context HttpServerRequest request) {
        return single(request, "decompress", "format", format);
    }

    @POST
    @Path("digest")
    @Operation(operationId = "digest", summary = "Digest",
            description = "Computes every requested digest of the body in one pass.")
    @Tag(name = "digest")
    @APIResponse(responseCode = "200", description = "The transformed bytes, streamed", content = {
            @Content(mediaType = MediaTypes.JSON, schema = @Schema(implementation = DigestResult.class))})
    public Uni<Response> digest(@Context HttpServerRequest request) {
        return single(request, "digest", null, null);
    }

    @POST
    @Path("pipeline")
    @Operation(operationId = "runPipeline", summary = "Run a pipeline of stages",
            description = "Runs the steps in order over the body, streaming; the response is the last step's "
                    + "output, with its media type.")
    @Tag(name = "pipeline")
    @APIResponse(responseCode = "200", description = "The transformed bytes, streamed", content = {
            @Content(mediaType = MediaTypes.BINARY, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaTypes.TEXT, schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = MediaTypes.GZIP, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaTypes.ZSTD, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaTypes.BROTLI, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaTypes.LZ4, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaTypes.BZIP2, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaTypes.XZ, schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = MediaTypes.JSON, schema = @Schema(implementation = DigestResult.class))},
            headers = @Header(name = AutoDecompressStage.HEADER, description = DETECTED_FORMAT,
                    schema = @Schema(type = SchemaType.STRING)))
    public Uni<Response> pipeline(@Context HttpServerRequest request) {
        return exchanges.run(request, "pipeline", () -> {
            Map<String, List<String>> query = query(request.params());
            query.keySet().stream().filter(name -> !name.equals("step")).findFirst().ifPresent(name -> {
                throw TransformException.badRequest("unknown parameter '" + name + "'; a pipeline takes only 'step'");
            });
            return catalogue.pipeline(query.getOrDefault("step", List.of()), contentEncoding(request));
        });
    }

    private Uni<Response> single(HttpServerRequest request, String stage, String choiceName, String choice) {
        return exchanges.run(request, stage, () -> {
            Map<String, List<String>> parameters = query(request.params());
            if (choiceName != null) {
                parameters.put(choiceName, List.of(choice));
            }
            return catalogue.single(stage, parameters, contentEncoding(request));
        });
    }

    /** The request's Content-Encoding field values: the catalogue decodes them before the first stage. */
    private static List<String> contentEncoding(HttpServerRequest request) {
        return request.headers().getAll(HttpHeaders.CONTENT_ENCODING);
    }

    private static Map<String, List<String>> query(MultiMap params) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        for (String name : params.names()) {
            query.put(name, params.getAll(name));
        }
        return query;
    }
}
