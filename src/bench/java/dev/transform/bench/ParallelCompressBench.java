package dev.transform.bench;

import dev.transform.compress.Format;
import dev.transform.compress.parallel.ParallelDeflateStage;
import dev.transform.engine.Stage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Compression on every core: {@link ParallelDeflateStage} with as many threads as cores, as the
 * service runs it by default, beside {@link CompressBench}'s single-threaded primitive (one Deflater
 * over the whole stream), so the ratio column is the speed-up over one core; CompressBench's row of
 * the same parameters is the single-threaded stage. The benchmark thread plays the exchange: it
 * fills the blocks, computes the checksum and waits for the workers' wake-ups.
 */
public class ParallelCompressBench extends CompressBench {

    private ExecutorService workers;
    private int threads;

    @Setup(Level.Trial)
    public void startWorkers() {
        threads = Runtime.getRuntime().availableProcessors();
        workers = Executors.newFixedThreadPool(threads);
    }

    @TearDown(Level.Trial)
    public void stopWorkers() {
        workers.shutdown();
    }

    @Override
    Stage newStage(Format format) {
        return new ParallelDeflateStage(format, level, threads, workers);
    }
}
