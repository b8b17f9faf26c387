package dev.transform.compress.lz4;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jpountz.xxhash.StreamingXXHash32;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;

class XxHash32Test {

    private static int hash(String text, int seed) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return XxHash32.hash(bytes, 0, bytes.length, seed);
    }

    @Test
    void knownValues() {
        // The reference implementation's values (xxhsum -H0), which lz4's frames carry.
        assertEquals(0x02CC5D05, hash("", 0));
        assertEquals(0x32D153FF, hash("abc", 0));
    }

    /** lz4-java's hash (the one this replaced) as the oracle: every length to 100 and past, every seed kind, in pieces. */
    @Test
    void matchesLz4JavaInAnyPieces() {
        XXHashFactory oracle = XXHashFactory.safeInstance();
        Random random = new Random(32);
        for (int round = 0; round < 400; round++) {
            int length = round < 100 ? round : random.nextInt(5000);
            byte[] data = new byte[length + 7];
            random.nextBytes(data);
            int from = random.nextInt(7);
            int seed = round % 3 == 0 ? 0 : random.nextInt();
            int expected = oracle.hash32().hash(data, from, length, seed);
            assertEquals(expected, XxHash32.hash(data, from, length, seed), "whole, length " + length);

            XxHash32 pieces = new XxHash32(seed);
            StreamingXXHash32 streaming = oracle.newStreamingHash32(seed);
            int at = from;
            int end = from + length;
            while (at < end) {
                int piece = Math.min(end - at, random.nextInt(4) == 0 ? 1 : random.nextInt(40));
                pieces.update(data, at, piece);
                streaming.update(data, at, piece);
                at += piece;
                assertEquals(streaming.getValue(), pieces.value(), "after " + (at - from) + " of " + length);
            }
            assertEquals(expected, pieces.value(), "in pieces, length " + length);
        }
    }
}
