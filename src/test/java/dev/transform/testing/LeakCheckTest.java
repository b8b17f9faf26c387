package dev.transform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves {@link LeakCheck} sees what Netty's leak detector reports, so a leak cannot pass unnoticed,
 * at the level the pom sets for the test JVM: nothing here sets it (http.LeakDetectionLevelTest
 * shows the same level reaches the server's allocator).
 */
class LeakCheckTest {

    @Test
    void thePomSetsParanoid() {
        assertEquals("paranoid", System.getProperty("io.netty.leakDetection.level"),
                "the surefire argLine in pom.xml sets -Dio.netty.leakDetection.level");
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel());
    }

    /** One leaked buffer is reported: at paranoid every buffer is tracked, none is sampled out. */
    @Test
    void recordsALeakedBuffer() {
        LeakCheck.install();
        LeakCheck.takeLeaks();
        leak();
        List<String> found = LeakCheck.sweep();
        for (int attempt = 0; attempt < 5 && found.isEmpty(); attempt++) {
            found = LeakCheck.sweep(); // the collector may take a few cycles to clear the buffer
        }
        assertFalse(found.isEmpty(), "a deliberately leaked buffer was not reported");
    }

    private static void leak() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.buffer(16);
        leaked.writeByte(1);
    }
}
