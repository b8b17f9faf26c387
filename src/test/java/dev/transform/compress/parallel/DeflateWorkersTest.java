package dev.transform.compress.parallel;

import static dev.transform.compress.CompressStageTest.jdkDecompress;
import static dev.transform.testing.TestData.mixedBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.transform.compress.CompressStage;
import dev.transform.compress.Format;
import dev.transform.engine.Stage;
import dev.transform.engine.StageHarness;
import dev.transform.testing.NativeLeakCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How the workers share the cores among the streams open when one starts: a lone stream gets them,
 * streams beside it their share, and once they are all taken a stream deflates on its own thread.
 * Every stream made, of either kind, is counted until released, and releases its zlib streams.
 */
@ExtendWith(NativeLeakCheck.class)
class DeflateWorkersTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private final List<DeflateWorkers> made = new ArrayList<>();

    private DeflateWorkers workers(Integer threadsPerStream) {
        DeflateWorkers workers = new DeflateWorkers(
                () -> threadsPerStream == null ? OptionalInt.empty() : OptionalInt.of(threadsPerStream));
        made.add(workers);
        return workers;
    }

    @AfterEach
    void stopWorkers() {
        made.forEach(DeflateWorkers::stop);
    }

    private static Stage deflating(Stage stage) {
        return assertInstanceOf(DeflateWorkers.OpenStream.class, stage).deflating();
    }

    @Test
    void theCoresAreSharedAmongTheStreamsOpenWhenOneStarts() {
        DeflateWorkers workers = workers(4);
        int threads = Math.max(CORES, 4);
        assertEquals(4, workers.threadsFor(1));
        assertEquals(Math.min(4, Math.max(1, threads / 2)), workers.threadsFor(2));
        assertEquals(1, workers.threadsFor(threads));
        assertEquals(1, workers.threadsFor(threads + 1));
        assertEquals(1, workers.threadsFor(1000));
        assertEquals(1, workers(1).threadsFor(1), "one thread per stream whatever is open");
    }

    @Test
    void aStreamStartingWithTheCoresTakenDeflatesOnItsOwnThreadAndTheCountComesBack() {
        assumeTrue(CORES >= 2, "one core: every stream deflates on its own thread");
        DeflateWorkers workers = workers(null);
        List<Stage> open = new ArrayList<>();
        for (int i = 0; i < CORES; i++) {
            open.add(workers.create(Format.GZIP, 6));
        }
        assertInstanceOf(ParallelDeflateStage.class, deflating(open.get(0)), "alone: every core");
        assertInstanceOf(CompressStage.class, deflating(open.get(CORES - 1)), "beside " + (CORES - 1) + " others");
        // Both kinds give the same stream to a reader, made while the others are open.
        byte[] data = mixedBytes(new Random(7), 3 * DeflateBlock.SIZE + 5);
        for (Stage stage : List.of(open.get(0), open.get(CORES - 1))) {
            assertArrayEquals(data, jdkDecompress(Format.GZIP, StageHarness.run(stage, data, 10_000)));
        }
        open.subList(1, CORES - 1).forEach(Stage::release);
        Stage next = workers.create(Format.DEFLATE, 1);
        assertInstanceOf(ParallelDeflateStage.class, deflating(next), "every stream released: the cores are free again");
        next.release();
    }

    @Test
    void oneThreadPerStreamIsTheSingleThreadedStage() {
        Stage stage = workers(1).create(Format.GZIP, 6);
        assertInstanceOf(CompressStage.class, deflating(stage));
        stage.release();
    }
}
