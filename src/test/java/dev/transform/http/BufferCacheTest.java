package dev.transform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.quarkus.test.junit.QuarkusTest;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The server under test pools its buffers as the packaged service does ({@code Main} sets the property, the
 * pom gives it to the tests): an event loop that reads chunk after chunk into 64 KiB buffers takes the
 * pool's memory once and then reuses it from its own cache. With Netty's default cap (32 KiB) every one of
 * those buffers is a new allocation from the pool (and, the chunk being freed in between, new zeroed memory).
 */
@QuarkusTest
class BufferCacheTest {

    /** The allocator the server's connections read into and write from ("pooled" in /q/metrics). */
    private static final PooledByteBufAllocator POOL = PooledByteBufAllocator.DEFAULT;

    @Test
    void aReadBufferFillsAWholePoolChunk() {
        assertEquals(BufferCache.CHUNK, POOL.metric().chunkSize());
    }

    @Test
    void anEventLoopReusesItsChunkSizedBuffers() throws InterruptedException {
        AtomicLong fromThePool = new AtomicLong(-1);
        // Vert.x's event loops are FastThreadLocalThreads, the threads Netty keeps caches for.
        Thread eventLoopLike = new FastThreadLocalThread(() -> {
            long before = normalAllocations();
            for (int chunk = 0; chunk < 10; chunk++) {
                ByteBuf buffer = POOL.directBuffer(BufferCache.CHUNK);
                buffer.writeZero(BufferCache.CHUNK);
                buffer.release();
            }
            fromThePool.set(normalAllocations() - before);
        });
        eventLoopLike.start();
        eventLoopLike.join();
        assertEquals(1, fromThePool.get(), "allocations of 64 KiB served by the pool rather than the thread's cache");
    }

    private static long normalAllocations() {
        return POOL.metric().directArenas().stream().mapToLong(PoolArenaMetric::numNormalAllocations).sum();
    }
}
