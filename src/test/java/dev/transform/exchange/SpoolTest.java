package dev.transform.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.metrics.SpoolMeters;
import dev.transform.testing.SpoolFiles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The spool on its own, on a real Vert.x event loop and a real disk: whatever the mix of memory and
 * disk, chunk sizes and read sizes, bytes come out in the order they went in, the caps hold, a
 * failing disk loses nothing, and every ending frees the file and the budget.
 */
class SpoolTest {

    private static final long SILENT = Long.MAX_VALUE / 2;
    private static final long MILLIS = 1_000_000;
    private static Vertx vertx;
    private static Path directory;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        directory = Files.createDirectories(Path.of("target/spool-unit"));
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private SpoolBudget budget(Path dir, long memory, long perExchange, long total) {
        return new SpoolBudget(dir, memory, 250 * MILLIS, perExchange, total, new SpoolMeters(registry));
    }

    private double spooled() {
        return registry.get("transform.spooled").counter().count();
    }

    private double fallbacks() {
        return registry.get("transform.spool.fallbacks").counter().count();
    }

    @Test
    void bytesComeOutInOrderThroughMemoryAndDisk() throws Exception {
        for (long seed : new long[] {1, 2, 3, 4648}) {
            SpoolBudget budget = budget(directory, 16 * 1024, 1L << 30, 1L << 30);
            byte[] input = new byte[3 << 20];
            new Random(seed).nextBytes(input);
            assertArrayEquals(input, new Driver(budget, input, seed, false).run(), "seed " + seed);
            assertTrue(spooled() > 0, "nothing went to disk");
            assertEquals(0, budget.inUse());
        }
        assertNoFileLeft();
    }

    @Test
    void anUploadSentBeforeAnyReadGoesToDiskAndComesBackWhole() throws Exception {
        SpoolBudget budget = budget(directory, 16 * 1024, 1L << 30, 1L << 30);
        byte[] input = new byte[8 << 20];
        new Random(5).nextBytes(input);
        Driver driver = new Driver(budget, input, 5, true);
        assertArrayEquals(input, driver.run());
        assertTrue(spooled() > input.length - 4 * 16 * 1024, "only " + spooled() + " bytes went to disk");
        // Disk reads bring back up to READ_SIZE of small pieces at once, handed on a network read's worth at a time.
        assertEquals(Spool.HAND_OUT, driver.largestChunk, "the largest chunk handed on");
        assertEquals(0, fallbacks());
        assertEquals(0, budget.inUse());
        assertNoFileLeft();
    }

    @Test
    void aReaderThatIsNotSilentLongEnoughKeepsTheUploadInMemory() throws Exception {
        SpoolBudget budget = budget(directory, 4096, 1L << 30, 1L << 30);
        onLoop(() -> {
            Spool notBlocked = new Spool(vertx, budget, () -> -1, new Quiet(), "test");
            Spool briefly = new Spool(vertx, budget, () -> 100 * MILLIS, new Quiet(), "test");
            for (Spool spool : new Spool[] {notBlocked, briefly}) {
                while (spool.canTake()) {
                    spool.offer(Buffer.buffer(new byte[1000]));
                }
            }
            assertEquals(-1, notBlocked.nanosUntilSpill(), "no timer while the response is not blocked");
            assertEquals(150 * MILLIS, briefly.nanosUntilSpill(), "the disk opens once the reader has been silent 250 ms");
            notBlocked.release();
            briefly.release();
            return null;
        });
        assertEquals(0, spooled());
    }

    @Test
    void thePerExchangeCapFallsBackOnceAndLosesNothing() throws Exception {
        SpoolBudget budget = budget(directory, 16 * 1024, 64 * 1024, 1L << 30);
        byte[] input = new byte[1 << 20];
        new Random(9).nextBytes(input);
        Driver driver = new Driver(budget, input, 9, true);
        assertArrayEquals(input, driver.run());
        assertTrue(driver.refusedAt > 0, "the spool never said it was full");
        assertTrue(driver.maxInUse <= 64 * 1024, driver.maxInUse + " bytes on disk past a 64 KiB cap");
        // Disk, memory part and the one chunk that found neither room: the upload must stop there. (The
        // chunks' random sizes leave room on disk that the next chunk does not fit; the spool once went on
        // taking such chunks into memory without end.)
        assertTrue(driver.refusedAt <= 64 * 1024 + 16 * 1024 + 8192, "the spool took " + driver.refusedAt
                + " bytes before it said it was full, past its 64 KiB cap and 16 KiB memory part");
        assertEquals(1, fallbacks(), "logged and counted once per exchange");
        assertEquals(0, budget.inUse());
        assertNoFileLeft();
    }

