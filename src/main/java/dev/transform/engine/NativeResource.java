package dev.transform.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * The kinds of resource a stage holds outside the Java heap, each with a count of those open. The
 * garbage collector does not bound them (a zlib stream's memory is native, a spool file is on
 * disk), so one not freed on some way an exchange ends is a leak that no heap limit shows: tests
 * read these counts after aborted, failed, stalled and vanished exchanges and expect none left.
 *
 * <p>Whatever opens one calls {@link #opened()}; whatever frees it calls {@link #released()},
 * exactly once, so a count below its start is a double free. A count changes once per stage, never
 * per chunk, and {@link LongAdder} keeps that cheap across event loops.
 */
public enum NativeResource {

    /** A {@link java.util.zip.Deflater}: zlib's deflate state until {@code end()}. */
    DEFLATER,

    /** A {@link java.util.zip.Inflater}: zlib's inflate state until {@code end()}. */
    INFLATER,

    /** A brotli encoder (brotli4j's EncoderJNI): native state until it is destroyed. */
    BROTLI_ENCODER,

    /** A brotli decoder (brotli4j's DecoderJNI): native state and its input buffer until it is destroyed. */
    BROTLI_DECODER,

    /**
     * An xz decoder's thread (XZ for Java pulls its input, so each xz decompress stage runs one): a
     * thread and its stack until the stage is released, which ends it.
     */
    XZ_DECODER_THREAD,

    /** A spool file of an exchange (dev.transform.exchange.SpoolFile): disk until it is closed. */
    SPOOL_FILE;

    private final LongAdder open = new LongAdder();

    public void opened() {
        open.increment();
    }

    public void released() {
        open.decrement();
    }

    /** How many are open now (in this JVM). */
    public long open() {
        return open.sum();
    }
}
