package dev.transform.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * What one request may make the service spend. Defaults are documented in application.properties
 * and the README; each can be overridden with its environment variable (TRANSFORM_LIMITS_...).
 */
@ConfigMapping(prefix = "transform.limits")
public interface Limits {

    /** The largest request body accepted, streamed or not. */
    @WithDefault("8G")
    MemorySize maxBodySize();

    /** The most a decompress step may output; a request's maxOutputBytes may lower it. */
    @WithDefault("4G")
    MemorySize maxDecompressedSize();

    /** The largest tail window a negative slice offset may ask for (it is held in memory). */
    @WithDefault("16M")
    MemorySize maxTailWindow();

    /** The most steps a pipeline may have. */
    @WithDefault("16")
    int maxPipelineSteps();

    /**
     * The largest response body; unset (the default) for none. Where the platform buffers the whole
     * response anyway (AWS Lambda behind API Gateway), set it: the service then holds the output
     * until it is complete (never more than this), so passing it, or any error, is answered with a
     * problem response instead of a cut stream.
     */
    Optional<MemorySize> maxOutputSize();
}
