package dev.transform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.util.ResourceLeakDetector;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.impl.VertxByteBufAllocator;
import org.junit.jupiter.api.Test;

/**
 * The pom's paranoid leak detection reaches the server under test, not just the test JVM: with the
 * server's classes, every buffer of Vert.x's pooled allocator (which its connections read into) is
 * tracked with access records. Below paranoid, Netty tracks only a sample of them, so some would
 * come back unwrapped; nothing here sets the level.
 */
@QuarkusTest
class LeakDetectionLevelTest {

    @Test
    void theServersBuffersAreAllTracked() {
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel());
        for (int i = 0; i < 300; i++) {
            ByteBuf buffer = VertxByteBufAllocator.POOLED_ALLOCATOR.directBuffer(16);
            try {
                assertEquals("AdvancedLeakAwareByteBuf", buffer.getClass().getSimpleName(), "buffer " + i);
            } finally {
                buffer.release();
            }
        }
    }
}
