package dev.transform.http;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The OpenAPI document's tags, one per family of stages; title, servers and license come from configuration. */
@OpenAPIDefinition(info = @Info(title = "Binary transform API", version = "1.0.0"), tags = {
        @Tag(name = "slice", description = "Byte ranges"),
        @Tag(name = "codec", description = "RFC 4648 text encodings: base64, base64url, base32, hex"),
        @Tag(name = "compression", description = "gzip, deflate (zlib), raw deflate, zstd, brotli and lz4"),
        @Tag(name = "digest", description = "Message digests and checksums"),
        @Tag(name = "pipeline", description = "Stages chained in one streaming pass"),
        @Tag(name = "catalogue", description = "What the service offers")})
public final class ApiDocument {

    private ApiDocument() {
    }
}
