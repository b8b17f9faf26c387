package dev.transform.http;

/**
 * Lets each event loop keep the 64 KiB buffers it reads uploads into and writes responses from, instead of
 * handing their memory back and asking for new memory for the next chunk.
 *
 * <p>Quarkus builds Netty's pool with 64 KiB chunks ({@code quarkus.netty.allocator-max-order}, default 3),
 * and a connection reads up to 64 KiB at a time, so every read buffer (and every response chunk Netty copies
 * to direct memory to write it) takes a whole chunk. Netty's per-thread caches keep only buffers up to
 * {@value #NETTY_PROPERTY} (32 KiB by default), so each of those chunks went back to the pool empty, was
 * freed, and the next read allocated a new one, which the JDK zeroes: per 64 KiB moved, a fresh 64 KiB of
 * memory zeroed and brought into the cache. With the cap at {@value #CHUNK} bytes the event loop takes the
 * same buffer back from its cache, still warm; {@code docs/benchmarks.md} ("The Node.js peer") has the
 * measurement. The cost is bounded: at most Netty's {@code normalCacheSize} (64) buffers of a size per event
 * loop, trimmed when unused.
 *
 * <p>Netty reads the property once, when its allocator class is first loaded, so it is a system property set
 * before Quarkus starts ({@code Main}); the Maven build sets it for tests and dev mode. A value given on the
 * command line wins.
 */
public final class BufferCache {

    /** Netty's cap on the size of the buffers its per-thread caches keep. */
    public static final String NETTY_PROPERTY = "io.netty.allocator.maxCachedBufferCapacity";

    /** A read buffer's size at most, and a pool chunk's with Quarkus's default. */
    public static final int CHUNK = 64 * 1024;

    private BufferCache() {
    }

    /** Raises Netty's cap to {@link #CHUNK} unless it was given; before anything loads Netty's allocator. */
    public static void keepChunks() {
        if (System.getProperty(NETTY_PROPERTY) == null) {
            System.setProperty(NETTY_PROPERTY, Integer.toString(CHUNK));
        }
    }
}
