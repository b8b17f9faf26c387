package dev.transform.engine;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Drives a {@link Stage} the way the HTTP exchange does (poll until null, then feed a chunk or
 * end the input), without HTTP, so stage tests can cut their input at any boundary.
 */
public final class StageHarness {

    private StageHarness() {
    }

    /** Runs {@code stage} over {@code chunks} and returns all its output. */
    public static byte[] run(Stage stage, List<byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        drive(stage, chunks, chunk -> out.writeBytes(chunk.getBytes()));
        return out.toByteArray();
    }

    /** Runs {@code stage} over {@code chunks}, handing each output chunk to {@code output}, and releases it. */
    public static void drive(Stage stage, List<byte[]> chunks, Consumer<Buffer> output) {
        driveWhile(stage, chunks, chunk -> {
            output.accept(chunk);
            return true;
        });
    }

    /** How long a waiting stage may take to wake the driver before the test fails rather than hangs. */
    private static final long WAKE_UP_SECONDS = 30;

    /**
     * As {@link #drive}, but stops pulling when {@code output} returns false, as the exchange does
     * when its client goes away; checks the protocol: no empty chunk, progress after the input ended,
     * a stage that wants no input wakes the driver (within {@link #WAKE_UP_SECONDS}).
     */
    public static void driveWhile(Stage stage, List<byte[]> chunks, Predicate<Buffer> output) {
        int next = 0;
        boolean ended = false;
        Semaphore wakeUps = new Semaphore(0);
        stage.wakeUpWith(wakeUps::release);
        try {
            while (true) {
                Buffer chunk = stage.poll();
                if (chunk != null) {
                    if (chunk.length() == 0) {
                        throw new AssertionError("a stage returned an empty chunk");
                    }
                    if (!output.test(chunk)) {
                        return;
                    }
                } else if (stage.isFinished()) {
                    return;
                } else if (!stage.wantsInput()) {
                    if (!wakeUps.tryAcquire(WAKE_UP_SECONDS, TimeUnit.SECONDS)) {
                        throw new AssertionError("a stage waiting for its own work never woke its driver");
                    }
                } else if (next < chunks.size()) {
                    stage.accept(Buffer.buffer(chunks.get(next++)));
                } else if (!ended) {
                    ended = true;
                    stage.endOfInput();
                } else {
                    throw new AssertionError("the stage neither produced output nor finished after its input ended");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a stage", e);
        } finally {
            stage.release();
        }
    }

    /** Runs {@code stage} over {@code input} cut into chunks of {@code chunkSize} bytes. */
    public static byte[] run(Stage stage, byte[] input, int chunkSize) {
        return run(stage, split(input, chunkSize));
    }

    /** Runs {@code stage} over {@code input} cut at random places (chunks of 0 to 2 * meanChunk bytes). */
    public static byte[] runRandomlyChunked(Stage stage, byte[] input, Random random, int meanChunk) {
        List<byte[]> chunks = new ArrayList<>();
        int pos = 0;
        while (pos < input.length) {
            int size = Math.min(input.length - pos, random.nextInt(2 * meanChunk + 1));
            chunks.add(java.util.Arrays.copyOfRange(input, pos, pos + size));
            pos += size;
        }
        return run(stage, chunks);
    }

    /**
     * {@code input} cut into chunks of {@code chunkSize} bytes, each made when it is read: 1-byte
     * chunks of a few MiB held at once would take far more of the test heap than the data itself.
     */
    public static List<byte[]> split(byte[] input, int chunkSize) {
        int count = (int) ((input.length + (long) chunkSize - 1) / chunkSize);
        return new java.util.AbstractList<>() {
            @Override
            public byte[] get(int index) {
                int from = (int) ((long) index * chunkSize);
                return java.util.Arrays.copyOfRange(input, from, (int) Math.min(input.length, (long) from + chunkSize));
            }

            @Override
            public int size() {
                return count;
            }
        };
    }
}