    @Test
    void theInstanceCapHoldsAcrossSpools() throws Exception {
        SpoolBudget budget = budget(directory, 1024, 1L << 30, 100_000);
        onLoop(() -> {
            Spool one = new Spool(vertx, budget, () -> SILENT, new Quiet(), "one");
            Spool two = new Spool(vertx, budget, () -> SILENT, new Quiet(), "two");
            for (int i = 0; i < 400; i++) {
                for (Spool spool : new Spool[] {one, two}) {
                    if (spool.canTake()) {
                        spool.offer(Buffer.buffer(new byte[1000]));
                    }
                }
                assertTrue(budget.inUse() <= 100_000, budget.inUse() + " bytes on disk");
            }
            assertFalse(one.canTake() || two.canTake(), "both full");
            one.release();
            two.release();
            return null;
        });
        assertEquals(0, budget.inUse());
    }

    @Test
    void aDiskThatRefusesLosesNothing() throws Exception {
        Path notADirectory = Files.createTempFile(directory, "plain", ".file");
        SpoolBudget budget = budget(notADirectory.resolve("spool"), 4096, 1L << 30, 1L << 30);
        byte[] input = new byte[256 * 1024];
        new Random(11).nextBytes(input);
        assertArrayEquals(input, new Driver(budget, input, 11, true).run());
        assertEquals(1, fallbacks());
        assertEquals(0, budget.inUse());
        Files.delete(notADirectory);
    }

    @Test
    void releaseMidwayFreesTheFileAndTheBudget() throws Exception {
        SpoolBudget budget = budget(directory, 1024, 1L << 30, 1L << 30);
        onLoop(() -> {
            Spool spool = new Spool(vertx, budget, () -> SILENT, new Quiet(), "test");
            for (int i = 0; i < 100; i++) {
                spool.offer(Buffer.buffer(new byte[10_000]));
            }
            assertTrue(budget.inUse() > 0);
            spool.release();
            assertEquals(0, budget.inUse());
            return null;
        });
        assertNoFileLeft();
    }

    private static void assertNoFileLeft() throws Exception {
        assertEquals(0, SpoolFiles.openAfterSettling(), "spool files still open");
        try (var listed = Files.list(directory)) {
            assertEquals(0, listed.filter(p -> p.getFileName().toString().startsWith("transform-spool-")).count());
        }
    }

    private static <T> T onLoop(java.util.concurrent.Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(30, TimeUnit.SECONDS);
    }

    private static final class Quiet implements Spool.Listener {
        @Override
        public void readable() {
        }

        @Override
        public void roomMade() {
        }

        @Override
        public void readFailed(Throwable error) {
            throw new AssertionError(error);
        }
    }

    /**
     * Drives a spool as an exchange does, with chunks of random sizes: either a client that reads
     * while it sends (feeds and drains at random) or one that sends everything first and reads only
     * once the spool takes no more.
     */
    private static final class Driver implements Spool.Listener {
        private final byte[] input;
        private final Random random;
        private final SpoolBudget budget;
        private final boolean sendFirst;
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> done = new CompletableFuture<>();
        private Spool spool;
        private Context context;
        private int fed;
        private boolean reading;
        long refusedAt = -1;
        long maxInUse;
        int largestChunk;

        Driver(SpoolBudget budget, byte[] input, long seed, boolean sendFirst) {
            this.budget = budget;
            this.input = input;
            this.random = new Random(seed);
            this.sendFirst = sendFirst;
            this.reading = !sendFirst;
        }

        byte[] run() throws Exception {
            context = vertx.getOrCreateContext();
            context.runOnContext(v -> {
                spool = new Spool(vertx, budget, () -> SILENT, this, "test");
                drive();
            });
            return done.get(60, TimeUnit.SECONDS);
        }

        private void drive() {
            try {
                while (!done.isDone()) {
                    maxInUse = Math.max(maxInUse, budget.inUse());
                    boolean feed = fed < input.length && (!reading || random.nextInt(4) != 0);
                    if (feed && spool.canTake()) {
                        int n = Math.min(input.length - fed, 1 + random.nextInt(random.nextBoolean() ? 8192 : 300));
                        spool.offer(Buffer.buffer(java.util.Arrays.copyOfRange(input, fed, fed + n)));
                        fed += n;
                        continue;
                    }
                    if (feed && !reading) {
                        // Full: a write on its way makes room (roomMade), however long the disk takes; with
                        // none, the spool has stopped spilling and this client starts reading.
                        if (spool.writing()) {
                            return;
                        }
                        refusedAt = refusedAt < 0 ? fed : refusedAt;
                        reading = true;
                        continue;
                    }
                    Buffer out = spool.poll();
                    if (out != null) {
                        largestChunk = Math.max(largestChunk, out.length());
                        output.writeBytes(out.getBytes());
                    } else if (spool.isEmpty() && fed == input.length) {
                        spool.release();
                        done.complete(output.toByteArray());
                    } else if (!spool.isEmpty() || !spool.canTake()) {
                        return; // a disk read or write is on its way: readable() or roomMade() follows
                    }
                }
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }

        @Override
        public void readable() {
            drive();
        }

        @Override
        public void roomMade() {
            context.runOnContext(v -> drive());
        }

        @Override
        public void readFailed(Throwable error) {
            done.completeExceptionally(error);
        }
    }
}
