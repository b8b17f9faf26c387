package dev.transform.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.catalogue.StageCatalogue;
import dev.transform.engine.Stage;
import dev.transform.fuzz.FuzzSupport.Outcome;
import dev.transform.fuzz.Reference.Decoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the four text encodings over random data and random chunkings, each case from a
 * seeded {@link Random} whose seed every failure message names (rerun one seed by putting it in
 * {@link #seeds()}): encode matches {@code java.util.Base64} / {@code HexFormat} / an RFC 4648
 * base32 oracle, decode(encode(x)) == x, and mutated text decodes as the oracle says or fails with
 * the contract's error, whatever the chunking.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CodecPropertiesTest {

    private static final StageCatalogue CATALOGUE = FuzzSupport.catalogue();
    private static final Decoder[] TEXT = {Decoder.BASE64, Decoder.BASE64URL, Decoder.BASE32, Decoder.HEX};

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40);
    }

    /** The chunkings every case runs over: whole, single bytes, odd fixed sizes, random sizes with empty chunks. */
    static List<List<byte[]>> chunkings(byte[] input, Random random) {
        List<List<byte[]>> chunkings = new ArrayList<>();
        chunkings.add(input.length == 0 ? List.of() : List.of(input));
        chunkings.add(FuzzSupport.fixed(input, 1));
        chunkings.add(FuzzSupport.fixed(input, 1 + 2 * random.nextInt(40)));
        chunkings.add(FuzzSupport.random(input, random, 1 + random.nextInt(64)));
        return chunkings;
    }

    /** Lengths around every block boundary, and some longer. */
    static int length(Random random) {
        return random.nextInt(4) == 0 ? random.nextInt(5000) : random.nextInt(24);
    }

    static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String jdkEncode(Decoder encoding, byte[] data, boolean padding, boolean upperCase) {
        return switch (encoding) {
            case BASE64 -> padding ? Base64.getEncoder().encodeToString(data)
                    : Base64.getEncoder().withoutPadding().encodeToString(data);
            case BASE64URL -> padding ? Base64.getUrlEncoder().encodeToString(data)
                    : Base64.getUrlEncoder().withoutPadding().encodeToString(data);
            case HEX -> (upperCase ? HexFormat.of().withUpperCase() : HexFormat.of()).formatHex(data);
            default -> Reference.encodeText(encoding, data, padding, false);
        };
    }

    private static String withLineBreaks(String text, int lineLength) {
        if (lineLength == 0) {
            return text;
        }
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < text.length(); i += lineLength) {
            lines.append(i == 0 ? "" : "\n").append(text, i, Math.min(text.length(), i + lineLength));
        }
        return lines.toString();
    }

    static Stage encoder(Decoder encoding, boolean padding, int lineLength, boolean upperCase) {
        return CATALOGUE.single("encode", Map.of("encoding", List.of(encoding.id), "padding", List.of(String.valueOf(padding)),
                "lineLength", List.of(String.valueOf(lineLength)), "case", List.of(upperCase ? "upper" : "lower"))).stage();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void encodeMatchesTheJdkAndDecodeRestores(long seed) {
        Random random = new Random(seed);
        for (Decoder encoding : TEXT) {
            byte[] data = bytes(random, length(random));
            boolean padding = random.nextBoolean();
            boolean upperCase = encoding == Decoder.HEX && random.nextBoolean();
            int lineLength = random.nextInt(3) == 0 ? 1 + random.nextInt(80) : 0;
            String expected = withLineBreaks(jdkEncode(encoding, data, padding, upperCase), lineLength);
            String context = "seed " + seed + ": encode:" + encoding.id + ",padding=" + padding + ",lineLength=" + lineLength
                    + (upperCase ? ",case=upper" : "") + " of " + data.length + " bytes";
            for (List<byte[]> chunks : chunkings(data, random)) {
                Outcome encoded = FuzzSupport.run(encoder(encoding, padding, lineLength, upperCase), chunks,
                        (long) data.length * 4 + 16, Long.MAX_VALUE);
                assertTrue(encoded.succeeded(), () -> context + ": " + encoded);
                assertEquals(expected, new String(encoded.output(), StandardCharsets.US_ASCII),
                        context + " in " + FuzzSupport.describe(chunks));
            }
            byte[] text = expected.getBytes(StandardCharsets.US_ASCII);
            for (List<byte[]> chunks : chunkings(text, random)) {
                Outcome decoded = FuzzSupport.run(DecoderFuzzTest.build(encoding, true, 0), chunks, data.length, Long.MAX_VALUE);
                assertTrue(decoded.succeeded(), () -> context + ", decoded: " + decoded);
                assertArrayEquals(data, decoded.output(), context + ", decoded in " + FuzzSupport.describe(chunks));
            }
        }
    }

    /** What other encoders write, RFC 2045 MIME lines and lower-case base32 included, decodes too. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void decodesWhatOtherEncodersWrite(long seed) {
        Random random = new Random(seed);
        byte[] data = bytes(random, length(random));
        String[][] cases = {
            {"base64", Base64.getMimeEncoder().encodeToString(data)},
            {"base64", Base64.getMimeEncoder(4 * (1 + random.nextInt(20)), new byte[] {'\r', '\n'}).encodeToString(data)},
            {"base64url", Base64.getUrlEncoder().encodeToString(data)},
            {"base32", Reference.encodeText(Decoder.BASE32, data, random.nextBoolean(), false).toLowerCase()},
            {"hex", HexFormat.ofDelimiter(" ").withUpperCase().formatHex(data)},
        };
        for (String[] given : cases) {
            Decoder encoding = Arrays.stream(TEXT).filter(e -> e.id.equals(given[0])).findFirst().orElseThrow();
            byte[] text = given[1].getBytes(StandardCharsets.US_ASCII);
            for (List<byte[]> chunks : chunkings(text, random)) {
                Outcome decoded = FuzzSupport.run(DecoderFuzzTest.build(encoding, true, 0), chunks, data.length, Long.MAX_VALUE);
                assertTrue(decoded.succeeded(), () -> "seed " + seed + ": " + given[0] + " of '" + abbreviated(given[1]) + "': " + decoded);
                assertArrayEquals(data, decoded.output(), "seed " + seed + ": " + given[0] + " in " + FuzzSupport.describe(chunks));
            }
        }
    }

    /**
     * Text with random edits (a character changed, inserted or dropped, padding or whitespace put
     * anywhere, a cut) decodes to what the RFC 4648 oracle says, or fails with 422 at an offset
     * inside the input, the same for every chunking; never another exception.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void mutatedTextDecodesAsTheOracleSaysOrFails(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 25; round++) {
            Decoder encoding = TEXT[random.nextInt(TEXT.length)];
            byte[] data = bytes(random, random.nextInt(40));
            byte[] text = jdkEncode(encoding, data, random.nextBoolean(), random.nextBoolean()).getBytes(StandardCharsets.US_ASCII);
            byte[] mutated = Mutations.text(text, random);
            boolean ignoreWhitespace = random.nextInt(4) != 0;
            for (List<byte[]> chunks : chunkings(mutated, random)) {
                try {
                    DecoderFuzzTest.check(encoding, ignoreWhitespace, 0, mutated, chunks);
                } catch (AssertionError e) {
                    throw new AssertionError("seed " + seed + ", round " + round + ", input '"
                            + abbreviated(new String(mutated, StandardCharsets.ISO_8859_1)) + "': " + e.getMessage(), e);
                }
            }
        }
    }

    static String abbreviated(String text) {
        String shown = text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        return shown.length() > 120 ? shown.substring(0, 120) + "..." : shown;
    }
}
