package dev.transform.compress;

import dev.transform.catalogue.StageSettings;
import dev.transform.config.Limits;
import dev.transform.engine.ForwardingStage;
import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The heap all exchanges' codecs may hold at once beyond their chunks, where a codec holds a lot: an
 * xz encoder (up to 94 MiB), a bzip2 block, a zstd window. Each such stage reserves what its codec
 * declares before it is made and gives it back when released; a stage that does not fit is refused
 * with 503 and Retry-After, as a full instance is, instead of a few concurrent requests taking the
 * heap. Codecs that hold little (the zlib formats, lz4, snappy) reserve nothing and are never refused.
 */
@Singleton
public class CodecMemory implements StageSettings.SharedResource {

    private static final Logger LOG = Logger.getLogger(CodecMemory.class);

    /** No budget: unit tests and the build-time document. */
    public static final CodecMemory UNLIMITED = new CodecMemory(Long.MAX_VALUE);

    private final long budget;
    private final AtomicLong held = new AtomicLong();

    @Inject
    public CodecMemory(Limits limits) {
        this(limits.codecMemory().map(MemorySize::asLongValue)
                .orElse(Runtime.getRuntime().maxMemory() / 4 * 3));
    }

    public CodecMemory(long budget) {
        this.budget = budget;
    }

    /** Makes a stage holding up to {@code bytes}, if they fit in what is left of the budget; 503 if not. */
    public Stage reserve(long bytes, String what, Supplier<Stage> make) {
        if (bytes <= 0) {
            return make.get();
        }
        long now = held.addAndGet(bytes);
        if (now > budget) {
            held.addAndGet(-bytes);
            throw TransformException.unavailable(what + " needs " + bytes / (1 << 20) + " MiB of working memory, and this"
                    + " instance's codecs already hold " + (now - bytes) / (1 << 20) + " of its " + budget / (1 << 20)
                    + " MiB (transform.limits.codec-memory); retry later, or choose a lower level");
        }
        try {
            return new Reserved(make.get(), bytes, what);
        } catch (OutOfMemoryError e) {
            held.addAndGet(-bytes);
            throw outOfHeap(what, bytes, e);
        } catch (RuntimeException | Error e) {
            held.addAndGet(-bytes);
            throw e;
        }
    }

    /**
     * The budget admitted the codec but the JVM could not give it its memory now: a large array needs
     * its bytes in one piece (an xz encoder's match finder takes 64 MiB at once), which a heap with the
     * room in scattered pieces cannot place. Like a full budget, that passes: 503 and Retry-After rather
     * than a 500, since one refused allocation leaves the JVM as it was. (The JVM image ends the process
     * on any OutOfMemoryError instead, -XX:+ExitOnOutOfMemoryError, before this runs; see its Dockerfile.)
     */
    private static TransformException outOfHeap(String what, long bytes, OutOfMemoryError e) {
        LOG.warnf("%s was admitted by the codec budget but the JVM refused its memory: %s", what, e.toString());
        return TransformException.unavailable(what + " needs " + bytes / (1 << 20) + " MiB of working memory, and the"
                + " JVM could not give it now; retry later, or choose a lower level");
    }

    /** Bytes reserved now, by stages not yet released. */
    public long held() {
        return held.get();
    }

    /**
     * A stage that holds its share of the budget until released. Released, it lets go of the stage
     * too, not only of the share: the pipeline and its exchange may stay reachable for a while (a
     * keep-alive connection, a response still being written), and what a codec held must not stay
     * reachable through them once its share is free again, or the budget counts memory as free that is
     * not. (A codec's own thread may still hold it until that thread ends, as the xz decoder's does.)
     */
    private final class Reserved extends ForwardingStage {

        private final long bytes;
        private final String what;
        private final AtomicBoolean released = new AtomicBoolean();

        Reserved(Stage stage, long bytes, String what) {
            super(stage);
            this.bytes = bytes;
            this.what = what;
        }

        // A codec may take its working memory when it first has work rather than when it is made (XZ for
        // Java makes its match finder at the first write, in poll): a failure is answered the same either way.

        @Override
        public void accept(Buffer chunk) {
            try {
                delegate.accept(chunk);
            } catch (OutOfMemoryError e) {
                throw outOfHeap(what, bytes, e);
            }
        }

        @Override
        public void endOfInput() {
            try {
                delegate.endOfInput();
            } catch (OutOfMemoryError e) {
                throw outOfHeap(what, bytes, e);
            }
        }

        @Override
        public Buffer poll() {
            try {
                return delegate.poll();
            } catch (OutOfMemoryError e) {
                throw outOfHeap(what, bytes, e);
            }
        }

        @Override
        public void release() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            Stage stage = delegate;
            try {
                try {
                    delegate = new Spent(stage);
                } finally {
                    stage.release();
                }
            } finally {
                held.addAndGet(-bytes);
            }
        }
    }

    /**
     * What a released stage leaves behind: the header fields it had to say, since the response may be
     * committed after the stages are released (an answer ended at once), and no more bytes.
     */
    private static final class Spent implements Stage {

        private final List<Map.Entry<String, String>> headers = new ArrayList<>(1);

        Spent(Stage stage) {
            stage.responseHeaders((name, value) -> headers.add(Map.entry(name, value)));
        }

        @Override
        public void accept(Buffer chunk) {
            throw new IllegalStateException("input after the stage was released");
        }

        @Override
        public void endOfInput() {
            throw new IllegalStateException("input after the stage was released");
        }

        @Override
        public Buffer poll() {
            return null;
        }

        @Override
        public boolean isFinished() {
            return true;
        }

        @Override
        public void responseHeaders(BiConsumer<String, String> header) {
            headers.forEach(field -> header.accept(field.getKey(), field.getValue()));
        }
    }
}
