package dev.transform.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.engine.ProblemType;
import dev.transform.fuzz.FuzzSupport.Outcome;
import dev.transform.fuzz.Reference.Decoder;
import dev.transform.testing.TestData;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of decompress (gzip, deflate, deflate-raw) over data the JDK compressed, each case
 * from a seeded {@link Random} whose seed every failure message names: decompress(compress(x)) == x
 * for every chunking; output stops at maxOutputBytes with 413; random damage (bit flips, bytes
 * changed, inserted, dropped or appended, cuts) decompresses to what the independent oracle
 * decompresses, or fails with the contract's error, never another exception and never more output
 * than the limit.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DecompressPropertiesTest {

    private static final Decoder[] FORMATS = {Decoder.GZIP, Decoder.DEFLATE, Decoder.DEFLATE_RAW};

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 30);
    }

    /** Data that compresses to some degree (runs, a repeated phrase, noise), so deflate uses all its block types. */
    static byte[] data(Random random, int length) {
        byte[] bytes = new byte[length];
        byte[] phrase = "the quick brown fox jumps over the lazy dog ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int pos = 0;
        while (pos < length) {
            int run = Math.min(length - pos, 1 + random.nextInt(2048));
            int kind = random.nextInt(3);
            byte value = (byte) random.nextInt(256);
            for (int i = 0; i < run; i++) {
                bytes[pos + i] = switch (kind) {
                    case 0 -> value;
                    case 1 -> phrase[(pos + i) % phrase.length];
                    default -> (byte) random.nextInt(256);
                };
            }
            pos += run;
        }
        return bytes;
    }

    static int length(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(4);
            case 1 -> random.nextInt(300);
            case 2 -> random.nextInt(70_000);
            default -> random.nextInt(5000);
        };
    }

    static byte[] compress(Decoder format, byte[] data, int level) {
        return switch (format) {
            case GZIP -> TestData.jdkGzip(data);
            case DEFLATE -> TestData.jdkDeflate(data, level, false);
            default -> TestData.jdkDeflate(data, level, true);
        };
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void decompressRestoresWhatTheJdkCompressed(long seed) {
        Random random = new Random(seed);
        for (Decoder format : FORMATS) {
            byte[] data = data(random, length(random));
            int level = random.nextInt(10);
            byte[] compressed = compress(format, data, level);
            if (format == Decoder.GZIP && random.nextBoolean()) {
                // gzip(1) concatenates members; the whole is their data in order.
                byte[] more = data(random, length(random));
                compressed = SeedCorpusWriter.concat(compressed, TestData.jdkGzip(more));
                data = SeedCorpusWriter.concat(data, more);
            }
            for (List<byte[]> chunks : CodecPropertiesTest.chunkings(compressed, random)) {
                if (chunks.size() > 20_000) {
                    continue; // single bytes of the largest streams only take time; smaller ones cover them
                }
                String context = "seed " + seed + ": " + format.id + " level " + level + " of " + data.length + " bytes, "
                        + compressed.length + " compressed, in " + FuzzSupport.describe(chunks);
                Outcome outcome = FuzzSupport.run(DecoderFuzzTest.build(format, false, FuzzSupport.MAX_DECOMPRESSED), chunks,
                        FuzzSupport.MAX_DECOMPRESSED, Long.MAX_VALUE);
                assertTrue(outcome.succeeded(), () -> context + ": " + outcome);
                assertArrayEquals(data, outcome.output(), context);
            }
        }
    }

    /** Output is cut at maxOutputBytes: exactly the limit passes, one byte more fails with 413 and no more output. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void outputStopsAtTheLimit(long seed) {
        Random random = new Random(seed);
        for (Decoder format : FORMATS) {
            byte[] data = data(random, 1 + random.nextInt(200_000));
            byte[] compressed = compress(format, data, 1 + random.nextInt(9));
            List<byte[]> chunks = FuzzSupport.random(compressed, random, 1 + random.nextInt(4096));
            String context = "seed " + seed + ": " + format.id + " of " + data.length + " bytes";

            Outcome exact = FuzzSupport.run(DecoderFuzzTest.build(format, false, data.length), chunks, data.length, Long.MAX_VALUE);
            assertTrue(exact.succeeded(), () -> context + " with maxOutputBytes=" + data.length + ": " + exact);
            assertArrayEquals(data, exact.output(), context);

            long limit = random.nextInt(data.length);
            Outcome over = FuzzSupport.run(DecoderFuzzTest.build(format, false, limit), chunks, limit, Long.MAX_VALUE);
            assertFalse(over.succeeded(), () -> context + " with maxOutputBytes=" + limit + ": " + over);
            assertEquals(ProblemType.LIMIT_EXCEEDED, over.failure().type(), () -> context + ": " + over);
        }
    }

    /** Damaged streams decompress as the oracle says or fail with 413/422, whatever the chunking. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void damagedStreamsDecompressAsTheOracleSaysOrFail(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            Decoder format = FORMATS[random.nextInt(FORMATS.length)];
            byte[] data = data(random, random.nextInt(3) == 0 ? random.nextInt(20_000) : random.nextInt(200));
            byte[] stream = compress(format, data, random.nextInt(10));
            if (format == Decoder.GZIP && random.nextInt(4) == 0) {
                stream = SeedCorpusWriter.concat(stream, TestData.jdkGzip(data(random, random.nextInt(100))));
            }
            byte[] mutated = Mutations.binary(stream, random);
            long limit = random.nextInt(3) == 0 ? random.nextInt(data.length + 1) : FuzzSupport.MAX_DECOMPRESSED;
            for (List<byte[]> chunks : CodecPropertiesTest.chunkings(mutated, random)) {
                try {
                    DecoderFuzzTest.check(format, false, limit, mutated, chunks);
                } catch (AssertionError e) {
                    throw new AssertionError("seed " + seed + ", round " + round + ": " + e.getMessage(), e);
                }
            }
        }
    }
}
