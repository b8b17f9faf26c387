package dev.transform.compress.parallel;

import static dev.transform.compress.CompressStageTest.jdkDecompress;
import static dev.transform.testing.TestData.mixedBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.transform.compress.CompressStage;
import dev.transform.compress.Format;
import dev.transform.config.ParallelDeflate;
import dev.transform.engine.Stage;
import dev.transform.engine.StageHarness;
import dev.transform.testing.NativeLeakCheck;
import dev.transform.workers.CoreWorkers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stage each gzip or deflate stream gets from the threads the {@link CoreWorkers} give it (see
 * {@code CoreWorkersTest}): parallel where it starts alone, single-threaded beside streams that take
 * the cores. Every stream made, of either kind, is counted until released, and releases its zlib streams.
 */
@ExtendWith(NativeLeakCheck.class)
class DeflateWorkersTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private final List<CoreWorkers> pools = new ArrayList<>();

    private DeflateWorkers workers(Integer threadsPerStream) {
        ParallelDeflate config = () -> threadsPerStream == null ? OptionalInt.empty() : OptionalInt.of(threadsPerStream);
        CoreWorkers pool = new CoreWorkers(config);
        pools.add(pool);
        return new DeflateWorkers(config, pool);
    }

    @AfterEach
    void stopWorkers() {
        pools.forEach(CoreWorkers::stop);
    }

    private static Stage deflating(Stage stage) {
        return assertInstanceOf(CoreWorkers.OpenStream.class, stage).working();
    }

    @Test
    void threadsPerStreamBelowOneIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> workers(0));
        assertEquals("transform.deflate.threads-per-stream must be at least 1, not 0", refused.getMessage());
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

    /**
     * A stream that started alone gives its workers back once others have opened: with the cores taken
     * before its first block is out, it writes what the single-threaded stage writes, byte for byte.
     */
    @Test
    void aStreamThatStartedAloneGoesOnAloneOnceOthersOpen() {
        assumeTrue(CORES >= 2, "one core: every stream deflates on its own thread");
        DeflateWorkers workers = workers(null);
        Stage first = workers.create(Format.GZIP, 6);
        assertInstanceOf(ParallelDeflateStage.class, deflating(first), "alone: every core");
        List<Stage> others = new ArrayList<>();
        for (int i = 1; i < CORES; i++) {
            others.add(workers.create(Format.GZIP, 6));
        }
        byte[] data = mixedBytes(new Random(9), 3 * DeflateBlock.SIZE + 5);
        byte[] single = StageHarness.run(new CompressStage(Format.GZIP, 6), data, 10_000);
        assertArrayEquals(single, StageHarness.run(first, data, 10_000));
        others.forEach(Stage::release);
        Stage alone = workers.create(Format.GZIP, 6);
        assertFalse(Arrays.equals(single, StageHarness.run(alone, data, 10_000)),
                "alone from start to end: in blocks on every core");
    }

    @Test
    void oneThreadPerStreamIsTheSingleThreadedStage() {
        Stage stage = workers(1).create(Format.GZIP, 6);
        assertInstanceOf(CompressStage.class, deflating(stage));
        stage.release();
    }
}
