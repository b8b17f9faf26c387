package dev.transform.http;

import static dev.transform.http.Http.BINARY;
import static dev.transform.http.Http.ascii;
import static dev.transform.http.Http.assertBytes;
import static dev.transform.http.Http.assertOffset;
import static dev.transform.http.Http.chunked;
import static dev.transform.http.Http.endpointProblem;
import static dev.transform.http.Http.fixed;
import static dev.transform.http.Http.postBothWays;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.transform.testing.NativeLeakCheck;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /v1/decode/{encoding}}: RFC 4648 vectors, JDK-encoded input, and every way input can be bad. */
@QuarkusTest
@ExtendWith(NativeLeakCheck.class)
class DecodeEndpointTest {

    private static final List<String> ENCODINGS = List.of("base64", "base64url", "base32", "hex");

    /** RFC 4648 §10, padded and unpadded; base32 and hex in either case. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|''|''|''",
            "f|Zg==|MY======|66",
            "fo|Zm8=|MZXQ====|666F",
            "foo|Zm9v|MZXW6===|666F6F",
            "foob|Zm9vYg==|MZXW6YQ=|666F6F62",
            "fooba|Zm9vYmE=|MZXW6YTB|666F6F6261",
            "foobar|Zm9vYmFy|MZXW6YTBOI======|666F6F626172"})
    void rfc4648Vectors(String output, String base64, String base32, String base16) {
        for (String text : List.of(base64, base64.replace("=", ""))) {
            assertEquals(output, decode("base64", text, Map.of()));
            assertEquals(output, decode("base64url", text, Map.of()));
        }
        for (String text : List.of(base32, base32.replace("=", ""), base32.toLowerCase())) {
            assertEquals(output, decode("base32", text, Map.of()));
        }
        assertEquals(output, decode("hex", base16, Map.of()));
        assertEquals(output, decode("hex", base16.toLowerCase(), Map.of()));
    }

    static Stream<Arguments> everyEncodingAndSize() {
        return ENCODINGS.stream().flatMap(e -> java.util.Arrays.stream(Http.SIZES).mapToObj(s -> Arguments.of(e, s)));
    }

    /** Text the JDK (or the RFC-checked base32 oracle) encoded decodes to the original bytes. */
    @ParameterizedTest
    @MethodSource("everyEncodingAndSize")
    void roundTripsJdkText(String encoding, int size) {
        byte[] data = Http.random(size, size + 7L);
        for (boolean padding : List.of(true, false)) {
            byte[] text = ascii(Oracles.encode(encoding, data, padding, false));
            assertBytes(data, postBothWays("/v1/decode/" + encoding, Map.of(), text, BINARY));
        }
    }

    /** Whitespace is skipped by default: MIME's CRLF lines, LF lines, spaces and tabs anywhere. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 57, 58, 1000, 100_000})
    void skipsWhitespaceByDefault(int size) {
        byte[] data = Http.random(size, size);
        String mime = Base64.getMimeEncoder().encodeToString(data);
        assertBytes(data, postBothWays("/v1/decode/base64", Map.of(), ascii(mime), BINARY));
        assertBytes(data, postBothWays("/v1/decode/base64", Map.of("ignoreWhitespace", "true"), ascii(mime), BINARY));
        String spaced = Oracles.lines(HexFormat.of().formatHex(data), 3).replace("\n", " \t\r\n ");
        assertBytes(data, postBothWays("/v1/decode/hex", Map.of(), ascii(" " + spaced + "\n\n"), BINARY));
        String base32 = Oracles.lines(Oracles.base32(data, true), 5);
        assertBytes(data, postBothWays("/v1/decode/base32", Map.of(), ascii(base32), BINARY));
    }

    @Test
    void whitespaceAfterPaddingIsAllowed() {
        assertEquals("f", decode("base64", "Zg==\r\n", Map.of()));
        assertEquals("f", decode("base64", "Z g = =", Map.of()));
    }

    /** With ignoreWhitespace=false any whitespace is invalid input, at its offset. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"base64|Zm9v<LF>YmFy|4", "base64url|Zm9v YmFy|4", "base32|MZXW6<TAB>YQ=|5",
            "hex|66 6f|2", "hex|666f<CR><LF>|4"})
    void whitespaceRejectedWhenNotIgnored(String encoding, String written, long offset) {
        String text = written.replace("<LF>", "\n").replace("<CR>", "\r").replace("<TAB>", "\t");
        JsonPath problem = endpointProblem(
                fixed(ascii(text)).queryParam("ignoreWhitespace", "false").post("/v1/decode/" + encoding), 422,
                "invalid-input");
        assertOffset(problem, offset);
        // Without whitespace it is fine.
        assertEquals(Oracles.utf8(Oracles.decode(encoding.equals("base32") ? "hex" : encoding,
                encoding.equals("base32") ? "666F6F62" : text)),
                decode(encoding, text.replaceAll("\\s", ""), Map.of("ignoreWhitespace", "false")));
    }

    /** A bad character is reported at its offset in the body, also far past the first chunk. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "base64|*|0", "base64|Zm9v*|4", "base64|Zm9v-|4", "base64url|Zm9v+|4", "base64url|Zm9v/|4",
            "base32|MZXW1|4", "base32|MZXW8===|4", "base32|MZXW+|4", "hex|6g|1", "hex|66=|2", "hex|xx|0",
            "base64|Zm9vYg==Zm9v|8", "base32|MY======MY|8"})
    void invalidCharacter(String encoding, String text, long offset) {
        for (var request : List.of(fixed(ascii(text)), chunked(ascii(text)))) {
            assertOffset(endpointProblem(request.post("/v1/decode/" + encoding), 422, "invalid-input"), offset);
        }
    }

    /** Far into the body but within the first 64 KiB of output, which the service holds back: a problem. */
    @ParameterizedTest
    @ValueSource(strings = {"base64", "base64url", "base32", "hex"})
    void invalidCharacterPastTheFirstChunk(String encoding) {
        byte[] data = Http.random(40_000, 1);
        String text = Oracles.encode(encoding, data, false, false);
        // Cut at a whole block so the character after it starts a new one; past the first 64 KiB of input.
        int cut = encoding.equals("hex") ? 70_000 : 50_000;
        String bad = text.substring(0, cut) + "!" + text.substring(cut);
        for (var request : List.of(fixed(ascii(bad)), chunked(ascii(bad)))) {
            assertOffset(endpointProblem(request.post("/v1/decode/" + encoding), 422, "invalid-input"), cut);
        }
    }

