package dev.transform.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.transform.engine.ProblemType;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * RFC 9457 problem details, with the contract's {@code step} and {@code offset} extensions.
 *
 * <p>Registered for reflection: it is only ever the entity of a {@code Response} built in
 * {@link ProblemMapper}, a type Quarkus cannot see from any method signature when it decides what
 * Jackson needs in a native image.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(description = "URI identifying the kind of problem", example = "urn:transform-api:problem:invalid-input")
        String type,
        @Schema(description = "Short summary of the kind of problem", example = "Input cannot be transformed")
        String title,
        @Schema(description = "HTTP status code", example = "422")
        int status,
        @Schema(description = "What went wrong with this request", example = "invalid base64 character '*'")
        String detail,
        @Schema(description = "0-based index of the failing pipeline step (pipeline requests only)", nullable = true)
        Integer step,
        @Schema(description = "0-based byte offset in the failing step's input where the input could not be transformed",
                nullable = true)
        Long offset) {

    Problem(ProblemType type, String detail, Integer step, Long offset) {
        this(type.uri(), type.title(), type.status(), detail, step, offset);
    }

    Problem(ProblemType type, int status, String detail) {
        this(type.uri(), type.title(), status, detail, null, null);
    }
}
