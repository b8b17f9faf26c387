package dev.transform.http;

import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * The RFC 9530 integrity fields in the OpenAPI document: the request's {@code Content-Digest},
 * {@code Want-Repr-Digest} and {@code Want-Content-Digest}, and the digest fields a transform's
 * 200 response carries, as headers or as trailers (which OpenAPI cannot name apart, so the
 * descriptions say when each is used).
 */
final class DigestFieldsDocument {

    private static final String EXAMPLE_DIGEST = "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:";

    private DigestFieldsDocument() {
    }

    /** The request header parameters, to follow a transform operation's own. */
    static List<Parameter> requestFields() {
        return List.of(
                header("Content-Digest", "RFC 9530 digest of the body as sent (before its Content-Encoding is"
                        + " decoded), a structured-field dictionary such as " + EXAMPLE_DIGEST + " (base64 between"
                        + " colons). sha-256 and sha-512 members are verified while the body streams; other"
                        + " algorithms are ignored. A malformed field is a 400 problem; a mismatch is a 422 problem"
                        + " of type digest-mismatch, or, when it shows after the response has started (more than"
                        + " 64 KiB of output), an aborted response. With this field the whole body is read even when"
                        + " the transform needs less of it (a slice with a length)."),
                header("Want-Repr-Digest", "Asks for the digest of the response body (RFC 9530 §4): algorithms"
                        + " with a preference from 1 to 10 (0: not acceptable), such as sha-256=10, sha-512=3. The"
                        + " supported one preferred most (sha-256 or sha-512) is answered in Repr-Digest. A malformed"
                        + " field is a 400 problem."),
                header("Want-Content-Digest", "As Want-Repr-Digest, answered in Content-Digest: the responses have"
                        + " no content coding, so both digests are the same."));
    }

    /** The digest fields of a transform's 200 response. */
    static void describe(APIResponse ok) {
        String when = " Sent as a header when the response is held until complete (output under 64 KiB, or a"
                + " configured maximum output size as on AWS Lambda); otherwise as a trailer after the last chunk"
                + " (HTTP/1.1 chunked, HTTP/2), announced by the Trailer header.";
        ok.addHeader("Repr-Digest", responseHeader("The digest of the response body (RFC 9530), when Want-Repr-Digest"
                + " asked for a supported algorithm, such as " + EXAMPLE_DIGEST + "." + when));
        ok.addHeader("Content-Digest", responseHeader("The same digest, when Want-Content-Digest asked for it." + when));
        ok.addHeader("Trailer", responseHeader("Names the digest fields (Repr-Digest, Content-Digest) that follow"
                + " the body as trailers, when the response streams and a digest was asked for."));
    }

    /** No examples: Swagger UI fills "Try it out" with them, and an example Content-Digest never matches a file. */
    private static Parameter header(String name, String description) {
        return OASFactory.createParameter()
                .name(name)
                .in(Parameter.In.HEADER)
                .description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }

    private static Header responseHeader(String description) {
        return OASFactory.createHeader()
                .description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }
}
