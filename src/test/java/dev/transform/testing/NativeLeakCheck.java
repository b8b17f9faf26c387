package dev.transform.testing;

import dev.transform.engine.NativeResource;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a {@link NativeResource} (a zlib stream, ...) open: with
 * {@code @ExtendWith(NativeLeakCheck.class)} on the class, every test's counts must come back to
 * what they were before it, whether its exchanges completed, failed, were aborted, stalled or lost
 * their client; {@link #snapshot()} and {@link #assertBackTo} do the same within a test.
 *
 * <p>Back to the counts before, not to zero: the in-process server shares this JVM with unit tests
 * that build a stage only to look at it. A count below its start is a double release and fails too.
 */
public final class NativeLeakCheck implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NativeLeakCheck.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("before", snapshot());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterEach(ExtensionContext context) throws InterruptedException {
        assertBackTo((Map<NativeResource, Long>) context.getStore(NAMESPACE).get("before"));
    }

    public static Map<NativeResource, Long> snapshot() {
        Map<NativeResource, Long> counts = new EnumMap<>(NativeResource.class);
        for (NativeResource kind : NativeResource.values()) {
            counts.put(kind, kind.open());
        }
        return counts;
    }

    /**
     * Waits until every count is back at {@code before} (the server frees an exchange's stages on its event
     * loop, which may be just after the client saw the end); fails with the counts if that does not happen.
     */
    public static void assertBackTo(Map<NativeResource, Long> before) throws InterruptedException {
        Settle.until(() -> snapshot().equals(before), Settle.EXCHANGE);
        Map<NativeResource, Long> now = snapshot();
        if (!now.equals(before)) {
            throw new AssertionError("native resources open before: " + before + ", after: " + now
                    + " (more: a leak; fewer: a double release)");
        }
    }
}