    /** After more output than is held back, bad input aborts the response: it never looks complete. */
    @ParameterizedTest
    @ValueSource(strings = {"base64", "base32", "hex"})
    void invalidCharacterAfterOutputStartedAbortsTheResponse(String encoding) throws Exception {
        byte[] data = Http.random(300_000, 2);
        String text = Oracles.encode(encoding, data, false, false);
        int cut = 200_000;
        byte[] bad = ascii(text.substring(0, cut) + "!" + text.substring(cut));
        Http.Raw raw = Http.postInPieces("/v1/decode/" + encoding, bad, 16_384);
        // The cut is at a whole block of the oracle's text, which encodes the first cut * bits / 8 bytes
        // of data: what came out before the abort is those bytes, or fewer.
        int bitsPerChar = switch (encoding) {
            case "base64" -> 6;
            case "base32" -> 5;
            default -> 4;
        };
        Http.assertCutPrefixOf(java.util.Arrays.copyOf(data, cut * bitsPerChar / 8), raw);
    }

    /** A non-ASCII byte is invalid too (its detail shows it in hex, never as a mangled character). */
    @Test
    void nonAsciiByte() {
        byte[] body = {'Z', 'm', (byte) 0xc3, (byte) 0xa9};
        assertOffset(endpointProblem(fixed(body).post("/v1/decode/base64"), 422, "invalid-input"), 2);
    }

    /** Input ending inside a block that cannot carry whole bytes: the offset is the end of the input. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"base64|Z", "base64|Zm9vY", "base64url|Zm9vYmF5Z", "base32|M", "base32|MZX",
            "base32|MZXW6Y", "hex|6", "hex|666"})
    void truncatedLastBlock(String encoding, String text) {
        for (var request : List.of(fixed(ascii(text)), chunked(ascii(text)))) {
            assertOffset(endpointProblem(request.post("/v1/decode/" + encoding), 422, "invalid-input"), text.length());
        }
    }

    /** Padding must complete the last block; nothing but padding or whitespace may follow it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"base64|Zg=", "base64|Zg===", "base64|=", "base64|Zm9v=", "base64|Z===",
            "base32|MY=", "base32|MY=======", "base32|========", "base32|MZX=====", "base64url|Zg=A"})
    void badPadding(String encoding, String text) {
        endpointProblem(fixed(ascii(text)).post("/v1/decode/" + encoding), 422, "invalid-input");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base64", "base64url", "base32", "hex"})
    void emptyBody(String encoding) {
        assertEquals(0, postBothWays("/v1/decode/" + encoding, Map.of(), new byte[0], BINARY).length);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"base64|ignoreWhitespace|yes", "base64|ignoreWhitespace|1",
            "hex|padding|false", "hex|lineLength|0", "base32|case|upper", "base64|bogus|x"})
    void badParameters(String encoding, String name, String value) {
        endpointProblem(fixed(ascii("Zg==")).queryParam(name, value).post("/v1/decode/" + encoding), 400, "bad-request");
    }

    @Test
    void unknownEncoding() {
        endpointProblem(fixed(ascii("Zg==")).post("/v1/decode/base85"), 400, "bad-request");
    }

    private static String decode(String encoding, String text, Map<String, String> query) {
        return ascii(postBothWays("/v1/decode/" + encoding, new HashMap<>(query), ascii(text), BINARY));
    }
}
