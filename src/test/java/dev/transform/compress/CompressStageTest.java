package dev.transform.compress;

import static dev.transform.testing.TestData.mixedBytes;
import static dev.transform.testing.TestData.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.engine.StageHarness;
import dev.transform.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

public class CompressStageTest {

    static final int[] LEVELS = {0, 1, 6, 9};

    /** Decompresses with the JDK alone, the oracle for every format. */
    public static byte[] jdkDecompress(Format format, byte[] compressed) {
        try (InputStream in = switch (format) {
            case GZIP -> new GZIPInputStream(new ByteArrayInputStream(compressed));
            case DEFLATE -> new InflaterInputStream(new ByteArrayInputStream(compressed), new Inflater(false));
            case DEFLATE_RAW -> new InflaterInputStream(new ByteArrayInputStream(compressed), new Inflater(true));
        }) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compresses with the JDK's Deflater: the reference the stage's output sizes are compared with. */

    private static void assertRoundTrip(byte[] data, Format format, int level, byte[] compressed) {
        assertArrayEquals(data, jdkDecompress(format, compressed), format.id() + " level " + level + ", " + data.length + " bytes");
    }

    @Test
    void emptyInputCompressesToAValidEmptyStream() {
        for (Format format : Format.values()) {
            for (int level : LEVELS) {
                assertRoundTrip(new byte[0], format, level, StageHarness.run(new CompressStage(format, level), List.of()));
                assertRoundTrip(new byte[0], format, level,
                        StageHarness.run(new CompressStage(format, level), List.of(new byte[0], new byte[0])));
            }
        }
    }

    @Test
    void everyFormatAndLevelDecompressesWithTheJdkForEveryChunking() {
        for (Format format : Format.values()) {
            for (int level : LEVELS) {
                for (byte[] data : List.of(new byte[] {42}, TestData.ascii("hello, hello, hello"), mixedBytes(new Random(level), 100_000))) {
                    for (int size : TestData.CHUNK_SIZES) {
                        assertRoundTrip(data, format, level, StageHarness.run(new CompressStage(format, level), data, size));
                    }
                    for (long seed : TestData.SEEDS) {
                        assertRoundTrip(data, format, level,
                                StageHarness.runRandomlyChunked(new CompressStage(format, level), data, new Random(seed), 5000));
                    }
                }
            }
        }
    }

    @Test
    void randomRoundTrips() {
        for (long seed : TestData.SEEDS) {
            Random random = new Random(seed);
            for (int round = 0; round < 20; round++) {
                byte[] data = random.nextBoolean() ? mixedBytes(random, random.nextInt(20_000)) : randomBytes(random, random.nextInt(3000));
                Format format = Format.values()[random.nextInt(3)];
                int level = LEVELS[random.nextInt(LEVELS.length)];
                assertRoundTrip(data, format, level,
                        StageHarness.runRandomlyChunked(new CompressStage(format, level), data, random, 1 + random.nextInt(4000)));
            }
        }
    }

    /** Stored (level 0) random data is larger than its input, so it fills many 64 KiB segments. */
    @Test
    void largeInputsCrossOutputSegments() {
        byte[] incompressible = randomBytes(new Random(9), 3 * 1024 * 1024 + 17);
        byte[] compressible = mixedBytes(new Random(10), 4 * 1024 * 1024);
        for (Format format : Format.values()) {
            for (int level : new int[] {0, 1, 9}) {
                for (byte[] data : List.of(incompressible, compressible)) {
                    assertRoundTrip(data, format, level, StageHarness.run(new CompressStage(format, level), data, 65537));
                    assertRoundTrip(data, format, level,
                            StageHarness.runRandomlyChunked(new CompressStage(format, level), data, new Random(level), 30000));
                }
            }
        }
    }

    @Test
    void gzipHasTheFixedHeaderAndAnExactTrailer() {
        byte[] data = mixedBytes(new Random(12), 200_000);
        byte[] gzip = StageHarness.run(new CompressStage(Format.GZIP, 6), data, 8191);
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}, Arrays.copyOf(gzip, 10));
        ByteBuffer trailer = ByteBuffer.wrap(gzip, gzip.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
        CRC32 crc = new CRC32();
        crc.update(data);
        assertEquals((int) crc.getValue(), trailer.getInt());
        assertEquals(data.length, trailer.getInt());
        // Between them, exactly the raw deflate stream the JDK's Deflater makes at that level.
        assertArrayEquals(TestData.jdkDeflate(data, 6, true), Arrays.copyOfRange(gzip, 10, gzip.length - 8));
    }

    /**
     * From level 1 up, zlib's output does not depend on how input and output space are handed to
     * it, so the stage must give exactly the JDK Deflater's bytes. (Level 0's stored blocks are
     * cut where the output space ends, so there only the round trips are compared.)
     */
    @Test
    void deflateIsExactlyTheJdkDeflaterStream() {
        for (int level : new int[] {1, 6, 9}) {
            byte[] data = mixedBytes(new Random(level + 100), 150_000);
            assertArrayEquals(TestData.jdkDeflate(data, level, false), StageHarness.run(new CompressStage(Format.DEFLATE, level), data, 7777));
            assertArrayEquals(TestData.jdkDeflate(data, level, true), StageHarness.run(new CompressStage(Format.DEFLATE_RAW, level), data, 7777));
        }
    }

    /**
     * The gzip trailer is written after the deflate data into the same 64 KiB output segment; when
     * fewer than 8 bytes of that segment are left, it must not cost the data not yet handed out.
     * At level 0 the output grows by one byte per input byte, so a run of input lengths ends the
     * deflate data at every position of a segment's last bytes; each is checked with the JDK.
     */
    @Test
    void gzipTrailerNearTheEndOfAnOutputSegment() {
        byte[] pool = randomBytes(new Random(13), 140_000);
        int nearEnd = 0;
        for (int base : new int[] {Segments.SIZE - 40, 2 * Segments.SIZE - 60}) {
            for (int length = base; length < base + 80; length++) {
                byte[] data = Arrays.copyOf(pool, length);
                for (int chunk : new int[] {length, 8191}) {
                    byte[] gzip = StageHarness.run(new CompressStage(Format.GZIP, 0), data, chunk);
                    assertRoundTrip(data, Format.GZIP, 0, gzip);
                    int dataEnd = (gzip.length - 8) % Segments.SIZE;
                    if (dataEnd > Segments.SIZE - 8) {
                        nearEnd++;
                    }
                }
            }
        }
        assertTrue(nearEnd >= 8, "too few runs ended their data in a segment's last 8 bytes: " + nearEnd);
    }
}
