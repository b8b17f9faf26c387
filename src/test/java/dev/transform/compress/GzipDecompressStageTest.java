package dev.transform.compress;

import static dev.transform.compress.CompressStageTest.jdkDecompress;
import static dev.transform.testing.TestData.jdkDeflate;
import static dev.transform.testing.TestData.jdkGzip;
import static dev.transform.testing.TestData.ascii;
import static dev.transform.testing.TestData.assertAllChunkings;
import static dev.transform.testing.TestData.assertFails;
import static dev.transform.testing.TestData.assertInvalidAt;
import static dev.transform.testing.TestData.mixedBytes;
import static dev.transform.testing.TestData.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.engine.ProblemType;
import dev.transform.engine.StageHarness;
import dev.transform.engine.TransformException;
import dev.transform.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipDecompressStageTest {

    private static final long NO_LIMIT = Long.MAX_VALUE;

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] littleEndian32(long value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }

    /** A member built by hand: {@code header}, the raw deflate data of {@code data}, then CRC32 and ISIZE. */
    static byte[] member(byte[] header, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return concat(header, jdkDeflate(data, 6, true), littleEndian32(crc.getValue()), littleEndian32(data.length));
    }

    /** A header with FEXTRA, FNAME, FCOMMENT and FHCRC, the CRC16 being the low half of the CRC32 of what precedes it. */
    static byte[] fullHeader(byte[] extra, boolean correctHeaderCrc) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0x12, 0x34, 0x56, 0x78, 0, 3});
        header.write(extra.length & 0xff);
        header.write(extra.length >>> 8);
        header.writeBytes(extra);
        header.writeBytes(ascii("file.txt\0"));
        header.writeBytes(ascii("a comment, with \u0001 odd bytes\0"));
        CRC32 crc = new CRC32();
        crc.update(header.toByteArray());
        int crc16 = (int) crc.getValue() & 0xffff ^ (correctHeaderCrc ? 0 : 1);
        header.write(crc16 & 0xff);
        header.write(crc16 >>> 8);
        return header.toByteArray();
    }

    private static byte[] decompress(byte[] gzip, int chunkSize) {
        return StageHarness.run(new GzipDecompressStage(NO_LIMIT), gzip, chunkSize);
    }

    private static void assertDecompresses(byte[] expected, byte[] gzip) {
        assertAllChunkings(expected, () -> new GzipDecompressStage(NO_LIMIT), gzip);
    }

    private static TransformException assertRejectedAt(long offset, byte[] gzip) {
        TransformException first = null;
        for (int size : TestData.CHUNK_SIZES) {
            TransformException e = assertInvalidAt(offset, () -> decompress(gzip, size));
            first = first == null ? e : first;
        }
        for (long seed : TestData.SEEDS) {
            assertInvalidAt(offset, () -> StageHarness.runRandomlyChunked(new GzipDecompressStage(NO_LIMIT), gzip,
                    new Random(seed), 1 + gzip.length / 5));
        }
        return first;
    }

    @Test
    void decompressesWhatTheJdkCompresses() {
        Random random = new Random(1952);
        for (byte[] data : List.of(new byte[0], new byte[] {7}, ascii("hello"), mixedBytes(random, 100_000),
                randomBytes(random, 70_000))) {
            assertDecompresses(data, jdkGzip(data));
        }
    }

    @Test
    void randomRoundTripsThroughTheCompressStage() {
        for (long seed : TestData.SEEDS) {
            Random random = new Random(seed);
            for (int round = 0; round < 15; round++) {
                byte[] data = mixedBytes(random, random.nextInt(50_000));
                int level = CompressStageTest.LEVELS[random.nextInt(4)];
                byte[] gzip = StageHarness.runRandomlyChunked(new CompressStage(Format.GZIP, level), data, random, 3000);
                assertArrayEquals(data, jdkDecompress(Format.GZIP, gzip));
                assertArrayEquals(data, StageHarness.runRandomlyChunked(new GzipDecompressStage(NO_LIMIT), gzip, random,
                        1 + random.nextInt(2000)));
            }
        }
    }

    @Test
    void largeOutputCrossesSegments() {
        byte[] data = mixedBytes(new Random(77), 5 * 1024 * 1024);
        assertDecompresses(data, jdkGzip(data));
        byte[] noise = randomBytes(new Random(78), 2 * 1024 * 1024);
        assertDecompresses(noise, StageHarness.run(new CompressStage(Format.GZIP, 0), noise, 65536));
    }

    @Test
    void emptyInputIsRejected() {
        assertInvalidAt(0, () -> StageHarness.run(new GzipDecompressStage(NO_LIMIT), List.of()));
        assertInvalidAt(0, () -> StageHarness.run(new GzipDecompressStage(NO_LIMIT), List.of(new byte[0], new byte[0])));
    }

    @Test
    void dataThatIsNotGzipIsRejectedAtTheMagicNumber() {
        TransformException e = assertRejectedAt(0, ascii("hello, this is not gzip"));
        assertTrue(e.detail().contains("magic"), e.detail());
        assertRejectedAt(1, new byte[] {0x1f, 0x00, 8, 0, 0, 0, 0, 0, 0, 0});
        byte[] zlib = jdkDeflate(ascii("zlib, not gzip"), 6, false);
        assertTrue(assertRejectedAt(0, zlib).detail().contains("magic"));
    }

    @Test
    void badHeaderFieldsAreRejected() {
        byte[] gzip = jdkGzip(ascii("data"));
        byte[] badMethod = gzip.clone();
        badMethod[2] = 7;
        assertRejectedAt(2, badMethod);
        byte[] reservedFlag = gzip.clone();
        reservedFlag[3] = (byte) 0x20;
        assertRejectedAt(3, reservedFlag);
    }

    @Test
    void truncationAnywhereIsRejected() {
        byte[] data = mixedBytes(new Random(5), 30_000);
        byte[] gzip = jdkGzip(data);
        // Header: the stage fails where its input ends.
        for (int cut = 1; cut < 10; cut++) {
            assertRejectedAt(cut, Arrays.copyOf(gzip, cut));
        }
        // Trailer: likewise.
        for (int cut = gzip.length - 8; cut < gzip.length; cut++) {
            TransformException e = assertRejectedAt(cut, Arrays.copyOf(gzip, cut));
            assertTrue(e.detail().contains("trailer"), e.detail());
        }
        // Data: at the end of the input too, however the input was chunked.
        for (int cut : new int[] {11, 100, gzip.length / 2, gzip.length - 9}) {
            byte[] truncated = Arrays.copyOf(gzip, cut);
            for (int size : TestData.CHUNK_SIZES) {
                TransformException e = assertInvalidAt(cut, () -> decompress(truncated, size));
                assertTrue(e.detail().contains("truncated"), e.detail());
            }
        }
        // A header with FNAME whose name never ends.
        byte[] endlessName = concat(new byte[] {0x1f, (byte) 0x8b, 8, 8, 0, 0, 0, 0, 0, 3}, ascii("name-without-nul"));
        assertRejectedAt(endlessName.length, endlessName);
    }

    @Test
    void badCrcAndIsizeAreRejectedAtTheirField() {
        byte[] gzip = jdkGzip(mixedBytes(new Random(6), 70_000));
        byte[] badCrc = gzip.clone();
        badCrc[gzip.length - 8] ^= 1;
        assertTrue(assertRejectedAt(gzip.length - 8, badCrc).detail().contains("CRC"));
        byte[] badSize = gzip.clone();
        badSize[gzip.length - 1] ^= 0x40;
        assertTrue(assertRejectedAt(gzip.length - 4, badSize).detail().contains("ISIZE"));
    }

    @Test
    void trailingGarbageAfterAMemberIsRejected() {
        byte[] gzip = jdkGzip(ascii("payload"));
        assertRejectedAt(gzip.length, concat(gzip, ascii("garbage")));
        assertRejectedAt(gzip.length, concat(gzip, new byte[] {0}));
        assertRejectedAt(gzip.length, concat(gzip, new byte[16]));
        // Something that starts like a member: rejected where it stops being one.
        assertRejectedAt(gzip.length + 1, concat(gzip, new byte[] {0x1f, 0x00}));
        assertRejectedAt(gzip.length + 1, concat(gzip, new byte[] {0x1f}));
        assertRejectedAt(gzip.length + 10, concat(gzip, Arrays.copyOf(gzip, 10)));
    }

    @Test
    void concatenatedMembersGiveAllTheirData() {
        byte[] first = mixedBytes(new Random(1), 40_000);
        byte[] second = randomBytes(new Random(2), 3_000);
        byte[] both = concat(jdkGzip(first), jdkGzip(second));
        assertArrayEquals(concat(first, second), jdkDecompress(Format.GZIP, both));
        assertDecompresses(concat(first, second), both);
        // Empty members count as members.
        assertDecompresses(new byte[0], concat(jdkGzip(new byte[0]), jdkGzip(new byte[0])));
        assertDecompresses(ascii("ab"), concat(jdkGzip(ascii("a")), jdkGzip(new byte[0]), jdkGzip(ascii("b"))));
        // Many small members, each a different header.
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ByteArrayOutputStream many = new ByteArrayOutputStream();
        for (int i = 0; i < 50; i++) {
            byte[] data = ascii("member " + i + ";");
            expected.writeBytes(data);
            many.writeBytes(i % 2 == 0 ? jdkGzip(data) : member(fullHeader(new byte[i], true), data));
        }
        assertDecompresses(expected.toByteArray(), many.toByteArray());
        // A bad member after a good one is still caught, at its own offset.
        byte[] good = jdkGzip(first);
        byte[] bad = jdkGzip(second);
        bad[bad.length - 5] ^= 1;
        assertRejectedAt(good.length + bad.length - 8, concat(good, bad));
    }

    @Test
    void optionalHeaderFieldsAreSkippedAndTheHeaderCrcChecked() {
        byte[] data = ascii("with every optional header field");
        byte[] extra = {'A', 'p', 4, 0, 1, 2, 3, 4};
        byte[] header = fullHeader(extra, true);
        byte[] gzip = member(header, data);
        // The JDK reads the hand-built member the same way, so the test's construction is right.
        assertArrayEquals(data, jdkDecompress(Format.GZIP, gzip));
        assertDecompresses(data, gzip);
        // An empty FEXTRA field.
        assertDecompresses(data, member(fullHeader(new byte[0], true), data));
        // A long FEXTRA field, up to XLEN's maximum of 65535 bytes.
        assertDecompresses(data, member(fullHeader(randomBytes(new Random(3), 65_535), true), data));
        // Only FNAME, only FCOMMENT, only FHCRC.
        byte[] onlyName = concat(new byte[] {0x1f, (byte) 0x8b, 8, 8, 0, 0, 0, 0, 0, 3}, ascii("x\0"));
        assertDecompresses(data, member(onlyName, data));
        byte[] onlyComment = concat(new byte[] {0x1f, (byte) 0x8b, 8, 16, 0, 0, 0, 0, 0, 3}, ascii("\0"));
        assertDecompresses(data, member(onlyComment, data));
        byte[] fixed = {0x1f, (byte) 0x8b, 8, 2, 0, 0, 0, 0, 0, 3};
        CRC32 crc = new CRC32();
        crc.update(fixed);
        assertDecompresses(data, member(concat(fixed, new byte[] {(byte) crc.getValue(), (byte) (crc.getValue() >>> 8)}), data));
        // A wrong header CRC is rejected at the CRC16 field.
        byte[] badHeader = fullHeader(extra, false);
        TransformException e = assertRejectedAt(badHeader.length - 2, member(badHeader, data));
        assertTrue(e.detail().contains("CRC16"), e.detail());
    }

    @Test
    void corruptDeflateDataIsRejected() {
        // Block type 3 is reserved: zlib fails on the first data byte.
        byte[] reservedBlock = concat(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}, new byte[] {(byte) 0xff, 0, 0});
        for (int size : TestData.CHUNK_SIZES) {
            TransformException e = assertFails(ProblemType.INVALID_INPUT, () -> decompress(reservedBlock, size));
            assertTrue(e.offset() >= 10 && e.offset() <= reservedBlock.length, String.valueOf(e.offset()));
        }
        // Flipped bits in the data: either zlib or the CRC32 catches them.
        byte[] data = mixedBytes(new Random(8), 50_000);
        Random random = new Random(9);
        for (int round = 0; round < 30; round++) {
            byte[] gzip = jdkGzip(data);
            gzip[10 + random.nextInt(gzip.length - 18)] ^= (byte) (1 << random.nextInt(8));
            assertFails(ProblemType.INVALID_INPUT, () -> decompress(gzip, 4096));
        }
    }

    @Test
    void outputIsLimitedToMaxOutputBytes() {
        byte[] data = mixedBytes(new Random(4), 300_000);
        byte[] gzip = jdkGzip(data);
        assertArrayEquals(data, StageHarness.run(new GzipDecompressStage(data.length), gzip, 8191));
        TransformException e = assertFails(ProblemType.LIMIT_EXCEEDED,
                () -> StageHarness.run(new GzipDecompressStage(data.length - 1), gzip, 8191));
        assertEquals(null, e.offset());
        // The limit is over all members together.
        byte[] twice = concat(gzip, gzip);
        assertArrayEquals(concat(data, data), StageHarness.run(new GzipDecompressStage(2L * data.length), twice, 8191));
        assertFails(ProblemType.LIMIT_EXCEEDED, () -> StageHarness.run(new GzipDecompressStage(data.length + 1), twice, 8191));
        assertFails(ProblemType.LIMIT_EXCEEDED, () -> StageHarness.run(new GzipDecompressStage(0), jdkGzip(new byte[1]), 1));
        assertArrayEquals(new byte[0], StageHarness.run(new GzipDecompressStage(0), jdkGzip(new byte[0]), 1));
    }

    /** A few hundred KiB that inflate to 200 MiB: stopped at the limit, having handed out no more than it. */
    @Test
    void decompressionBombIsStoppedEarly() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 65536)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                gzip.write(zeros);
            }
        }
        byte[] bomb = bytes.toByteArray();
        assertTrue(bomb.length < 1 << 20);
        long max = 1 << 20;
        for (int size : new int[] {1024, 65536, bomb.length}) {
            TestData.Outcome outcome = TestData.runCounting(new GzipDecompressStage(max), StageHarness.split(bomb, size));
            assertNotNull(outcome.failure(), "the bomb was not stopped");
            assertEquals(ProblemType.LIMIT_EXCEEDED, outcome.failure().type());
            assertTrue(outcome.produced() <= max + Segments.SIZE, "handed out " + outcome.produced());
            assertTrue(outcome.produced() <= max, "handed out " + outcome.produced() + " of a " + max + " limit");
        }
    }
}
