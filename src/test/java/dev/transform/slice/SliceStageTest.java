package dev.transform.slice;

import static dev.transform.testing.TestData.assertAllChunkings;
import static dev.transform.testing.TestData.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.engine.StageHarness;
import dev.transform.testing.TestData;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SliceStageTest {

    /** The oracle: Arrays.copyOfRange with the range clamped to the input. */
    static byte[] expected(byte[] input, long offset, long length) {
        long from = Math.min(offset, input.length);
        long to = Math.min(input.length, from + Math.min(length, input.length));
        return Arrays.copyOfRange(input, (int) from, (int) to);
    }

    private static void assertSlice(byte[] input, long offset, long length) {
        assertAllChunkings(expected(input, offset, length), () -> new SliceStage(offset, length), input);
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertArrayEquals(new byte[0], StageHarness.run(new SliceStage(0, Long.MAX_VALUE), List.of()));
        assertArrayEquals(new byte[0], StageHarness.run(new SliceStage(5, 10), List.of(new byte[0])));
    }

    @Test
    void ranges() {
        byte[] input = randomBytes(new Random(1), 1000);
        assertSlice(input, 0, Long.MAX_VALUE);
        assertSlice(input, 0, 1000);
        assertSlice(input, 0, 1);
        assertSlice(input, 999, 1);
        assertSlice(input, 10, 100);
        assertSlice(input, 500, Long.MAX_VALUE);
        assertSlice(input, 999, Long.MAX_VALUE);
        assertSlice(input, 990, 100);
    }

    @Test
    void offsetAtOrPastTheEndGivesEmptyOutput() {
        byte[] input = randomBytes(new Random(2), 100);
        assertAllChunkings(new byte[0], () -> new SliceStage(100, Long.MAX_VALUE), input);
        assertAllChunkings(new byte[0], () -> new SliceStage(101, 5), input);
        assertAllChunkings(new byte[0], () -> new SliceStage(Long.MAX_VALUE, Long.MAX_VALUE), input);
        assertAllChunkings(new byte[0], () -> new SliceStage((long) Integer.MAX_VALUE + 7, 1), input);
    }

    @Test
    void zeroLengthGivesEmptyOutputAndIsFinishedAtOnce() {
        SliceStage stage = new SliceStage(10, 0);
        assertTrue(stage.isFinished(), "a zero-length slice needs no input");
        assertNull(stage.poll());
        assertAllChunkings(new byte[0], () -> new SliceStage(0, 0), randomBytes(new Random(3), 50));
    }

    /** Once it has its length the stage is finished, so the rest of the input is never asked for. */
    @Test
    void finishesAsSoonAsItHasItsLength() {
        SliceStage stage = new SliceStage(3, 4);
        stage.accept(Buffer.buffer(new byte[] {0, 1, 2, 3, 4}));
        assertArrayEquals(new byte[] {3, 4}, stage.poll().getBytes());
        assertFalse(stage.isFinished());
        assertNull(stage.poll());
        stage.accept(Buffer.buffer(new byte[] {5, 6, 7, 8, 9}));
        assertFalse(stage.isFinished(), "finished while output is pending");
        assertArrayEquals(new byte[] {5, 6}, stage.poll().getBytes());
        assertTrue(stage.isFinished());
        assertNull(stage.poll());
        stage.release();
        // Through the harness: a finished stage is not fed the remaining chunks.
        int[] accepted = {0};
        SliceStage counting = new SliceStage(0, 10);
        List<byte[]> chunks = StageHarness.split(new byte[1000], 10);
        byte[] out = StageHarness.run(new dev.transform.engine.Stage() {
            @Override
            public void accept(Buffer chunk) {
                accepted[0]++;
                counting.accept(chunk);
            }

            @Override
            public void endOfInput() {
                counting.endOfInput();
            }

            @Override
            public Buffer poll() {
                return counting.poll();
            }

            @Override
            public boolean isFinished() {
                return counting.isFinished();
            }
        }, chunks);
        assertEquals(10, out.length);
        assertEquals(1, accepted[0], "chunks fed after the slice was complete");
    }

    @Test
    void randomSlicesAndChunkings() {
        for (long seed : TestData.SEEDS) {
            Random random = new Random(seed);
            for (int round = 0; round < 40; round++) {
                byte[] input = randomBytes(random, random.nextInt(500));
                long offset = random.nextInt(600);
                long length = random.nextBoolean() ? Long.MAX_VALUE : random.nextInt(600);
                assertSlice(input, offset, length);
            }
        }
    }

    @Test
    void largeInput() {
        byte[] input = randomBytes(new Random(4), 3 * 1024 * 1024);
        assertSlice(input, 65537, 2 * 1024 * 1024 + 3);
        assertSlice(input, 1, Long.MAX_VALUE);
    }
}
