package dev.transform.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.transform.catalogue.StageCatalogue;
import dev.transform.engine.ProblemType;
import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import dev.transform.fuzz.FuzzSupport.Outcome;
import dev.transform.fuzz.Reference.Decoder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the thirteen decoders (decode base64, base64url, base32, hex; decompress
 * gzip, deflate, deflate-raw, zstd, lz4, brotli, bzip2, snappy, xz), built through the catalogue as the endpoints
 * build them.
 *
 * <p>The fuzz input is a 3-byte header and the payload:
 * <ol>
 *   <li>byte 0: the decoder, its value mod 13 in the order of {@link Decoder} (0 base64 ... 4 gzip,
 *       5 deflate, 6 deflate-raw, 7 zstd, 8 lz4, 9 brotli, 10 bzip2, 11 snappy, 12 xz; the formats after
 *       deflate-raw have no in-process oracle, so only the contract and chunking independence are
 *       checked for them);
 *   <li>byte 1: bits 0-1 the chunking mode (see {@link FuzzSupport#chunking}); bit 2 set:
 *       {@code ignoreWhitespace=false}; bits 3-5: decompress's {@code maxOutputBytes}, an index into
 *       {@link #LIMITS} (0: the configured 1 MiB);
 *   <li>byte 2: the chunking's parameter (chunk size - 1, or the seed of random sizes);
 *   <li>the rest: the input of the stage.
 * </ol>
 *
 * <p>Every input must end in the decoder's output or a {@link TransformException} of the contract
 * (422 invalid input or 413 limit exceeded), never another exception; decompress never hands out
 * more than its maxOutputBytes, decode never more than its input can carry; the result is the same
 * for the chosen chunking and for one chunk, and matches the independent oracle of {@link Reference}.
 * A hang is caught by the fuzzer's per-input timeout ({@code .ci/fuzz}).
 *
 * <p>Without {@code JAZZER_FUZZ} this is a regression test over the committed inputs in
 * {@code src/test/resources/dev/transform/fuzz/DecoderFuzzTestInputs/decoders/}.
 */
class DecoderFuzzTest {

    /** The maxOutputBytes values the header picks from: the configured maximum, and edges around a 64 KiB segment. */
    static final long[] LIMITS = {FuzzSupport.MAX_DECOMPRESSED, 0, 1, 100, 65535, 65536, 65537, 200_000};

    private static final StageCatalogue CATALOGUE = FuzzSupport.catalogue();

    @BeforeAll
    static void regressionWithoutAgent() {
        FuzzSupport.regressionWithoutAgent();
    }

    @FuzzTest(maxDuration = "30s")
    void decoders(byte[] input) {
        Decoder decoder = Decoder.values()[(byte0(input, 0) & 0xff) % Decoder.values().length];
        int options = byte0(input, 1);
        int param = byte0(input, 2) & 0xff;
        byte[] payload = input.length > 3 ? Arrays.copyOfRange(input, 3, input.length) : new byte[0];
        boolean ignoreWhitespace = (options & 4) == 0;
        long limit = LIMITS[(options >> 3) & 7];
        FuzzSupport.withinTimeLimit(10,
                () -> check(decoder, ignoreWhitespace, limit, payload, FuzzSupport.chunking(payload, options, param)));
    }

    /** The checks of one input, also what the property tests run. */
    static void check(Decoder decoder, boolean ignoreWhitespace, long limit, byte[] payload, List<byte[]> chunks) {
        long bound = decoder.isText() ? (long) payload.length * decoder.bitsPerChar() / 8 : limit;
        Outcome chunked = FuzzSupport.run(build(decoder, ignoreWhitespace, limit), chunks, bound, Long.MAX_VALUE);
        Outcome whole = FuzzSupport.run(build(decoder, ignoreWhitespace, limit),
                payload.length == 0 ? List.of() : List.of(payload), bound, Long.MAX_VALUE);
        String context = decoder.id + (decoder.isText() ? " ignoreWhitespace=" + ignoreWhitespace : " maxOutputBytes=" + limit)
                + ", " + payload.length + " input bytes in " + FuzzSupport.describe(chunks);
        for (Outcome outcome : List.of(chunked, whole)) {
            if (!outcome.succeeded()) {
                FuzzSupport.assertRunFailure(outcome.failure());
                Long offset = outcome.failure().offset();
                if (outcome.failure().type() == ProblemType.INVALID_INPUT
                        && (offset == null || offset < 0 || offset > payload.length)) {
                    throw new AssertionError(context + ": the failure's offset is outside the input: " + outcome);
                }
            }
        }
        if (chunked.succeeded() != whole.succeeded()
                || chunked.succeeded() && !Arrays.equals(chunked.output(), whole.output())) {
            throw new AssertionError(context + ": chunked, " + chunked + "; in one chunk, " + whole);
        }
        // Where zlib finds corrupt data depends a little on how much input it was handed at once;
        // every other failure (a bad character, a header or trailer field, trailing data, a
        // truncation) is at one place whatever the chunking. Not brotli's: its decoder says only that
        // a piece of input is bad, trailing data in the same piece included.
        if (decoder != Decoder.BROTLI && !chunked.succeeded() && chunked.failure().type() == ProblemType.INVALID_INPUT
                && whole.failure().type() == ProblemType.INVALID_INPUT
                && !(chunked.failure().detail().startsWith("corrupt ") && whole.failure().detail().startsWith("corrupt "))
                && !java.util.Objects.equals(chunked.failure().offset(), whole.failure().offset())) {
            throw new AssertionError(context + ": the failure's offset depends on the chunking: chunked, " + chunked
                    + "; in one chunk, " + whole);
        }
        checkAgainstReference(decoder, ignoreWhitespace, limit, payload, whole, context);
    }

    private static void checkAgainstReference(Decoder decoder, boolean ignoreWhitespace, long limit, byte[] payload,
            Outcome outcome, String context) {
        byte[] expected;
        boolean overLimit = false;
        if (decoder.isText()) {
            expected = Reference.decodeText(decoder, ignoreWhitespace, payload);
        } else {
            try {
                expected = Reference.decompress(decoder, payload, limit);
            } catch (Reference.OverLimit e) {
                expected = null;
                overLimit = true;
            } catch (Reference.NoReference e) {
                return;
            }
        }
        if (expected != null && !(outcome.succeeded() && Arrays.equals(expected, outcome.output()))) {
            throw new AssertionError(context + ": the oracle decodes it to " + expected.length + " bytes, the stage gave "
                    + outcome);
        }
        if (expected == null && outcome.succeeded()) {
            throw new AssertionError(context + ": the oracle rejects it" + (overLimit ? " (over the limit)" : "")
                    + ", the stage gave " + outcome);
        }
    }

    static Stage build(Decoder decoder, boolean ignoreWhitespace, long limit) {
        StageCatalogue.Plan plan = decoder.isText()
                ? CATALOGUE.single("decode", Map.of("encoding", List.of(decoder.id),
                        "ignoreWhitespace", List.of(String.valueOf(ignoreWhitespace))))
                : CATALOGUE.single("decompress", Map.of("format", List.of(decoder.id),
                        "maxOutputBytes", List.of(String.valueOf(limit))));
        return plan.stage();
    }

    private static int byte0(byte[] input, int index) {
        return index < input.length ? input[index] : 0;
    }
}
