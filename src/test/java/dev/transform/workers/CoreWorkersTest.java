package dev.transform.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.engine.Stage;
import dev.transform.slice.SliceStage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the workers share the cores among the streams open when one starts: a lone stream gets the
 * threads it wants, streams beside it their share, and once the cores are all taken a stream works on
 * its own thread. Every stream opened is counted until its stage is released.
 */
class CoreWorkersTest {

    private final List<CoreWorkers> made = new ArrayList<>();

    private CoreWorkers workers(int threads) {
        CoreWorkers workers = new CoreWorkers(threads);
        made.add(workers);
        return workers;
    }

    @AfterEach
    void stopWorkers() {
        made.forEach(CoreWorkers::stop);
    }

    @Test
    void theCoresAreSharedAmongTheStreamsOpenWhenOneStarts() {
        CoreWorkers workers = workers(4);
        assertEquals(4, workers.threadsFor(1, 4));
        assertEquals(2, workers.threadsFor(1, 2), "never more than a stream wants");
        assertEquals(2, workers.threadsFor(2, 4));
        assertEquals(1, workers.threadsFor(3, 4));
        assertEquals(1, workers.threadsFor(4, 4));
        assertEquals(1, workers.threadsFor(1000, 4));
        assertEquals(1, workers.threadsFor(1, 1), "one thread wanted, one given, whatever is open");
    }

    @Test
    void aStreamIsCountedOpenUntilItsStageIsReleased() {
        CoreWorkers workers = workers(2);
        List<Integer> given = new ArrayList<>();
        Stage first = workers.open(2, threads -> stage(given, threads));
        Stage second = workers.open(2, threads -> stage(given, threads));
        assertEquals(List.of(2, 1), given, "alone: both cores; beside another: its own thread");
        assertInstanceOf(CoreWorkers.OpenStream.class, first);
        second.release();
        first.release();
        workers.open(2, threads -> stage(given, threads)).release();
        assertEquals(2, given.get(2), "every stream released: the cores are free again");
    }

    @Test
    void aStageThatCannotBeMadeIsNotCountedOpen() {
        CoreWorkers workers = workers(2);
        assertThrows(IllegalStateException.class, () -> workers.open(2, threads -> {
            throw new IllegalStateException("no stage");
        }));
        List<Integer> given = new ArrayList<>();
        workers.open(2, threads -> stage(given, threads)).release();
        assertEquals(List.of(2), given);
    }

    @Test
    void workRunsOnTheWorkersNamedThreads() throws Exception {
        CoreWorkers workers = workers(1);
        CompletableFuture<String> name = new CompletableFuture<>();
        workers.executor().execute(() -> name.complete(Thread.currentThread().getName()));
        assertTrue(name.get(10, TimeUnit.SECONDS).startsWith("transform-worker-"));
    }

    private static Stage stage(List<Integer> given, int threads) {
        given.add(threads);
        return new SliceStage(0, Long.MAX_VALUE);
    }
}
