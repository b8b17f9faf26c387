package dev.transform.compress.xz;

import static dev.transform.testing.TestData.ascii;
import static dev.transform.testing.TestData.assertAllChunkings;
import static dev.transform.testing.TestData.assertFails;
import static dev.transform.testing.TestData.assertInvalidAt;
import static dev.transform.testing.TestData.mixedBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.compress.Codec;
import dev.transform.compress.CodecContract;
import dev.transform.engine.Bytes;
import dev.transform.engine.NativeResource;
import dev.transform.engine.ProblemType;
import dev.transform.engine.Stage;
import dev.transform.engine.StageHarness;
import dev.transform.engine.TransformException;
import dev.transform.testing.ReferenceTool;
import dev.transform.testing.Settle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;

/**
 * xz against the xz CLI (xz-utils 5.4) and python's lzma: the contract, every preset, stream padding,
 * checks, the dictionary limit, and the decoder's thread ending with the stage.
 */
class XzCodecTest extends CodecContract {

    private static final XzCodec XZ = new XzCodec();

    @Override
    protected Codec codec() {
        return XZ;
    }

    @Override
    protected String[] referenceCompress() {
        return new String[] {"xz", "-c"};
    }

    @Override
    protected String[] referenceDecompress() {
        return new String[] {"xz", "-d", "-c"};
    }

    @Test
    void everyPresetRoundTripsThroughTheCliAndPython() {
        byte[] data = mixedBytes(new Random(11), 150_000);
        for (int preset = 0; preset <= 9; preset++) {
            byte[] compressed = StageHarness.run(XZ.compressor(preset), data, 8191);
            assertArrayEquals(data, ReferenceTool.run(compressed, referenceDecompress()), "preset " + preset);
        }
        byte[] compressed = StageHarness.run(XZ.compressor(1), data, 1000);
        assertArrayEquals(data, ReferenceTool.run(compressed, "python3", "-c",
                "import lzma, sys; sys.stdout.buffer.write(lzma.decompress(sys.stdin.buffer.read()))"));
        for (String check : new String[] {"none", "crc32", "crc64", "sha256"}) {
            byte[] fromCli = ReferenceTool.run(data, "xz", "-c", "-1", "--check=" + check);
            assertArrayEquals(data, decompress(fromCli, 4093), "--check=" + check);
        }
    }

    @Test
    void streamPaddingAndManyStreamsDecodeWhole() {
        byte[] one = referenceCompressed(ascii("first"));
        byte[] two = referenceCompressed(ascii("second"));
        byte[] input = concat(one, new byte[8], two, new byte[4]);
        assertArrayEquals(ascii("firstsecond"), ReferenceTool.run(input, referenceDecompress()), "xz agrees");
        assertAllChunkings(ascii("firstsecond"), () -> XZ.decompressor(Long.MAX_VALUE, 0), input);
        byte[] badPadding = concat(one, new byte[5]);
        TransformException e = assertInvalidAt(one.length, () -> decompress(badPadding, 3));
        assertTrue(e.detail().contains("padding"), e.detail());
    }

    @Test
    void checkMismatchesAreRejected() {
        byte[] data = mixedBytes(new Random(13), 100_000);
        for (String check : new String[] {"crc32", "crc64", "sha256"}) {
            byte[] stream = ReferenceTool.run(data, "xz", "-c", "--check=" + check);
            // The block's check sits just before the index, whose size the 12-byte footer gives ((stored + 1) * 4).
            int footer = stream.length - 12;
            int indexSize = ((stream[footer + 4] & 0xff) + 1) * 4;
            stream[footer - indexSize - 1] ^= 0x01;
            TransformException e = assertFails(ProblemType.INVALID_INPUT, () -> decompress(stream, 4096));
            assertTrue(e.detail().contains("corrupt xz data") && e.detail().contains("does not match"), e.detail());
        }
    }

    @Test
    void dictionariesOverTheLimitAreRefusedByName() {
        byte[] big = ReferenceTool.run(ascii("presets 7 to 9 ask for more"), "xz", "-c", "-9");
        TransformException e = assertFails(ProblemType.INVALID_INPUT, () -> decompress(big, 100));
        assertTrue(e.detail().contains("MiB"), e.detail());
    }

    /**
     * An ended exchange can stay reachable for a while (its connection lets go of it later), and so
     * can its stages: more preset-6 encoders released mid-stream than the heap has room for must not
     * keep their ~94 MiB each. (Held, they ran this test's JVM out of heap.)
     */
    @Test
    void encodersReleasedMidStreamDoNotHoldTheirMemory() {
        List<Stage> released = new ArrayList<>();
        for (long i = 0; i < moreEncodersThanTheHeapHolds(); i++) {
            Stage stage = XZ.compressor(6);
            while (stage.poll() != null) {
                // the stream's header
            }
            stage.accept(Bytes.wrap(new byte[100_000]));
            stage.poll(); // encodes the first 64 KiB: the encoder and its match finder exist now
            stage.release();
            released.add(stage);
        }
    }

    /**
     * Finished encoders leave their match finders' arrays to the next stream (XZ for Java's array
     * cache): every stream's output must still be its own input's, and held stages hold nothing.
     */
    @Test
    void finishedEncodersLeaveTheirArraysToTheNextStream() {
        List<Stage> finished = new ArrayList<>();
        for (long i = 0; i < moreEncodersThanTheHeapHolds(); i++) {
            Stage stage = XZ.compressor(6);
            byte[] data = mixedBytes(new Random(i), 10_000 + (int) i * 7_919);
            assertArrayEquals(data, ReferenceTool.run(StageHarness.run(stage, data, 4096), referenceDecompress()), "stream " + i);
            finished.add(stage);
        }
    }

