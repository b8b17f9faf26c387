package dev.transform.engine;

import static dev.transform.testing.TestData.ascii;
import static dev.transform.testing.TestData.assertAllChunkings;
import static dev.transform.testing.TestData.assertFails;
import static dev.transform.testing.TestData.assertInvalidAt;
import static dev.transform.testing.TestData.mixedBytes;
import static dev.transform.testing.TestData.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.codec.DecodeStage;
import dev.transform.codec.EncodeStage;
import dev.transform.codec.Encoding;
import dev.transform.codec.LineBreakStage;
import dev.transform.compress.CompressStage;
import dev.transform.compress.Format;
import dev.transform.compress.GzipDecompressStage;
import dev.transform.compress.InflateStage;
import dev.transform.digest.Algorithm;
import dev.transform.digest.DigestStage;
import dev.transform.slice.SliceStage;
import dev.transform.slice.TailStage;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class PipelineTest {

    private static Pipeline pipeline(Stage... stages) {
        return new Pipeline(List.of(stages));
    }

    /** Counts the chunks a stage is fed, and whether it was released. */
    private static final class Recording implements Stage {
        final Stage inner;
        int accepted;
        int released;

        Recording(Stage inner) {
            this.inner = inner;
        }

        @Override
        public void accept(Buffer chunk) {
            accepted++;
            inner.accept(chunk);
        }

        @Override
        public void endOfInput() {
            inner.endOfInput();
        }

        @Override
        public Buffer poll() {
            return inner.poll();
        }

        @Override
        public boolean isFinished() {
            return inner.isFinished();
        }

        @Override
        public void release() {
            released++;
            inner.release();
        }
    }

    @Test
    void needsAStage() {
        assertThrows(IllegalArgumentException.class, () -> new Pipeline(List.of()));
    }

    @Test
    void singleStageIsThatStage() {
        byte[] data = randomBytes(new Random(1), 1000);
        assertAllChunkings(ascii(HexFormat.of().formatHex(data)), () -> pipeline(new EncodeStage(Encoding.HEX, true, false)), data);
        assertEquals(1, pipeline(new SliceStage(0, 1)).size());
    }

    @Test
    void encodeThenDecodeIsIdentity() {
        for (long seed : dev.transform.testing.TestData.SEEDS) {
            Random random = new Random(seed);
            byte[] data = randomBytes(random, random.nextInt(5000));
            for (Encoding encoding : Encoding.values()) {
                assertAllChunkings(data, () -> pipeline(new EncodeStage(encoding, random.nextBoolean(), false),
                        new LineBreakStage(1 + random.nextInt(80)), new DecodeStage(encoding, true)), data);
            }
        }
    }

    @Test
    void compressThenDecompressIsIdentity() {
        byte[] data = mixedBytes(new Random(2), 3 * 1024 * 1024);
        assertAllChunkings(data, () -> pipeline(new CompressStage(Format.GZIP, 1), new GzipDecompressStage(Long.MAX_VALUE)), data);
        assertAllChunkings(data, () -> pipeline(new CompressStage(Format.DEFLATE, 6), new InflateStage(Format.DEFLATE, Long.MAX_VALUE),
                new CompressStage(Format.DEFLATE_RAW, 0), new InflateStage(Format.DEFLATE_RAW, Long.MAX_VALUE)), data);
    }

    @Test
    void sliceEncodeCompressAgreesWithTheJdk() throws IOException {
        byte[] data = randomBytes(new Random(3), 200_000);
        byte[] out = StageHarness.run(pipeline(new SliceStage(1000, 90_000), new EncodeStage(Encoding.BASE64, true, false),
                new CompressStage(Format.GZIP, 9)), data, 8191);
        byte[] text;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(out))) {
            text = in.readAllBytes();
        }
        assertArrayEquals(Base64.getEncoder().encode(Arrays.copyOfRange(data, 1000, 91_000)), text);
    }

    @Test
    void decompressTailDigest() throws Exception {
        byte[] data = mixedBytes(new Random(4), 1_000_000);
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write(data);
        }
        byte[] json = StageHarness.run(pipeline(new GzipDecompressStage(Long.MAX_VALUE), new TailStage(70_000),
                new DigestStage(List.of(Algorithm.SHA_256), false)), gzip.toByteArray(), 65537);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Arrays.copyOfRange(data, data.length - 70_000, data.length)));
        assertEquals("{\"bytes\":70000,\"digests\":{\"sha-256\":\"" + sha + "\"}}", new String(json));
    }

    @Test
    void emptyInputFlowsThroughEveryStage() throws IOException {
        byte[] out = StageHarness.run(pipeline(new EncodeStage(Encoding.BASE64, true, false), new CompressStage(Format.GZIP, 6)), List.of());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(out))) {
            assertEquals(0, in.readAllBytes().length);
        }
        assertEquals("{\"bytes\":0,\"digests\":{\"crc32\":\"00000000\"}}",
                new String(StageHarness.run(pipeline(new SliceStage(0, Long.MAX_VALUE), new DigestStage(List.of(Algorithm.CRC32), false)),
                        List.of())));
    }

    /** A slice that has its bytes finishes the pipeline, and no more input is asked for. */
    @Test
    void finishesEarlyWhenTheFirstStageIsComplete() {
        Recording first = new Recording(new SliceStage(5, 10));
        Pipeline pipeline = pipeline(first, new EncodeStage(Encoding.HEX, true, false));
        List<byte[]> chunks = StageHarness.split(randomBytes(new Random(5), 1000), 4);
        byte[] all = new byte[1000];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        assertEquals(HexFormat.of().formatHex(Arrays.copyOfRange(all, 5, 15)), new String(StageHarness.run(pipeline, chunks)));
        assertEquals(4, first.accepted, "input was fed after the slice was complete");
        assertEquals(1, first.released);
    }

    @Test
    void isInputNeededFollowsTheFirstStage() {
        Pipeline pipeline = pipeline(new SliceStage(0, 2), new EncodeStage(Encoding.HEX, true, false));
        assertTrue(pipeline.isInputNeeded());
        assertNull(pipeline.poll());
        pipeline.accept(Buffer.buffer(new byte[] {1, 2, 3}));
        assertEquals("0102", new String(pipeline.poll().getBytes()));
        // The slice took its two bytes from the first chunk: it needs no more.
        assertFalse(pipeline.isInputNeeded());
        // Nor does the rest: the encoder is told its input ended without waiting for the source.
        assertNull(pipeline.poll());
        assertTrue(pipeline.isFinished());
        pipeline.release();
    }

    @Test
    void releasesEveryStage() {
        Recording a = new Recording(new SliceStage(0, Long.MAX_VALUE));
        Recording b = new Recording(new CompressStage(Format.GZIP, 1));
        StageHarness.run(pipeline(a, b), randomBytes(new Random(6), 100), 10);
        assertEquals(1, a.released);
        assertEquals(1, b.released);
    }

    @Test
    void failuresNameTheStepTheyHappenedIn() {
        // Step 1 decodes the hex that step 0 passes through: the bad character is at offset 3 of ITS input.
        TransformException e = assertInvalidAt(3, () -> StageHarness.run(pipeline(new SliceStage(2, Long.MAX_VALUE),
                new DecodeStage(Encoding.HEX, false), new EncodeStage(Encoding.BASE64, true, false)), ascii("xx666x"), 2));
        assertEquals(1, e.step());
        // Step 0 fails.
        e = assertInvalidAt(0, () -> StageHarness.run(pipeline(new GzipDecompressStage(100), new SliceStage(0, 1)), ascii("nope"), 1));
        assertEquals(0, e.step());
        // The last step fails, at the end of its input (odd hex), found when the input ends.
        e = assertInvalidAt(3, () -> StageHarness.run(pipeline(new SliceStage(0, 3), new DecodeStage(Encoding.HEX, false)),
                ascii("abcdef"), 1));
        assertEquals(1, e.step());
        // A limit in step 2.
        e = assertFails(ProblemType.LIMIT_EXCEEDED, () -> StageHarness.run(pipeline(new SliceStage(0, Long.MAX_VALUE),
                new CompressStage(Format.DEFLATE, 9), new InflateStage(Format.DEFLATE, 999)), new byte[1000], 100));
        assertEquals(2, e.step());
    }

    /** A pipeline inside a pipeline (as encode with lineLength is) is one step of the outer one. */
    @Test
    void nestedPipelineFailuresNameTheOuterStep() {
        Stage nested = pipeline(new SliceStage(0, Long.MAX_VALUE), new DecodeStage(Encoding.BASE64, false));
        TransformException e = assertInvalidAt(4, () -> StageHarness.run(pipeline(new SliceStage(0, Long.MAX_VALUE),
                new SliceStage(0, Long.MAX_VALUE), nested), ascii("Zm9v!"), 3));
        assertEquals(2, e.step());
        // Nested pipelines compose like any stage.
        byte[] data = randomBytes(new Random(7), 3000);
        assertAllChunkings(data, () -> pipeline(pipeline(new EncodeStage(Encoding.BASE32, true, false), new LineBreakStage(10)),
                pipeline(new DecodeStage(Encoding.BASE32, true))), data);
        // Without a step, for single-stage endpoints built of parts.
        TransformException unattributed = e.withoutStep();
        assertNull(unattributed.step());
        assertEquals(e.offset(), unattributed.offset());
        assertEquals(e.detail(), unattributed.detail());
        assertEquals(e.type(), unattributed.type());
    }

    @Test
    void manyStagesInARow() {
        byte[] data = randomBytes(new Random(8), 10_000);
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            stages.add(new EncodeStage(Encoding.values()[i % 4], i % 2 == 0, false));
        }
        for (int i = 7; i >= 0; i--) {
            stages.add(new DecodeStage(Encoding.values()[i % 4], false));
        }
        assertAllChunkings(data, () -> {
            List<Stage> fresh = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fresh.add(new EncodeStage(Encoding.values()[i % 4], i % 2 == 0, false));
            }
            for (int i = 7; i >= 0; i--) {
                fresh.add(new DecodeStage(Encoding.values()[i % 4], false));
            }
            return new Pipeline(fresh);
        }, data);
        assertEquals(16, new Pipeline(stages).size());
    }

    @Test
    void transformExceptionCarriesItsProblem() {
        TransformException bad = TransformException.badRequest("why");
        assertEquals(ProblemType.BAD_REQUEST, bad.type());
        assertEquals(400, bad.type().status());
        assertNull(bad.offset());
        assertNull(bad.step());
        assertEquals(413, TransformException.limitExceeded("big").type().status());
        TransformException invalid = TransformException.invalidInput("bad byte", 42);
        assertEquals(422, invalid.type().status());
        assertEquals(42L, invalid.offset());
        TransformException atStep = invalid.atStep(3);
        assertEquals(3, atStep.step());
        assertEquals(42L, atStep.offset());
        assertEquals("bad byte", atStep.detail());
        assertEquals(0, atStep.getStackTrace().length, "an answer, not a bug: no stack trace");
        assertEquals(5, atStep.atStep(5).step());
    }
}
