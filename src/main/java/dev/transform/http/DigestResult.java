package dev.transform.http;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The shape of a digest's JSON output, for the OpenAPI document; the digest stage writes it itself. */
@Schema(name = "DigestResult", description = "The digests of the input")
public record DigestResult(
        @Schema(description = "How many bytes were digested", example = "3", required = true)
        long bytes,
        @Schema(description = "Each requested algorithm's digest, hex or base64; CRC32/CRC32C as 4 big-endian bytes",
                example = "{\"sha-256\": \"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"}",
                required = true)
        Map<String, String> digests) {
}
