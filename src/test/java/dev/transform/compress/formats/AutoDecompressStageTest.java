package dev.transform.compress.formats;

import static dev.transform.testing.TestData.ascii;
import static dev.transform.testing.TestData.assertAllChunkings;
import static dev.transform.testing.TestData.assertInvalidAt;
import static dev.transform.testing.TestData.mixedBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.engine.StageHarness;
import dev.transform.engine.TransformException;
import dev.transform.testing.ReferenceTool;
import dev.transform.testing.TestData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** decompress/auto: the format from the magic number, whatever the chunking, and a 422 naming what it saw. */
class AutoDecompressStageTest {

    private static final byte[] DATA = mixedBytes(new Random(1), 40_000);

    private static String detected(byte[] input, int chunkSize) {
        AutoDecompressStage stage = new AutoDecompressStage(Long.MAX_VALUE, 0);
        Map<String, String> headers = new HashMap<>();
        List<byte[]> chunks = StageHarness.split(input, chunkSize);
        byte[] out = StageHarness.run(new HeaderRecording(stage, headers), chunks);
        assertArrayEquals(DATA, out, "chunk size " + chunkSize);
        return headers.get(AutoDecompressStage.HEADER);
    }

    @Test
    void recognisesEachFormatByItsMagicNumber() {
        Map<String, byte[]> inputs = Map.of(
                "gzip", TestData.jdkGzip(DATA),
                "deflate", TestData.jdkDeflate(DATA, 6, false),
                "zstd", ReferenceTool.run(DATA, "zstd", "-q", "-c"),
                "lz4", ReferenceTool.run(DATA, "lz4", "-q", "-c"),
                "bzip2", ReferenceTool.run(DATA, "bzip2", "-c"),
                "xz", ReferenceTool.run(DATA, "xz", "-c"),
                "snappy", StageHarness.run(Codecs.byId("snappy").compressor(0), DATA, 4096));
        inputs.forEach((format, input) -> {
            for (int size : TestData.CHUNK_SIZES) {
                assertEquals(format, detected(input, size));
            }
            assertAllChunkings(DATA, () -> new AutoDecompressStage(Long.MAX_VALUE, 0), input);
        });
        byte[] skippableFirst = StageHarness.run(new AutoDecompressStage(Long.MAX_VALUE, 0),
                List.of(new byte[] {0x50, 0x2a, 0x4d, 0x18, 1, 0, 0, 0, 9}, inputs.get("zstd")));
        assertArrayEquals(DATA, skippableFirst);
    }

    @Test
    void namesFormatsItRecognisesButDoesNotDecompress() {
        Map<String, byte[]> inputs = Map.of(
                "legacy", ReferenceTool.run(DATA, "lz4", "-q", "-c", "-l"));
        inputs.forEach((name, input) -> {
            TransformException e = assertInvalidAt(0, () -> StageHarness.run(new AutoDecompressStage(Long.MAX_VALUE, 0), input, 1));
            assertTrue(e.detail().contains(name) && e.detail().contains("not decompressed"), e.detail());
        });
    }

    @Test
    void unknownDataIsA422NamingItsFirstBytes() {
        TransformException e = assertInvalidAt(0, () -> StageHarness.run(new AutoDecompressStage(Long.MAX_VALUE, 0),
                ascii("PK\u0003\u0004 a zip file"), 2));
        assertTrue(e.detail().contains("50 4b 03 04 20 61 20 7a"), e.detail());
        e = assertInvalidAt(0, () -> StageHarness.run(new AutoDecompressStage(Long.MAX_VALUE, 0), ascii("x"), 1));
        assertTrue(e.detail().contains("bytes 78;"), e.detail());
        assertInvalidAt(0, () -> StageHarness.run(new AutoDecompressStage(Long.MAX_VALUE, 0), List.of()));
    }

    @Test
    void theFormatsOwnFailuresAndLimitsStillApply() {
        byte[] gzip = TestData.jdkGzip(DATA);
        byte[] cut = java.util.Arrays.copyOf(gzip, gzip.length - 3);
        assertInvalidAt(cut.length, () -> StageHarness.run(new AutoDecompressStage(Long.MAX_VALUE, 0), cut, 5));
        byte[] trailing = concat(ReferenceTool.run(DATA, "zstd", "-q", "-c"), ascii("junk"));
        assertInvalidAt(trailing.length - 4, () -> StageHarness.run(new AutoDecompressStage(Long.MAX_VALUE, 0), trailing, 3));
        TestData.Outcome outcome = TestData.runCounting(new AutoDecompressStage(1000, 0), StageHarness.split(gzip, 1));
        assertEquals(dev.transform.engine.ProblemType.LIMIT_EXCEEDED, outcome.failure().type());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Asks the stage for its header fields after each poll, as the response would when it commits. */
    private record HeaderRecording(AutoDecompressStage stage, Map<String, String> headers) implements dev.transform.engine.Stage {
        @Override
        public void accept(io.vertx.core.buffer.Buffer chunk) {
            stage.accept(chunk);
        }

        @Override
        public void endOfInput() {
            stage.endOfInput();
        }

        @Override
        public io.vertx.core.buffer.Buffer poll() {
            io.vertx.core.buffer.Buffer out = stage.poll();
            if (out != null) {
                stage.responseHeaders(headers::put);
            }
            return out;
        }

        @Override
        public boolean isFinished() {
            return stage.isFinished();
        }

        @Override
        public boolean wantsInput() {
            return stage.wantsInput();
        }

        @Override
        public void wakeUpWith(Runnable wakeUp) {
            stage.wakeUpWith(wakeUp);
        }

        @Override
        public void release() {
            stage.release();
        }
    }
}
