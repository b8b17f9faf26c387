package dev.transform.http;

import static dev.transform.http.Http.TEXT;
import static dev.transform.http.Http.ascii;
import static dev.transform.http.Http.assertText;
import static dev.transform.http.Http.endpointProblem;
import static dev.transform.http.Http.fixed;
import static dev.transform.http.Http.postBothWays;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /v1/encode/{encoding}}: every encoding and parameter against the JDK and RFC 4648. */
@QuarkusTest
class EncodeEndpointTest {

    private static final List<String> ENCODINGS = List.of("base64", "base64url", "base32", "hex");

    /** RFC 4648 §10. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "''|''|''|''",
            "f|Zg==|MY======|66",
            "fo|Zm8=|MZXQ====|666F",
            "foo|Zm9v|MZXW6===|666F6F",
            "foob|Zm9vYg==|MZXW6YQ=|666F6F62",
            "fooba|Zm9vYmE=|MZXW6YTB|666F6F6261",
            "foobar|Zm9vYmFy|MZXW6YTBOI======|666F6F626172"})
    void rfc4648Vectors(String input, String base64, String base32, String base16) {
        byte[] in = ascii(input);
        assertEquals(base64, encode("base64", in, Map.of()));
        assertEquals(base64, encode("base64url", in, Map.of()));
        assertEquals(base32, encode("base32", in, Map.of()));
        assertEquals(base16, encode("hex", in, Map.of("case", "upper")));
        assertEquals(base16.toLowerCase(), encode("hex", in, Map.of()));
        assertEquals(base64.replace("=", ""), encode("base64", in, Map.of("padding", "false")));
        assertEquals(base32.replace("=", ""), encode("base32", in, Map.of("padding", "false")));
        // The oracle for base32 on random data is checked against the RFC too.
        assertEquals(base32, Oracles.base32(in, true));
    }

    static Stream<Arguments> everyEncodingAndSize() {
        return ENCODINGS.stream().flatMap(e -> java.util.Arrays.stream(Http.SIZES).mapToObj(s -> Arguments.of(e, s)));
    }

    @ParameterizedTest
    @MethodSource("everyEncodingAndSize")
    void defaultsMatchTheJdk(String encoding, int size) {
        byte[] data = Http.random(size, size * 31L + encoding.length());
        assertText(Oracles.encode(encoding, data, true, false), encode(encoding, data, Map.of()));
    }

    @ParameterizedTest
    @MethodSource("everyEncodingAndSize")
    void withoutPadding(String encoding, int size) {
        byte[] data = Http.random(size, size);
        // Padding is ignored for hex: the oracle pads nothing there anyway.
        assertText(Oracles.encode(encoding, data, false, false), encode(encoding, data, Map.of("padding", "false")));
        assertText(Oracles.encode(encoding, data, true, false), encode(encoding, data, Map.of("padding", "true")));
    }

    static Stream<Arguments> lineLengths() {
        return ENCODINGS.stream().flatMap(e -> Stream.of(0, 1, 2, 3, 4, 7, 64, 76, 65_536, Integer.MAX_VALUE)
                .flatMap(l -> Stream.of(0, 1, 5, 57, 1000, 70_001).map(s -> Arguments.of(e, l, s))));
    }

    /** Line breaks are LF every {@code lineLength} characters, none at the end. */
    @ParameterizedTest
    @MethodSource("lineLengths")
    void lineLength(String encoding, int lineLength, int size) {
        byte[] data = Http.random(size, lineLength + size);
        String expected = Oracles.lines(Oracles.encode(encoding, data, true, false), lineLength);
        String actual = encode(encoding, data, Map.of("lineLength", lineLength));
        assertText(expected, actual);
        assertFalse(actual.endsWith("\n"));
    }

    /** base64 at 76 with padding is MIME's layout with LF instead of CRLF. */
    @Test
    void mimeLayoutWithLf() {
        byte[] data = Http.random(10_000, 76);
        String mime = java.util.Base64.getMimeEncoder().encodeToString(data).replace("\r\n", "\n");
        assertText(mime, encode("base64", data, Map.of("lineLength", 76)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 255, 256, 65_537})
    void hexCase(int size) {
        byte[] data = Http.random(size, 16);
        assertText(Oracles.encode("hex", data, true, true), encode("hex", data, Map.of("case", "upper")));
        assertText(Oracles.encode("hex", data, true, false), encode("hex", data, Map.of("case", "lower")));
        assertText(Oracles.lines(Oracles.encode("hex", data, true, true), 9),
                encode("hex", data, Map.of("case", "upper", "lineLength", 9, "padding", "false")));
    }

    /** case is a hex parameter: other encodings' alphabets are fixed by RFC 4648 and must stay so. */
    @ParameterizedTest
    @ValueSource(strings = {"base64", "base64url", "base32"})
    void caseDoesNotChangeOtherAlphabets(String encoding) {
        byte[] data = Http.random(3000, 3);
        String expected = Oracles.encode(encoding, data, true, false);
        assertText(expected, encode(encoding, data, Map.of("case", "upper")));
        assertText(expected, encode(encoding, data, Map.of("case", "lower")));
    }

    @Test
    void base64urlUsesTheUrlAlphabet() {
        byte[] data = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf};
        assertText("-_-_", encode("base64url", data, Map.of()));
        assertText("+/+/", encode("base64", data, Map.of()));
    }

    @Test
    void allParametersTogether() {
        byte[] data = Http.random(4321, 4321);
        assertText(Oracles.lines(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(data), 10),
                encode("base64url", data, Map.of("padding", "false", "lineLength", 10)));
        assertText(Oracles.lines(Oracles.base32(data, false), 13),
                encode("base32", data, Map.of("padding", "false", "lineLength", 13)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "base64|padding|yes", "base64|padding|TRUE", "base64|padding|''",
            "base64|lineLength|-1", "base64|lineLength|2147483648", "base64|lineLength|1.5", "base64|lineLength|x",
            "base64|lineLength|''", "hex|case|UPPER", "hex|case|title", "hex|nope|1", "base32|offset|1"})
    void badParameters(String encoding, String name, String value) {
        endpointProblem(fixed(ascii("abc")).queryParam(name, value).post("/v1/encode/" + encoding), 400, "bad-request");
    }

    @Test
    void repeatedParameterIsRejected() {
        endpointProblem(fixed(ascii("abc")).queryParam("padding", "true", "false").post("/v1/encode/base64"), 400,
                "bad-request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base58", "BASE64", "base-64", "hexa", "gzip"})
    void unknownEncoding(String encoding) {
        endpointProblem(fixed(ascii("abc")).post("/v1/encode/" + encoding), 400, "bad-request");
    }

    private static String encode(String encoding, byte[] data, Map<String, ?> query) {
        return ascii(postBothWays("/v1/encode/" + encoding, new HashMap<>(query), data, TEXT));
    }
}
