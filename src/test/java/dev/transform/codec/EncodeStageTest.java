package dev.transform.codec;

import static dev.transform.testing.TestData.ascii;
import static dev.transform.testing.TestData.assertAllChunkings;
import static dev.transform.testing.TestData.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.transform.engine.Pipeline;
import dev.transform.engine.StageHarness;
import dev.transform.slice.SliceStage;
import dev.transform.testing.TestData;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EncodeStageTest {

    /** RFC 4648 §10: the inputs, then base64, base32 and base16 of each. */
    static final List<String[]> RFC_4648_VECTORS = List.of(
            new String[] {"", "", "", ""},
            new String[] {"f", "Zg==", "MY======", "66"},
            new String[] {"fo", "Zm8=", "MZXQ====", "666F"},
            new String[] {"foo", "Zm9v", "MZXW6===", "666F6F"},
            new String[] {"foob", "Zm9vYg==", "MZXW6YQ=", "666F6F62"},
            new String[] {"fooba", "Zm9vYmE=", "MZXW6YTB", "666F6F6261"},
            new String[] {"foobar", "Zm9vYmFy", "MZXW6YTBOI======", "666F6F626172"});

    private static String encode(Encoding encoding, boolean padding, boolean upperCase, byte[] input, int chunkSize) {
        return ascii(StageHarness.run(new EncodeStage(encoding, padding, upperCase), input, chunkSize));
    }

    private static void assertEncodes(String expected, Encoding encoding, boolean padding, boolean upperCase, byte[] input) {
        assertAllChunkings(ascii(expected), () -> new EncodeStage(encoding, padding, upperCase), input);
    }

    @Test
    void rfc4648VectorsPadded() {
        for (String[] v : RFC_4648_VECTORS) {
            byte[] input = ascii(v[0]);
            assertEncodes(v[1], Encoding.BASE64, true, false, input);
            assertEncodes(v[1], Encoding.BASE64URL, true, false, input);
            assertEncodes(v[2], Encoding.BASE32, true, false, input);
            assertEncodes(v[3].toLowerCase(), Encoding.HEX, true, false, input);
            assertEncodes(v[3], Encoding.HEX, true, true, input);
        }
    }

    @Test
    void rfc4648VectorsUnpadded() {
        for (String[] v : RFC_4648_VECTORS) {
            byte[] input = ascii(v[0]);
            assertEncodes(v[1].replace("=", ""), Encoding.BASE64, false, false, input);
            assertEncodes(v[1].replace("=", ""), Encoding.BASE64URL, false, false, input);
            assertEncodes(v[2].replace("=", ""), Encoding.BASE32, false, false, input);
            assertEncodes(v[3].toLowerCase(), Encoding.HEX, false, false, input);
        }
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        for (Encoding encoding : Encoding.values()) {
            assertArrayEquals(new byte[0], StageHarness.run(new EncodeStage(encoding, true, false), List.of()));
            assertArrayEquals(new byte[0], StageHarness.run(new EncodeStage(encoding, true, false), List.of(new byte[0], new byte[0])));
        }
    }

    /**
     * A base64 stage on either path: the stage's own loop, or the JDK's encoder for the whole groups
     * (what {@link JdkBase64} picks on JVMs where it is an intrinsic; the test JVM may have either).
     */
    private static EncodeStage base64Stage(Encoding encoding, boolean padding, boolean withJdkEncoder) {
        return new EncodeStage(encoding, padding, false, JdkBase64.encoderFor(encoding, withJdkEncoder));
    }

    private static void assertBase64(byte[] input) {
        for (boolean withJdkEncoder : new boolean[] {false, true}) {
            for (boolean padding : new boolean[] {true, false}) {
                Base64.Encoder standard = padding ? Base64.getEncoder() : Base64.getEncoder().withoutPadding();
                Base64.Encoder url = padding ? Base64.getUrlEncoder() : Base64.getUrlEncoder().withoutPadding();
                assertAllChunkings(standard.encode(input), () -> base64Stage(Encoding.BASE64, padding, withJdkEncoder), input);
                assertAllChunkings(url.encode(input), () -> base64Stage(Encoding.BASE64URL, padding, withJdkEncoder), input);
            }
        }
    }

    @Test
    void base64MatchesTheJdkForRandomInputsAndChunkings() {
        for (String[] v : RFC_4648_VECTORS) {
            assertBase64(ascii(v[0]));
        }
        for (long seed : TestData.SEEDS) {
            Random random = new Random(seed);
            for (int round = 0; round < 60; round++) {
                assertBase64(randomBytes(random, random.nextInt(400)));
            }
        }
    }

    /** Chunks that are views into larger arrays, as a slice before the encoder hands them on: whole groups start at an offset. */
    @Test
    void base64OfViewsAtAnOffset() {
        byte[] input = randomBytes(new Random(11), 50_000);
        String expected = Base64.getEncoder().encodeToString(Arrays.copyOfRange(input, 1001, 41_001));
        for (boolean withJdkEncoder : new boolean[] {false, true}) {
            assertAllChunkings(ascii(expected), () -> new Pipeline(List.of(new SliceStage(1001, 40_000),
                    base64Stage(Encoding.BASE64, true, withJdkEncoder))), input);
        }
    }

    /** Each alphabet gets the JDK's encoder of the same alphabet (0xfb 0xff is "+/8=" or "-_8="), and only base64's have one. */
    @Test
    void theJdksEncoderForEachAlphabet() {
        byte[] lastTwoDigits = {(byte) 0xfb, (byte) 0xff};
        assertEquals("+/8=", JdkBase64.encoderFor(Encoding.BASE64, true).encodeToString(lastTwoDigits));
        assertEquals("-_8=", JdkBase64.encoderFor(Encoding.BASE64URL, true).encodeToString(lastTwoDigits));
        for (Encoding encoding : Encoding.values()) {
            assertNull(JdkBase64.encoderFor(encoding, false), encoding.id());
        }
        assertNull(JdkBase64.encoderFor(Encoding.BASE32, true));
        assertNull(JdkBase64.encoderFor(Encoding.HEX, true));
    }

    @Test
    void hexMatchesHexFormat() {
        for (long seed : TestData.SEEDS) {
            Random random = new Random(seed);
            for (int round = 0; round < 60; round++) {
                byte[] input = randomBytes(random, random.nextInt(300));
                assertEncodes(HexFormat.of().formatHex(input), Encoding.HEX, true, false, input);
                assertEncodes(HexFormat.of().withUpperCase().formatHex(input), Encoding.HEX, false, true, input);
            }
        }
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertEncodes(HexFormat.of().formatHex(all), Encoding.HEX, true, false, all);
    }

    @Test
    void base32MatchesTheBitByBitReference() {
        for (long seed : TestData.SEEDS) {
            Random random = new Random(seed);
            for (int round = 0; round < 60; round++) {
                byte[] input = randomBytes(random, random.nextInt(300));
                assertEncodes(Base32Reference.encode(input, true), Encoding.BASE32, true, false, input);
                assertEncodes(Base32Reference.encode(input, false), Encoding.BASE32, false, false, input);
            }
        }
    }

    /** "case" is documented as hex only: asking base64 or base32 for upper case must not change them. */
    @Test
    void upperCaseOnlyAffectsHex() {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            byte[] input = randomBytes(random, random.nextInt(100));
            assertEquals(Base64.getEncoder().encodeToString(input), encode(Encoding.BASE64, true, true, input, 5));
            assertEquals(Base64.getUrlEncoder().encodeToString(input), encode(Encoding.BASE64URL, true, true, input, 5));
            assertEquals(Base32Reference.encode(input, true), encode(Encoding.BASE32, true, true, input, 5));
        }
    }

    @Test
    void largeInputMatchesTheJdk() {
        byte[] input = randomBytes(new Random(3), 3 * 1024 * 1024 + 1);
        assertBase64(input);
        assertEncodes(Base32Reference.encode(input, true), Encoding.BASE32, true, false, input);
        assertEncodes(HexFormat.of().formatHex(input), Encoding.HEX, true, false, input);
    }
}
