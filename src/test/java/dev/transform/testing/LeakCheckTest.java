package dev.transform.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves {@link LeakCheck} sees what Netty's leak detector reports, so a leak cannot pass unnoticed. */
class LeakCheckTest {

    @Test
    void recordsALeakedBuffer() throws InterruptedException {
        LeakCheck.install();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        List<String> found = List.of();
        for (int attempt = 0; attempt < 20 && found.isEmpty(); attempt++) {
            leak();
            System.gc();
            Thread.sleep(20);
            PooledByteBufAllocator.DEFAULT.buffer(16).release();
            found = LeakCheck.takeLeaks();
        }
        assertFalse(found.isEmpty(), "a deliberately leaked buffer was not reported");
    }

    private static void leak() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.buffer(16);
        leaked.writeByte(1);
    }
}
