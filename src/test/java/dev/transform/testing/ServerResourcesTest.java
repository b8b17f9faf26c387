package dev.transform.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.vertx.core.buffer.impl.VertxByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServerResourcesTest {

    @Test
    void aBufferNotGivenBackCountsWhateverThePoolsKeep() throws Exception {
        // A Netty thread, as an event loop is: only those keep a cache of the buffers they give back.
        DefaultEventExecutor eventLoop = new DefaultEventExecutor();
        try {
            for (ByteBufAllocator allocator : List.of(PooledByteBufAllocator.DEFAULT, VertxByteBufAllocator.POOLED_ALLOCATOR)) {
                ServerResources before = ServerResources.now();
                eventLoop.submit(() -> {
                    List<ByteBuf> buffers = new ArrayList<>();
                    for (int i = 0; i < 16; i++) {
                        buffers.add(allocator.directBuffer(64 * 1024));
                    }
                    buffers.forEach(ByteBuf::release);
                }).get();
                ServerResources cached = ServerResources.now();
                assertTrue(cached.reservedDirectMemory() >= before.reservedDirectMemory() + 16 * 64 * 1024,
                        "the event loop's cache keeps the 16 buffers given back: " + cached);
                assertTrue(cached.within(before), "before " + before + ", after " + cached);

                ByteBuf leaked = eventLoop.submit(() -> allocator.directBuffer(80 * 1024)).get();
                try {
                    ServerResources holding = ServerResources.now();
                    assertFalse(holding.within(before), "an 80 KiB buffer still live: " + holding);
                } finally {
                    leaked.release();
                }
                ServerResources released = ServerResources.now();
                assertTrue(released.within(before), "before " + before + ", after " + released);
            }
        } finally {
            eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
