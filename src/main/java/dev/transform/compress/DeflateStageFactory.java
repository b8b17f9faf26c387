package dev.transform.compress;

import dev.transform.engine.Stage;

/**
 * Makes the stage that compresses to a deflate format at a level: {@link CompressStage} on the
 * exchange's thread, or the parallel stage of {@code compress.parallel} where cores are given to it.
 */
@FunctionalInterface
public interface DeflateStageFactory {

    /** One thread per stream: the stage deflates on the exchange's own thread. */
    DeflateStageFactory SINGLE_THREADED = CompressStage::new;

    Stage create(Format format, int level);
}
