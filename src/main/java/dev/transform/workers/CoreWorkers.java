package dev.transform.workers;

import dev.transform.catalogue.StageSettings;
import dev.transform.config.ParallelDeflate;
import dev.transform.engine.ForwardingStage;
import dev.transform.engine.Stage;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The threads that the CPU-heavy work of every stream runs on beside the event loops (deflate blocks,
 * hashing), and how they are shared among the streams that could use them.
 *
 * <p>The cores are shared among the streams open when one starts ({@link #threadsFor}): a stream that
 * starts alone gets the threads it wants, one that starts beside others no more than its share, and with
 * the cores all taken it works on its own event loop. Moving work to another core only pays where that
 * core would otherwise be idle; beside busy cores it only adds the hand-offs (and, for deflate, the
 * blocks' costs). The share is set when the stream starts and never grows; a stage that works in
 * steps gives threads back when others have opened since ({@link #shareNow}).
 *
 * <p>A pool of its own, as many threads as cores (or as deflate's threads per stream, if more), rather
 * than Vert.x's worker pool: that one is Quarkus's blocking executor (up to 200 threads, for blocking
 * I/O), where CPU-bound work would run far more threads than cores and queue behind or ahead of
 * unrelated blocking calls; here the number of threads is the number of cores the streams may use, and
 * a busy instance queues work instead of time-slicing it. Never the event loops. The queue needs no
 * bound of its own: each stream has a bounded amount of work on it (its blocks, its bytes in flight),
 * and the streams are bounded by {@code transform.limits.max-concurrent-streams}.
 */
@Singleton
public class CoreWorkers implements StageSettings.SharedResource {

    private final ThreadPoolExecutor pool;
    /** Streams opened here and not yet released, whatever they were given. */
    private final AtomicInteger openStreams = new AtomicInteger();

    @Inject
    public CoreWorkers(ParallelDeflate deflate) {
        this(Math.max(cores(), deflate.threadsPerStream().orElse(1)));
    }

    /** A pool of {@code threads} threads. */
    public CoreWorkers(int threads) {
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), named());
        // Idle threads end, so an idle instance (or a Lambda sandbox between invocations) holds none.
        pool.allowCoreThreadTimeOut(true);
    }

    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    public Executor executor() {
        return pool;
    }

    /**
     * Counts a stream open until its stage is released, and makes that stage with the threads it is
     * given: at most {@code wanted}, at least 1. One is the stream's own thread alone; more, that it may
     * also keep workers busy (deflate: that many blocks at once; a hash: one worker beside its thread).
     */
    public Stage open(int wanted, IntFunction<Stage> make) {
        int threads = threadsFor(openStreams.incrementAndGet(), wanted);
        try {
            return new OpenStream(make.apply(threads));
        } catch (RuntimeException | Error e) {
            openStreams.decrementAndGet();
            throw e;
        }
    }

    /**
     * The threads a stream already open that wants {@code wanted} would get if it started now: a stage
     * that works in steps asks again before each, so that streams opened since take their share.
     */
    public int shareNow(int wanted) {
        return threadsFor(Math.max(1, openStreams.get()), wanted);
    }

    /** The threads a stream that wants {@code wanted} gets when it starts with {@code open} streams open, itself included. */
    int threadsFor(int open, int wanted) {
        return Math.min(wanted, Math.max(1, pool.getMaximumPoolSize() / open));
    }

    /** A stream opened here: counted open until it is released (which a stage is exactly once). */
    public final class OpenStream extends ForwardingStage {

        private OpenStream(Stage working) {
            super(working);
        }

        /** The stage made for the threads the stream was given. */
        public Stage working() {
            return delegate;
        }

        @Override
        public void release() {
            try {
                delegate.release();
            } finally {
                openStreams.decrementAndGet();
            }
        }
    }

    @PreDestroy
    public void stop() {
        pool.shutdown();
    }

    private static ThreadFactory named() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "transform-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
