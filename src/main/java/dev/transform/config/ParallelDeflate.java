package dev.transform.config;

import io.smallrye.config.ConfigMapping;
import java.util.OptionalInt;

/**
 * How gzip and deflate compression use the cores (see {@code dev.transform.compress.parallel}).
 * Defaults are in application.properties; env TRANSFORM_DEFLATE_...
 */
@ConfigMapping(prefix = "transform.deflate")
public interface ParallelDeflate {

    /**
     * How many blocks of one stream may be compressed at once, on a pool shared by all streams; unset,
     * the number of cores. A stream that starts beside others gets at most its share of the cores.
     * {@code 1} compresses on the exchange's own thread, one block after the other.
     */
    OptionalInt threadsPerStream();
}
