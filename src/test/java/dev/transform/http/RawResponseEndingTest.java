package dev.transform.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.transform.http.Http.Ending;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The abort tests rely on {@link Http#read} telling an ended body from a clean cut and from framing
 * no server may send, and on {@link Http#assertCutPrefixOf} failing for anything but a cut prefix.
 */
class RawResponseEndingTest {

    private static final String HEAD = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "3\\r\\nabc\\r\\n0\\r\\n\\r\\n|COMPLETE|abc",
            "3\\r\\nabc\\r\\n|CUT|abc",
            "3\\r\\nabc\\r\\n2\\r\\nde|CUT|abcde",
            "5\\r\\nab|CUT|ab",
            "''|CUT|''",
            "3\\r\\nabc\\r\\nzz\\r\\n|MALFORMED|abc",
            "3\\r\\nabcX\\r\\n0\\r\\n\\r\\n|MALFORMED|abc",
            "3\\r\\nabc\\r\\n0\\r\\nX-Trailer: 1\\r\\n\\r\\n|COMPLETE|abc",
            "0\\r\\nnot a field\\r\\n\\r\\n|MALFORMED|''",
            "3\\r\\nabc\\r\\n0\\r\\nX-Trailer: 1\\r\\n|CUT|abc"})
    void endings(String body, Ending ending, String bytes) throws IOException {
        Http.Raw raw = read(body.replace("\\r", "\r").replace("\\n", "\n"));
        assertEquals(ending, raw.ending());
        assertEquals(bytes, raw.text());
    }

    @Test
    void trailersAreReadAfterTheLastChunk() throws IOException {
        Http.Raw raw = read("1\r\na\r\n0\r\nRepr-Digest: sha-256=:AA==:\r\nX-Two:  2 \r\n\r\n");
        assertEquals(Ending.COMPLETE, raw.ending());
        assertEquals("sha-256=:AA==:", raw.trailer("repr-digest"));
        assertEquals("2", raw.trailer("X-Two"));
        assertEquals(2, raw.trailers().size());
    }

    @Test
    void onlyACutPrefixOfTheOraclePasses() throws IOException {
        byte[] oracle = Http.ascii("abcdef");
        Http.assertCutPrefixOf(oracle, read("3\r\nabc\r\n"));
        assertThrows(AssertionError.class, () -> Http.assertCutPrefixOf(oracle, read("3\r\nabc\r\n0\r\n\r\n")));
        assertThrows(AssertionError.class, () -> Http.assertCutPrefixOf(oracle, read("3\r\nabc\r\nzz\r\n")));
        assertThrows(AssertionError.class, () -> Http.assertCutPrefixOf(oracle, read("3\r\nabX\r\n")));
        assertThrows(AssertionError.class, () -> Http.assertCutPrefixOf(Http.ascii("ab"), read("3\r\nabc\r\n")));
        assertArrayEquals(Http.ascii("abc"), read("3\r\nabc\r\n").body());
    }

    private static Http.Raw read(String body) throws IOException {
        return Http.read(new ByteArrayInputStream(Http.ascii(HEAD + body)));
    }
}
