package dev.transform.catalogue;

import static dev.transform.testing.TestData.ascii;
import static dev.transform.testing.TestData.assertFails;
import static dev.transform.testing.TestData.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.compress.CodecMemory;
import dev.transform.compress.formats.Codecs;
import dev.transform.config.Limits;
import dev.transform.engine.NativeResource;
import dev.transform.engine.ProblemType;
import dev.transform.engine.StageHarness;
import dev.transform.engine.TransformException;
import io.quarkus.runtime.configuration.MemorySize;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class StageCatalogueTest {

    private static final long MAX_DECOMPRESSED = 1_000_000;
    private static final long MAX_TAIL = 4096;
    private static final int MAX_STEPS = 5;

    static Limits limits(long maxDecompressed, long maxTail, int maxSteps) {
        return new Limits() {
            @Override
            public MemorySize maxBodySize() {
                return new MemorySize(BigInteger.valueOf(1L << 33));
            }

            @Override
            public MemorySize maxDecompressedSize() {
                return new MemorySize(BigInteger.valueOf(maxDecompressed));
            }

            @Override
            public MemorySize maxTailWindow() {
                return new MemorySize(BigInteger.valueOf(maxTail));
            }

            @Override
            public int maxPipelineSteps() {
                return maxSteps;
            }

            @Override
            public int maxConcurrentStreams() {
                return 1;
            }

            @Override
            public int maxDecompressionRatio() {
                return 0;
            }

            @Override
            public java.util.Optional<MemorySize> codecMemory() {
                return java.util.Optional.empty();
            }

            @Override
            public java.util.Optional<MemorySize> maxOutputSize() {
                return java.util.Optional.empty();
            }

            @Override
            public MemorySize maxSpoolSize() {
                return new MemorySize(BigInteger.ZERO);
            }

            @Override
            public MemorySize maxSpoolTotal() {
                return new MemorySize(BigInteger.ZERO);
            }
        };
    }

    private final StageCatalogue catalogue = new StageCatalogue(limits(MAX_DECOMPRESSED, MAX_TAIL, MAX_STEPS));

    private byte[] runPipeline(byte[] input, String... steps) {
        StageCatalogue.Plan plan = catalogue.pipeline(List.of(steps));
        assertTrue(plan.reportsSteps());
        return StageHarness.run(plan.stage(), input, 1000);
    }

    private TransformException assertStepRejected(ProblemType type, int step, String... steps) {
        TransformException e = assertFails(type, () -> catalogue.pipeline(List.of(steps)));
        assertEquals(step, e.step(), e.detail());
        return e;
    }

    @Test
    void aContentCodingRefusedAfterOthersWereMadeLeavesNothingHeld() {
        // Room for one zstd decoder: the second coding is refused.
        CodecMemory memory = new CodecMemory(Codecs.byId("zstd").decompressorMemory());
        StageCatalogue budgeted = new StageCatalogue(limits(MAX_DECOMPRESSED, MAX_TAIL, MAX_STEPS), List.of(memory));
        long brotliBefore = NativeResource.BROTLI_DECODER.open();
        // Decoded last coding first: in the second, a brotli decoder (native state) and a zstd one come first.
        for (String codings : List.of("zstd, zstd", "zstd, zstd, br")) {
            assertFails(ProblemType.UNAVAILABLE, () -> budgeted.single("slice", Map.of(), List.of(codings)));
            assertEquals(0, memory.held(), codings + ": the decoder made before the refusal still holds its share");
            assertEquals(brotliBefore, NativeResource.BROTLI_DECODER.open(), codings + ": a brotli decoder left open");
        }
        budgeted.single("slice", Map.of(), List.of("zstd")).stage().release();
        assertEquals(0, memory.held());
    }

    @Test
    void definitionsListEveryStage() {
        assertEquals(List.of("slice", "encode", "decode", "compress", "decompress", "digest"),
                catalogue.definitions().stream().map(StageDefinition::name).toList());
    }

    @Test
    void singleStagesWithTheirMediaTypes() throws IOException {
        byte[] data = randomBytes(new Random(1), 5000);
        StageCatalogue.Plan encode = catalogue.single("encode", Map.of("encoding", List.of("base64url"), "padding", List.of("false")));
        assertFalse(encode.reportsSteps());
        assertEquals(MediaTypes.TEXT, encode.outputType());
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(data), new String(StageHarness.run(encode.stage(), data, 333)));

        StageCatalogue.Plan hex = catalogue.single("encode", Map.of("encoding", List.of("hex"), "case", List.of("upper")));
        assertEquals(HexFormat.of().withUpperCase().formatHex(data), new String(StageHarness.run(hex.stage(), data, 333)));

        // case is for hex only: base64 keeps its alphabet.
        StageCatalogue.Plan upperBase64 = catalogue.single("encode", Map.of("encoding", List.of("base64"), "case", List.of("upper")));
        assertEquals(Base64.getEncoder().encodeToString(data), new String(StageHarness.run(upperBase64.stage(), data, 333)));

        StageCatalogue.Plan gzip = catalogue.single("compress", Map.of("format", List.of("gzip")));
        assertEquals(MediaTypes.GZIP, gzip.outputType());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(StageHarness.run(gzip.stage(), data, 333)))) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals(MediaTypes.BINARY, catalogue.single("compress", Map.of("format", List.of("deflate"))).outputType());
        assertEquals(MediaTypes.JSON, catalogue.single("digest", Map.of()).outputType());
        assertEquals(MediaTypes.BINARY, catalogue.single("slice", Map.of()).outputType());
        assertEquals(MediaTypes.BINARY, catalogue.single("decode", Map.of("encoding", List.of("hex"))).outputType());
    }

    @Test
    void pipelineOfSteps() throws Exception {
        byte[] data = randomBytes(new Random(2), 20_000);
        byte[] text = ascii(Base64.getMimeEncoder(8, new byte[] {'\n'}).encodeToString(data));
        assertArrayEquals(text, runPipeline(data, "encode:base64,lineLength=8"));
        assertArrayEquals(data, runPipeline(data, "encode:base32,padding=false", "decode:base32"));
        assertArrayEquals(data, runPipeline(data, "compress:deflate-raw,level=0", "decompress:deflate-raw"));
        assertArrayEquals(data, runPipeline(data, "compress:gzip", "decompress:gzip,maxOutputBytes=20000"));
        byte[] tail = Arrays.copyOfRange(data, 16_000, 16_010);
        assertEquals("{\"bytes\":10,\"digests\":{\"md5\":\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(tail))
                + "\"}}", new String(runPipeline(data, "slice:offset=-4000,length=10", "digest:md5")));
        assertEquals(MediaTypes.JSON, catalogue.pipeline(List.of("slice", "digest:sha-1,algorithm=crc32")).outputType());
        assertEquals(MediaTypes.GZIP, catalogue.pipeline(List.of("decode:hex", "compress:gzip")).outputType());
        // A choice may also be given by its key.
        assertArrayEquals(ascii(HexFormat.of().formatHex(data)), runPipeline(data, "encode:encoding=hex"));
    }

    @Test
    void failuresWhileRunningNameTheStep() {
        TransformException e = assertFails(ProblemType.INVALID_INPUT,
                () -> runPipeline(ascii("not hex!"), "slice:offset=4", "decode:hex", "encode:base64"));
        assertEquals(1, e.step());
        assertEquals(0L, e.offset());
        e = assertFails(ProblemType.LIMIT_EXCEEDED,
                () -> runPipeline(new byte[100], "compress:gzip", "decompress:gzip,maxOutputBytes=99"));
        assertEquals(1, e.step());
    }

    @Test
    void emptyPipeline() {
        TransformException e = assertFails(ProblemType.BAD_REQUEST, () -> catalogue.pipeline(List.of()));
        assertEquals(null, e.step());
    }

    @Test
    void tooManySteps() {
        List<String> steps = new ArrayList<>(Collections.nCopies(MAX_STEPS, "slice"));
        catalogue.pipeline(steps).stage().release();
        steps.add("slice");
        TransformException e = assertFails(ProblemType.BAD_REQUEST, () -> catalogue.pipeline(steps));
        assertEquals(null, e.step());
    }

    @Test
    void unknownStage() {
        assertStepRejected(ProblemType.BAD_REQUEST, 1, "slice", "rot13");
        assertTrue(assertFails(ProblemType.BAD_REQUEST, () -> catalogue.single("Encode", Map.of())).detail().contains("unknown stage"));
    }

    @Test
    void malformedStep() {
        assertStepRejected(ProblemType.BAD_REQUEST, 2, "slice", "slice", "encode:base64,");
    }

    @Test
    void unknownParameter() {
        assertTrue(assertStepRejected(ProblemType.BAD_REQUEST, 0, "encode:base64,lines=4").detail().contains("unknown parameter"));
        assertFails(ProblemType.BAD_REQUEST, () -> catalogue.single("slice", Map.of("from", List.of("1"))));
    }

    @Test
    void unknownChoice() {
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "encode:base58");
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "compress:zlib");
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "compress:auto");
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "digest:sha-224");
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "encode:BASE64");
    }

    @Test
    void missingChoice() {
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "encode");
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "decompress:maxOutputBytes=10");
    }

    @Test
    void nonNumericAndOutOfRangeValues() {
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "compress:gzip,level=fast");
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "compress:gzip,level=10");
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "compress:gzip,level=-1");
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "compress:gzip,level=4294967302");
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "slice:length=-1");
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "slice:offset=1e3");
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "encode:hex,lineLength=-1");
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "encode:hex,padding=yes");
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "encode:hex,case=title");
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "decode:hex,ignoreWhitespace=TRUE");
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "digest:md5,encoding=base32");
        for (int level = 0; level <= 9; level++) {
            catalogue.pipeline(List.of("compress:gzip,level=" + level)).stage().release();
        }
    }

    @Test
    void repeatedParameter() {
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "compress:gzip,level=1,level=2");
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "compress:gzip,format=deflate");
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "slice:offset=1,offset=1");
        // algorithm is repeatable.
        catalogue.pipeline(List.of("digest:md5,algorithm=sha-1,algorithm=md5")).stage().release();
    }

    @Test
    void digestOnlyLast() {
        assertTrue(assertStepRejected(ProblemType.BAD_REQUEST, 0, "digest", "encode:hex").detail().contains("last"));
        assertStepRejected(ProblemType.BAD_REQUEST, 1, "slice", "digest:md5", "digest:sha-1");
        catalogue.pipeline(List.of("slice", "digest")).stage().release();
    }

    @Test
    void positionalArgumentForSlice() {
        assertTrue(assertStepRejected(ProblemType.BAD_REQUEST, 0, "slice:10").detail().contains("positional"));
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "slice:10,length=4");
    }

    @Test
    void maxOutputBytesMayOnlyLowerTheConfiguredMaximum() {
        catalogue.pipeline(List.of("decompress:gzip,maxOutputBytes=" + MAX_DECOMPRESSED)).stage().release();
        catalogue.pipeline(List.of("decompress:deflate,maxOutputBytes=0")).stage().release();
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "decompress:gzip,maxOutputBytes=" + (MAX_DECOMPRESSED + 1));
        assertStepRejected(ProblemType.BAD_REQUEST, 0, "decompress:deflate-raw,maxOutputBytes=-1");
        // The default is the configured maximum.
        byte[] big = new byte[(int) MAX_DECOMPRESSED + 1];
        assertFails(ProblemType.LIMIT_EXCEEDED, () -> runPipeline(big, "compress:deflate", "decompress:deflate"));
    }

    @Test
    void negativeSliceOffsetBeyondTheTailWindowIsALimit() {
        catalogue.pipeline(List.of("slice:offset=-" + MAX_TAIL)).stage().release();
        TransformException e = assertStepRejected(ProblemType.LIMIT_EXCEEDED, 1, "decode:hex", "slice:offset=-" + (MAX_TAIL + 1));
        assertEquals(413, e.type().status());
        assertFails(ProblemType.LIMIT_EXCEEDED, () -> catalogue.single("slice", Map.of("offset", List.of("-" + (MAX_TAIL + 1)))));
    }

    @Test
    void stepsBuiltBeforeAFailureAreReleased() {
        // The first two steps open a Deflater and an Inflater; the third fails, and both must be ended.
        long deflaters = NativeResource.DEFLATER.open();
        long inflaters = NativeResource.INFLATER.open();
        assertStepRejected(ProblemType.BAD_REQUEST, 2, "compress:gzip", "decompress:gzip", "nope");
        assertEquals(deflaters, NativeResource.DEFLATER.open(), "Deflaters left open");
        assertEquals(inflaters, NativeResource.INFLATER.open(), "Inflaters left open");
    }
}