    private static long moreEncodersThanTheHeapHolds() {
        return Runtime.getRuntime().maxMemory() / XZ.compressorMemory(6) + 2;
    }

    /**
     * Every array a decoder takes from the cache goes back to it, however its stream ends (finished,
     * cut off mid-way, corrupt), and the next stream decodes right with the same dictionary.
     */
    @Test
    void decodersGiveTheirArraysBackHoweverTheStreamEnds() throws Exception {
        CountingCache cache = new CountingCache();
        byte[] data = mixedBytes(new Random(11), 300_000);
        byte[] compressed = referenceCompressed(data);

        assertArrayEquals(data, StageHarness.run(new XzDecompressStage(Long.MAX_VALUE, 0, cache), compressed, 4096));
        byte[] dictionary = cache.dictionary;
        assertNotNull(dictionary, "the dictionary came from the cache");
        assertTrue(cache.out.isEmpty(), "finished: every array back");

        Stage cut = new XzDecompressStage(Long.MAX_VALUE, 0, cache);
        assertNull(cut.poll());
        cut.accept(Bytes.wrap(compressed, 0, compressed.length / 2));
        cut.poll();
        awaitTrue(() -> !cache.out.isEmpty(), "the cut-off decoder started");
        assertSame(dictionary, cache.dictionary, "the next stream reuses the dictionary");
        cut.release();
        awaitTrue(cache.out::isEmpty, "cut off: every array back");

        byte[] corrupt = compressed.clone();
        corrupt[corrupt.length / 2] ^= 0x55;
        assertFails(ProblemType.INVALID_INPUT, () -> StageHarness.run(new XzDecompressStage(Long.MAX_VALUE, 0, cache), corrupt, 4096));
        awaitTrue(cache.out::isEmpty, "corrupt: every array back");

        assertArrayEquals(data, StageHarness.run(new XzDecompressStage(Long.MAX_VALUE, 0, cache), compressed, 1000));
        assertSame(dictionary, cache.dictionary, "and so does the one after a cut-off and a corrupt stream");
    }

    /**
     * The dictionary is allocated on the decoder's own thread, out of CodecMemory's sight: a JVM that
     * refuses it must still end the exchange, with the budget's answer, rather than leave it waiting.
     */
    @Test
    void aDecoderTheJvmRefusesItsDictionaryIsA503() {
        ArrayCache refusing = new ArrayCache() {
            @Override
            public byte[] getByteArray(int size, boolean fillWithZeros) {
                if (size >= 1 << 20) {
                    throw new OutOfMemoryError("Java heap space");
                }
                return super.getByteArray(size, fillWithZeros);
            }
        };
        byte[] compressed = referenceCompressed(mixedBytes(new Random(12), 100_000));
        long threadsBefore = NativeResource.XZ_DECODER_THREAD.open();
        TransformException e = assertFails(ProblemType.UNAVAILABLE,
                () -> StageHarness.run(new XzDecompressStage(Long.MAX_VALUE, 0, refusing), compressed, 4096));
        assertTrue(e.detail().startsWith("decompress xz: the JVM could not give the decoder its memory now"), e.detail());
        assertEquals(threadsBefore, NativeResource.XZ_DECODER_THREAD.open());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        assertTrue(Settle.until(condition, Duration.ofSeconds(2)), what);
    }

    /** XZ for Java's cache, counting which arrays are out with a decoder. */
    private static final class CountingCache extends ArrayCache {
        final Set<Object> out = ConcurrentHashMap.newKeySet();
        final BasicArrayCache arrays = new BasicArrayCache();
        /** The last array of at least 1 MiB taken: a decoder's dictionary. */
        volatile byte[] dictionary;

        @Override
        public byte[] getByteArray(int size, boolean fillWithZeros) {
            byte[] array = arrays.getByteArray(size, fillWithZeros);
            out.add(array);
            if (array.length >= 1 << 20) {
                dictionary = array;
            }
            return array;
        }

        @Override
        public void putArray(byte[] array) {
            out.remove(array);
            arrays.putArray(array);
        }

        @Override
        public int[] getIntArray(int size, boolean fillWithZeros) {
            int[] array = arrays.getIntArray(size, fillWithZeros);
            out.add(array);
            return array;
        }

        @Override
        public void putArray(int[] array) {
            out.remove(array);
            arrays.putArray(array);
        }
    }

    @Test
    void theDecoderThreadEndsWithTheStage() throws Exception {
        long before = NativeResource.XZ_DECODER_THREAD.open();
        Stage stage = XZ.decompressor(Long.MAX_VALUE, 0);
        stage.accept(Bytes.wrap(referenceCompressed(new byte[300_000]), 0, 20));
        // The first poll starts the decoder, which waits for more than these 20 bytes.
        assertNull(stage.poll());
        assertEquals(before + 1, NativeResource.XZ_DECODER_THREAD.open());
        stage.release();
        assertEquals(before, NativeResource.XZ_DECODER_THREAD.open());
        awaitTrue(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("transform-xz-")),
                "an xz decoder thread outlived its stage");
    }
}
