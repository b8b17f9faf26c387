package dev.transform.engine;

import static dev.transform.testing.TestData.mixedBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.codec.EncodeStage;
import dev.transform.codec.Encoding;
import dev.transform.digest.Algorithm;
import dev.transform.digest.DigestStage;
import dev.transform.slice.SliceStage;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A chunk stage run on workers gives the bytes it gives on its own thread, whatever the chunking; it is
 * called on the workers only, one call at a time; at most {@link OffloadedStage#IN_FLIGHT} bytes are
 * handed over; failures reach the driver; release comes after the work handed over, which is skipped.
 */
class OffloadedStageTest {

    private static final int CHUNK = 64 * 1024;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void digestsAreTheJdksWhateverTheChunking() throws Exception {
        byte[] data = mixedBytes(new Random(11), 5 * (int) OffloadedStage.IN_FLIGHT + 12_345);
        String expected = "{\"bytes\":" + data.length + ",\"digests\":{\"sha-256\":\""
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)) + "\",\"md5\":\""
                + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)) + "\"}}";
        for (int size : new int[] {CHUNK, 7_919, 1 << 20}) {
            Stage stage = new OffloadedStage(new DigestStage(List.of(Algorithm.SHA_256, Algorithm.MD5), false), pool);
            assertEquals(expected, new String(StageHarness.run(stage, data, size)), "chunks of " + size);
        }
        byte[] small = mixedBytes(new Random(12), 3_001);
        Stage oneByteAtATime = new OffloadedStage(new DigestStage(List.of(Algorithm.SHA_256), false), pool);
        assertEquals("{\"bytes\":3001,\"digests\":{\"sha-256\":\""
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(small)) + "\"}}",
                new String(StageHarness.run(oneByteAtATime, small, 1)));
        Stage empty = new OffloadedStage(new DigestStage(List.of(Algorithm.SHA_256), false), pool);
        assertEquals("{\"bytes\":0,\"digests\":{\"sha-256\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}}",
                new String(StageHarness.run(empty, List.of())), "FIPS 180-2's empty message");
    }

    @Test
    void outputComesBackInOrderWhateverTheChunking() {
        byte[] data = mixedBytes(new Random(13), 3 * (int) OffloadedStage.IN_FLIGHT + 7);
        byte[] expected = Base64.getEncoder().encode(data);
        for (int size : new int[] {1, 2, 3, 4_099, CHUNK}) {
            byte[] input = size == 1 ? Arrays.copyOf(data, 20_000) : data;
            Stage stage = new OffloadedStage(new EncodeStage(Encoding.BASE64, true, false), pool);
            assertArrayEquals(size == 1 ? Base64.getEncoder().encode(input) : expected,
                    StageHarness.run(stage, input, size), "chunks of " + size);
        }
    }

    @Test
    void aStageDoneBeforeItsInputEndsTakesNoMore() {
        byte[] data = mixedBytes(new Random(14), 3 * CHUNK);
        Stage stage = new OffloadedStage(new SliceStage(10, 100_000), pool);
        assertArrayEquals(Arrays.copyOfRange(data, 10, 100_010), StageHarness.run(stage, data, 4_096));
    }

    @Test
    void theStageIsCalledOnTheWorkersOnlyAndOneCallAtATime() throws InterruptedException {
        Spy spy = new Spy();
        Thread driver = Thread.currentThread();
        ExecutorService four = Executors.newFixedThreadPool(4);
        try {
            StageHarness.run(new OffloadedStage(spy, four), new byte[3 * (int) OffloadedStage.IN_FLIGHT], 1_000);
            four.shutdown(); // after the release, which is handed over too
            assertTrue(four.awaitTermination(10, TimeUnit.SECONDS));
        } finally {
            four.shutdownNow();
        }
        assertEquals(3 * OffloadedStage.IN_FLIGHT, spy.bytes);
        assertFalse(spy.overlapped, "two calls into the stage at once");
        assertFalse(spy.threads.contains(driver), "the stage was called on the driver's thread");
        assertTrue(spy.released, "released");
    }

    @Test
    void noMoreThanItsBytesInFlightAreHandedOver() {
        Manual workers = new Manual();
        Spy spy = new Spy();
        OffloadedStage stage = new OffloadedStage(spy, workers);
        AtomicInteger wakeUps = new AtomicInteger();
        stage.wakeUpWith(wakeUps::incrementAndGet);
        int handed = 0;
        while (stage.wantsInput() && handed <= 100) { // bounded, so that a stage without a bound fails here, not by OOM
            assertNull(stage.poll());
            stage.accept(Buffer.buffer(new byte[CHUNK]));
            handed++;
        }
        assertEquals(OffloadedStage.IN_FLIGHT / CHUNK, handed);
        assertEquals(0, spy.bytes, "nothing done before a worker runs");
        assertEquals(0, wakeUps.get());
        workers.runAll();
        assertEquals(OffloadedStage.IN_FLIGHT, spy.bytes);
        assertTrue(wakeUps.get() >= 1, "the worker woke the waiting driver");
        assertTrue(stage.wantsInput());
        stage.endOfInput();
        assertFalse(stage.wantsInput(), "no input after its end");
        workers.runAll();
        assertEquals(Long.toString(OffloadedStage.IN_FLIGHT), stage.poll().toString());
        assertTrue(stage.isFinished());
        stage.release();
        workers.runAll();
        assertTrue(spy.released);
    }

    @Test
    void aWorkerGivesWayToOtherStreamsAfterItsShare() throws Exception {
        CountDownLatch halfDone = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        int perShare = (int) (OffloadedStage.IN_FLIGHT / CHUNK);
        Spy spy = new Spy() {
            @Override
            protected Buffer transform(Buffer chunk) {
                super.transform(chunk);
                if (calls == perShare / 2) {
                    halfDone.countDown();
                    await(goOn);
                }
                return null;
            }
        };
        AtomicInteger runs = new AtomicInteger();
        // The worker starts once a whole share is handed over: one that drained the queue while this thread
        // was still handing over (a busy machine) would end its run early, and the next hand-over start another.
        CountDownLatch shareHandedOver = new CountDownLatch(1);
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            OffloadedStage stage = new OffloadedStage(spy, task -> {
                runs.incrementAndGet();
                one.execute(() -> {
                    await(shareHandedOver);
                    task.run();
                });
            });
            for (int i = 0; i < perShare; i++) {
                stage.accept(Buffer.buffer(new byte[CHUNK]));
            }
            shareHandedOver.countDown();
            assertTrue(halfDone.await(10, TimeUnit.SECONDS));
            int more = 0;
            while (stage.wantsInput()) {
                stage.accept(Buffer.buffer(new byte[CHUNK]));
                more++;
            }
            assertEquals(perShare / 2 - 1, more, "room for the chunks done, not the one being done");
            stage.release();
            goOn.countDown();
            one.shutdown();
            assertTrue(one.awaitTermination(10, TimeUnit.SECONDS));
        } finally {
            one.shutdownNow();
        }
        assertEquals(2, runs.get(), "one run for a share of bytes, then the rest queued behind other work");
        assertEquals(perShare / 2, spy.calls, "what was handed over is skipped once released");
        assertTrue(spy.released);
    }

    @Test
    void aFailureOnTheWorkerReachesTheDriver() {
        TransformException bad = TransformException.badRequest("bad chunk");
        Spy spy = new Spy() {
            @Override
            protected Buffer transform(Buffer chunk) {
                super.transform(chunk);
                if (calls == 3) {
                    throw bad;
                }
                return null;
            }
        };
        Stage stage = new OffloadedStage(spy, pool);
        TransformException thrown = assertThrows(TransformException.class,
                () -> StageHarness.run(stage, new byte[100 * CHUNK], CHUNK));
        assertSame(bad, thrown);
        assertTrue(spy.calls < 100, "the rest is not transformed after the failure");
    }

    /** The service shutting down: its event loops refuse the wake-up, and the worker still gets to the release. */
    @Test
    void aWakeUpThatCannotBeDeliveredStillLetsTheStreamEnd() {
        Manual workers = new Manual();
        Spy spy = new Spy();
        OffloadedStage stage = new OffloadedStage(spy, workers);
        stage.wakeUpWith(() -> {
            throw new RejectedExecutionException("event loop shut down");
        });
        while (stage.wantsInput()) {
            stage.accept(Buffer.buffer(new byte[CHUNK]));
        }
        stage.release();
        workers.runAll();
        assertEquals(0, spy.calls, "skipped, once released");
        assertTrue(spy.released, "released although every wake-up failed");
    }

    @Test
    void releaseWaitsForTheWorkHandedOverAndSkipsIt() {
        Manual workers = new Manual();
        Spy spy = new Spy();
        OffloadedStage stage = new OffloadedStage(spy, workers);
        stage.accept(Buffer.buffer(new byte[10]));
        stage.accept(Buffer.buffer(new byte[10]));
        stage.release();
        assertFalse(spy.released, "not on the driver's thread");
        workers.runAll();
        assertEquals(0, spy.calls, "input handed over before release is not transformed");
        assertTrue(spy.released);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts what it is given and on which threads; outputs nothing but its count at the end. */
    private static class Spy extends ChunkStage {
        final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger inside = new AtomicInteger();
        volatile boolean overlapped;
        volatile boolean released;
        volatile int calls;
        volatile long bytes;

        @Override
        protected Buffer transform(Buffer chunk) {
            if (inside.incrementAndGet() != 1) {
                overlapped = true;
            }
            threads.add(Thread.currentThread());
            calls++;
            bytes += chunk.length();
            Thread.yield();
            inside.decrementAndGet();
            return null;
        }

        @Override
        protected Buffer flush() {
            return Buffer.buffer(Long.toString(bytes));
        }

        @Override
        public void release() {
            released = true;
        }
    }

    /** Runs what it is given only when the test says so, on the test's thread. */
    private static final class Manual implements Executor {
        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }
}
