package dev.transform.slice;

import static dev.transform.testing.TestData.assertAllChunkings;
import static dev.transform.testing.TestData.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.transform.engine.StageHarness;
import dev.transform.testing.TestData;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TailStageTest {

    private static byte[] last(byte[] input, long window) {
        return Arrays.copyOfRange(input, (int) Math.max(0, input.length - window), input.length);
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertArrayEquals(new byte[0], StageHarness.run(new TailStage(10), List.of()));
        assertArrayEquals(new byte[0], StageHarness.run(new TailStage(10), List.of(new byte[0], new byte[0])));
    }

    @Test
    void windowLargerThanTheInputGivesAllOfIt() {
        byte[] input = randomBytes(new Random(1), 300);
        assertAllChunkings(input, () -> new TailStage(301), input);
        assertAllChunkings(input, () -> new TailStage(300), input);
        assertAllChunkings(input, () -> new TailStage(Long.MAX_VALUE), input);
    }

    @Test
    void lastBytes() {
        byte[] input = randomBytes(new Random(2), 1000);
        for (long window : new long[] {1, 2, 7, 64, 999}) {
            assertAllChunkings(last(input, window), () -> new TailStage(window), input);
        }
    }

    @Test
    void randomWindowsAndChunkings() {
        for (long seed : TestData.SEEDS) {
            Random random = new Random(seed);
            for (int round = 0; round < 40; round++) {
                byte[] input = randomBytes(random, random.nextInt(2000));
                long window = 1 + random.nextInt(2500);
                assertAllChunkings(last(input, window), () -> new TailStage(window), input);
            }
        }
    }

    /** A tail of several MiB held across many chunks, of an input several times larger. */
    @Test
    void largeInput() {
        byte[] input = randomBytes(new Random(3), 5 * 1024 * 1024);
        assertAllChunkings(last(input, 2 * 1024 * 1024 + 5), () -> new TailStage(2 * 1024 * 1024 + 5), input);
    }
}
