package dev.transform.compress.parallel;

import dev.transform.catalogue.StageSettings;
import dev.transform.compress.CompressStage;
import dev.transform.compress.DeflateStageFactory;
import dev.transform.compress.Format;
import dev.transform.config.ParallelDeflate;
import dev.transform.engine.ForwardingStage;
import dev.transform.engine.Stage;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that deflate blocks for every gzip and deflate stream of the instance, and the maker
 * of those streams' stages ({@link ParallelDeflate#threadsPerStream()} of 1: the single-threaded
 * {@link CompressStage}).
 *
 * <p>The cores are shared among the streams open when one starts ({@link #threadsFor}): a stream
 * that starts alone gets up to its threads per stream, one that starts beside others no more than
 * its share, and with the cores all taken it deflates on its own thread, one block after the other.
 * Splitting a stream only pays where a core would otherwise be idle; beside busy cores it only adds
 * the blocks' costs (priming each with a dictionary, sync flushes, hand-offs) and holds their memory
 * (threads + 1 blocks of 160 KiB). The share is fixed when the stream starts: a long stream keeps
 * what it got while others come and go.
 *
 * <p>A pool of its own, as many threads as cores (or as threads per stream, if more), rather than
 * Vert.x's worker pool: that one is Quarkus's blocking executor (up to 200 threads, for blocking
 * I/O), where CPU-bound work would run far more threads than cores and queue behind or ahead of
 * unrelated blocking calls; here the number of threads is the number of cores deflate may use, and
 * a busy instance queues blocks instead of time-slicing them. Never the event loops: a block takes
 * milliseconds. The queue needs no bound of its own: each stream has at most its threads-per-stream
 * blocks on it, and the streams are bounded by {@code transform.limits.max-concurrent-streams}.
 */
@Singleton
public class DeflateWorkers implements DeflateStageFactory, StageSettings.SharedResource {

    private final int threadsPerStream;
    private final ThreadPoolExecutor pool;
    /** Streams made here and not yet released, of either kind. */
    private final AtomicInteger openStreams = new AtomicInteger();

    DeflateWorkers(ParallelDeflate config) {
        int cores = Runtime.getRuntime().availableProcessors();
        this.threadsPerStream = config.threadsPerStream().orElse(cores);
        if (threadsPerStream < 1) {
            throw new IllegalArgumentException("transform.deflate.threads-per-stream must be at least 1, not " + threadsPerStream);
        }
        int threads = Math.max(cores, threadsPerStream);
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), named());
        // Idle threads end, so an idle instance (or a Lambda sandbox between invocations) holds none.
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public Stage create(Format format, int level) {
        int share = threadsFor(openStreams.incrementAndGet());
        try {
            Stage stage = share == 1 ? new CompressStage(format, level) : new ParallelDeflateStage(format, level, share, pool);
            return new OpenStream(stage);
        } catch (RuntimeException | Error e) {
            openStreams.decrementAndGet();
            throw e;
        }
    }

    /** The threads a stream gets when it starts with {@code open} streams open, itself included. */
    int threadsFor(int open) {
        return Math.min(threadsPerStream, Math.max(1, pool.getMaximumPoolSize() / open));
    }

    /** A stream made here: counted open until it is released (which a stage is exactly once). */
    public final class OpenStream extends ForwardingStage {

        private OpenStream(Stage deflating) {
            super(deflating);
        }

        /** The stage that deflates: {@link ParallelDeflateStage} or, single-threaded, {@link CompressStage}. */
        public Stage deflating() {
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
    void stop() {
        pool.shutdown();
    }

    private static ThreadFactory named() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "transform-deflate-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
