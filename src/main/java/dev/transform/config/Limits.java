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
     * The most transform streams this instance runs at once; one more is answered with 503 and
     * Retry-After. Each stream holds up to one input chunk, one write queue, its stages' state (a
     * zlib window, a tail window up to {@link #maxTailWindow()}), so this bounds the memory of all.
     */
    @WithDefault("128")
    int maxConcurrentStreams();

    /**
     * The largest ratio of a decompress step's output to its input, checked once the output passes
     * 1 MiB: deflate can expand 1032 times, so a higher ratio than real data shows is a bomb.
     */
    @WithDefault("1100")
    int maxDecompressionRatio();

    /**
     * The largest response body; unset (the default) for none. Where the platform buffers the whole
     * response anyway (AWS Lambda behind API Gateway), set it: the service then holds the output
     * until it is complete (never more than this), so passing it, or any error, is answered with a
     * problem response instead of a cut stream.
     */
    Optional<MemorySize> maxOutputSize();

    /**
     * The most upload bytes one exchange may spool to disk while its client sends without reading
     * (see {@link Spooling}); past it the exchange falls back to backpressure. {@code 0} turns the
     * spool off, memory part included: every exchange then paces its upload by its response alone.
     */
    @WithDefault("1G")
    MemorySize maxSpoolSize();

    /** The most spool bytes on disk for all exchanges of this instance together. */
    @WithDefault("4G")
    MemorySize maxSpoolTotal();

    /**
     * The heap the codecs that hold a lot (an xz encoder, a bzip2 block, a zstd window) may hold at
     * once, across all exchanges; a stream that does not fit is answered with 503 and Retry-After.
     * Unset (the default): three quarters of the maximum heap.
     */
    Optional<MemorySize> codecMemory();
}
