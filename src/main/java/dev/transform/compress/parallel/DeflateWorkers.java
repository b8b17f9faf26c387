package dev.transform.compress.parallel;

import dev.transform.catalogue.StageSettings;
import dev.transform.compress.CompressStage;
import dev.transform.compress.DeflateStageFactory;
import dev.transform.compress.Format;
import dev.transform.config.ParallelDeflate;
import dev.transform.engine.Stage;
import dev.transform.workers.CoreWorkers;
import jakarta.inject.Singleton;

/**
 * Makes every gzip and deflate stream's stage: {@link ParallelDeflateStage} with the threads the
 * {@link CoreWorkers} give a stream (up to {@link ParallelDeflate#threadsPerStream()}, the cores
 * unset), or the single-threaded {@link CompressStage} where a stream is given one. A parallel stream
 * holds threads + 1 blocks of 160 KiB.
 */
@Singleton
public class DeflateWorkers implements DeflateStageFactory, StageSettings.SharedResource {

    private final int threadsPerStream;
    private final CoreWorkers workers;

    public DeflateWorkers(ParallelDeflate config, CoreWorkers workers) {
        this.threadsPerStream = config.threadsPerStream().orElse(CoreWorkers.cores());
        if (threadsPerStream < 1) {
            throw new IllegalArgumentException("transform.deflate.threads-per-stream must be at least 1, not " + threadsPerStream);
        }
        this.workers = workers;
    }

    @Override
    public Stage create(Format format, int level) {
        return workers.open(threadsPerStream, threads -> threads == 1
                ? new CompressStage(format, level)
                : new ParallelDeflateStage(format, level, threads, workers.executor(), () -> workers.shareNow(threadsPerStream)));
    }
}
