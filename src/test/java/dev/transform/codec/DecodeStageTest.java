package dev.transform.codec;

import static dev.transform.testing.TestData.ascii;
import static dev.transform.testing.TestData.assertAllChunkings;
import static dev.transform.testing.TestData.assertInvalidAt;
import static dev.transform.testing.TestData.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.engine.StageHarness;
import dev.transform.engine.TransformException;
import dev.transform.testing.TestData;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecodeStageTest {

    private static void assertDecodes(byte[] expected, Encoding encoding, boolean ignoreWhitespace, String text) {
        assertAllChunkings(expected, () -> new DecodeStage(encoding, ignoreWhitespace), ascii(text));
    }

    /** Fails for every chunking, always at {@code offset}. */
    private static TransformException assertRejectedAt(long offset, Encoding encoding, boolean ignoreWhitespace, String text) {
        TransformException first = null;
        for (int size : new int[] {1, 2, 3, 7, 64}) {
            TransformException e = assertInvalidAt(offset,
                    () -> StageHarness.run(new DecodeStage(encoding, ignoreWhitespace), latin1(text), size));
            first = first == null ? e : first;
        }
        for (long seed : TestData.SEEDS) {
            assertInvalidAt(offset, () -> StageHarness.runRandomlyChunked(new DecodeStage(encoding, ignoreWhitespace),
                    latin1(text), new Random(seed), 3));
        }
        return first;
    }

    /** One byte per char, so tests can put any byte (0x00, 0xff) in the text. */
    private static byte[] latin1(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void rfc4648VectorsPaddedAndUnpadded() {
        for (String[] v : EncodeStageTest.RFC_4648_VECTORS) {
            byte[] expected = ascii(v[0]);
            for (boolean ws : new boolean[] {true, false}) {
                assertDecodes(expected, Encoding.BASE64, ws, v[1]);
                assertDecodes(expected, Encoding.BASE64, ws, v[1].replace("=", ""));
                assertDecodes(expected, Encoding.BASE64URL, ws, v[1]);
                assertDecodes(expected, Encoding.BASE32, ws, v[2]);
                assertDecodes(expected, Encoding.BASE32, ws, v[2].replace("=", ""));
                assertDecodes(expected, Encoding.HEX, ws, v[3]);
            }
        }
    }

    @Test
    void base32AndHexIgnoreLetterCase() {
        for (String[] v : EncodeStageTest.RFC_4648_VECTORS) {
            byte[] expected = ascii(v[0]);
            assertDecodes(expected, Encoding.BASE32, false, v[2].toLowerCase());
            assertDecodes(expected, Encoding.HEX, false, v[3].toLowerCase());
        }
        assertDecodes(new byte[] {(byte) 0xab, (byte) 0xcd, (byte) 0xef}, Encoding.HEX, false, "aBcDeF");
    }

    @Test
    void base64IsCaseSensitive() {
        assertDecodes(Base64.getDecoder().decode("Zm9v"), Encoding.BASE64, false, "Zm9v");
        assertDecodes(Base64.getDecoder().decode("ZM9V"), Encoding.BASE64, false, "ZM9V");
    }

    @Test
    void emptyAndWhitespaceOnlyInputGiveEmptyOutput() {
        for (Encoding encoding : Encoding.values()) {
            assertArrayEquals(new byte[0], StageHarness.run(new DecodeStage(encoding, false), List.of()));
            assertArrayEquals(new byte[0], StageHarness.run(new DecodeStage(encoding, false), List.of(new byte[0])));
            assertDecodes(new byte[0], encoding, true, " \r\n\t \n");
        }
    }

    @Test
    void randomRoundTripsAgainstTheJdkAndReference() {
        for (long seed : TestData.SEEDS) {
            Random random = new Random(seed);
            for (int round = 0; round < 40; round++) {
                byte[] data = randomBytes(random, random.nextInt(300));
                assertDecodes(data, Encoding.BASE64, false, Base64.getEncoder().encodeToString(data));
                assertDecodes(data, Encoding.BASE64, false, Base64.getEncoder().withoutPadding().encodeToString(data));
                assertDecodes(data, Encoding.BASE64URL, false, Base64.getUrlEncoder().encodeToString(data));
                assertDecodes(data, Encoding.BASE64URL, false, Base64.getUrlEncoder().withoutPadding().encodeToString(data));
                assertDecodes(data, Encoding.BASE32, false, Base32Reference.encode(data, true));
                assertDecodes(data, Encoding.BASE32, false, Base32Reference.encode(data, false));
                assertDecodes(data, Encoding.HEX, false, HexFormat.of().formatHex(data));
                assertDecodes(data, Encoding.HEX, false, HexFormat.of().withUpperCase().formatHex(data));
            }
        }
    }

    /** The stage's own encoder and decoder invert each other, and the decoder agrees with the reference. */
    @Test
    void encodeThenDecodeRoundTrips() {
        for (long seed : TestData.SEEDS) {
            Random random = new Random(seed);
            for (int round = 0; round < 30; round++) {
                byte[] data = randomBytes(random, random.nextInt(500));
                for (Encoding encoding : Encoding.values()) {
                    for (boolean padding : new boolean[] {true, false}) {
                        byte[] text = StageHarness.runRandomlyChunked(new EncodeStage(encoding, padding, random.nextBoolean()),
                                data, random, 10);
                        byte[] back = StageHarness.runRandomlyChunked(new DecodeStage(encoding, false), text, random, 10);
                        assertArrayEquals(data, back, encoding + " padding=" + padding);
                    }
                }
                assertArrayEquals(data, Base32Reference.decode(Base32Reference.encode(data, true)));
            }
        }
    }

    @Test
    void whitespaceIsSkippedWhenIgnored() {
        Random random = new Random(11);
        String whitespace = " \r\n\t";
        for (int round = 0; round < 30; round++) {
            byte[] data = randomBytes(random, random.nextInt(200));
            for (Encoding encoding : Encoding.values()) {
                String text = switch (encoding) {
                    case BASE64 -> Base64.getEncoder().encodeToString(data);
                    case BASE64URL -> Base64.getUrlEncoder().encodeToString(data);
                    case BASE32 -> Base32Reference.encode(data, true);
                    case HEX -> HexFormat.of().formatHex(data);
                };
                StringBuilder spaced = new StringBuilder();
                for (char c : text.toCharArray()) {
                    while (random.nextInt(4) == 0) {
                        spaced.append(whitespace.charAt(random.nextInt(4)));
                    }
                    spaced.append(c);
                }
                spaced.append("\r\n");
                assertDecodes(data, encoding, true, spaced.toString());
            }
        }
        assertDecodes(ascii("foobar"), Encoding.BASE64, true, "Zm9v\r\nYmFy\n");
        assertDecodes(ascii("f"), Encoding.BASE64, true, "Zg = =\n");
    }

    @Test
    void whitespaceIsRejectedWhenNotIgnored() {
        assertRejectedAt(4, Encoding.BASE64, false, "Zm9v\nYmFy");
        assertRejectedAt(2, Encoding.HEX, false, "66 6f");
        assertRejectedAt(0, Encoding.BASE32, false, "\tMY======");
        assertRejectedAt(8, Encoding.BASE32, false, "MY======\r\n");
        assertRejectedAt(4, Encoding.BASE64, false, "Zg==\n");
    }

    @Test
    void invalidCharactersAreRejectedAtTheirOffset() {
        assertRejectedAt(4, Encoding.BASE64, true, "Zm9v!mFy");
        assertRejectedAt(8, Encoding.BASE64, true, "Zm\n9v\nYm.y");
        assertRejectedAt(2, Encoding.BASE64, true, "Zm-_");
        assertRejectedAt(2, Encoding.BASE64URL, true, "Zm+/");
        assertRejectedAt(0, Encoding.BASE32, true, "1ZXW6===");
        assertRejectedAt(1, Encoding.BASE32, true, "M8XW6===");
        assertRejectedAt(3, Encoding.HEX, true, "666g6f");
        assertRejectedAt(2, Encoding.HEX, true, "66==");
        TransformException high = assertRejectedAt(1, Encoding.BASE64, true, "Z\u00ffm9");
        assertTrue(high.detail().contains("0xff"), high.detail());
        TransformException e = assertRejectedAt(3, Encoding.BASE64, true, "Zm9\u0000v");
        assertTrue(e.detail().contains("0x00"), e.detail());
        // The offset counts bytes across all chunks, not within the chunk.
        byte[] long64 = ascii(Base64.getEncoder().encodeToString(new byte[30000]) + "*");
        for (int size : TestData.CHUNK_SIZES) {
            assertInvalidAt(long64.length - 1, () -> StageHarness.run(new DecodeStage(Encoding.BASE64, true), long64, size));
        }
    }

    @Test
    void oddHexIsRejectedAtTheEnd() {
        assertRejectedAt(1, Encoding.HEX, false, "6");
        assertRejectedAt(5, Encoding.HEX, false, "666f6");
        assertRejectedAt(7, Encoding.HEX, true, "666f6\r\n");
    }

    @Test
    void truncatedLastBlocksAreRejected() {
        assertRejectedAt(1, Encoding.BASE64, false, "Z");
        assertRejectedAt(5, Encoding.BASE64, false, "Zm9vY");
        assertRejectedAt(5, Encoding.BASE64URL, false, "Zm9vY");
        assertRejectedAt(1, Encoding.BASE32, false, "M");
        assertRejectedAt(3, Encoding.BASE32, false, "MZX");
        assertRejectedAt(6, Encoding.BASE32, false, "MZXW6Y");
        assertRejectedAt(14, Encoding.BASE32, false, "MZXW6YTBMZXW6Y");
    }

    @Test
    void badPaddingIsRejected() {
        // Padding that does not complete the block: found at the end.
        assertRejectedAt(3, Encoding.BASE64, false, "Zg=");
        assertRejectedAt(7, Encoding.BASE32, false, "MY=====");
        assertRejectedAt(6, Encoding.BASE32, false, "MZXQ==");
        // Padding where no partial block can end.
        assertRejectedAt(0, Encoding.BASE64, false, "====");
        assertRejectedAt(1, Encoding.BASE64, false, "Z===");
        assertRejectedAt(4, Encoding.BASE64, false, "Zm9v====");
        assertRejectedAt(4, Encoding.BASE64, false, "Zm9v=");
        assertRejectedAt(3, Encoding.BASE32, false, "MZX=====");
        // More padding than the block has room for.
        assertRejectedAt(4, Encoding.BASE64, false, "Zg===");
        assertRejectedAt(4, Encoding.BASE64, false, "Zm8==");
        assertRejectedAt(8, Encoding.BASE32, false, "MY=======");
    }

    @Test
    void dataAfterPaddingIsRejected() {
        TransformException e = assertRejectedAt(4, Encoding.BASE64, false, "Zg==Zg==");
        assertTrue(e.detail().contains("after padding"), e.detail());
        assertRejectedAt(4, Encoding.BASE64, false, "Zm8=A");
        assertRejectedAt(6, Encoding.BASE64, true, "Zg==\n Zg==");
        assertRejectedAt(8, Encoding.BASE32, false, "MY======MY======");
        assertRejectedAt(3, Encoding.BASE64, false, "Zg=!=");
    }

    @Test
    void largeInputDecodes() {
        byte[] data = randomBytes(new Random(5), 3 * 1024 * 1024 + 2);
        assertDecodes(data, Encoding.BASE64, false, Base64.getEncoder().encodeToString(data));
        assertDecodes(data, Encoding.BASE32, false, Base32Reference.encode(data, false));
        assertDecodes(data, Encoding.HEX, false, HexFormat.of().formatHex(data));
        assertDecodes(data, Encoding.BASE64, true, Base64.getMimeEncoder().encodeToString(data));
    }
}
