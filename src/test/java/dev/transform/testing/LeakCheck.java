package dev.transform.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector (at {@code paranoid} during tests, see the pom)
 * reported a leaked buffer while it ran. Netty reports a leak only when a leaked buffer has been
 * collected and another buffer is allocated, so after each class this collects garbage and makes
 * the server allocate by asking it for its health.
 *
 * <p>Registered for every test class through JUnit's extension auto-detection.
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback {

    private static final Logger NETTY_LEAKS = Logger.getLogger("io.netty.util.ResourceLeakDetector");
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static final Handler RECORDER = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = String.valueOf(record.getMessage());
            if (message.contains("LEAK")) {
                LEAKS.add(message);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        install();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            pokeServer();
        }
        // A class without a server (a unit test) allocates nothing above: sweep here too, so its
        // leak fails it rather than the next class or the run's end (LeaksAfterLastClass).
        List<String> found = sweep();
        if (!found.isEmpty()) {
            throw new AssertionError("Netty reported " + found.size() + " leaked buffer(s) during "
                    + context.getDisplayName() + ":\n" + String.join("\n", found));
        }
    }

    /**
     * Collects garbage and allocates a buffer in this JVM, a few times, which is when Netty reports
     * the leaked buffers it collected; returns the leaks recorded so far, cleared. Needs no server.
     */
    static List<String> sweep() {
        install();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(16).release();
        }
        return takeLeaks();
    }

    /** The leaks recorded so far, cleared; for the test that proves this check can fail. */
    static List<String> takeLeaks() {
        List<String> found = List.copyOf(LEAKS);
        LEAKS.clear();
        return found;
    }

    static void install() {
        for (Handler handler : NETTY_LEAKS.getHandlers()) {
            if (handler == RECORDER) {
                return;
            }
        }
        NETTY_LEAKS.addHandler(RECORDER);
    }

    /** Makes the server allocate buffers, which is when Netty reports collected leaks. */
    private static void pokeServer() {
        String port = System.getProperty("quarkus.http.test-port", "8081");
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/live")).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (Exception ignored) {
            // No server in this test class (plain unit tests): nothing to poke.
        }
    }
}
