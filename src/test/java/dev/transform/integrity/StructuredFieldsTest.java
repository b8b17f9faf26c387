package dev.transform.integrity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.engine.ProblemType;
import dev.transform.engine.TransformException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Dictionary parser against RFC 9651's grammar and the examples of RFC 9530 and RFC 9651. */
class StructuredFieldsTest {

    private static final String RFC9530_SHA256 = "X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=";

    @Test
    void readsTheRfc9530Example() {
        Map<String, StructuredFields.Member> members = parse("sha-256=:" + RFC9530_SHA256 + ":");
        assertEquals(List.of("sha-256"), List.copyOf(members.keySet()));
        assertArrayEquals(Base64.getDecoder().decode(RFC9530_SHA256), (byte[]) members.get("sha-256").value());
    }

    @Test
    void readsSeveralMembersAcrossFieldLinesInOrder() {
        Map<String, StructuredFields.Member> members = StructuredFields.dictionary(
                List.of("sha-512=:AQID:,\tunixsum=:AA==:", "sha-256=:BAU=:"));
        assertEquals(List.of("sha-512", "unixsum", "sha-256"), List.copyOf(members.keySet()));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) members.get("sha-512").value());
        assertArrayEquals(new byte[] {4, 5}, (byte[]) members.get("sha-256").value());
    }

    @Test
    void aRepeatedKeyKeepsItsLastValue() {
        Map<String, StructuredFields.Member> members = parse("a=1, b=2, a=3");
        assertEquals(3L, members.get("a").value());
        assertEquals(List.of("b", "a"), List.copyOf(members.keySet()));
    }

    @Test
    void readsEveryItemTypeAndParameters() {
        Map<String, StructuredFields.Member> members = parse(
                "int=-42, dec=4.5;q=0.125, str=\"a \\\"b\\\" \\\\c\", tok=foo/bar:1, bin=:aGVsbG8:, t, f=?0,"
                        + " date=@1659578233, ds=%\"caf%c3%a9\", list=(1 \"x\" tok);p, empty=()");
        assertEquals(-42L, members.get("int").value());
        assertEquals(new BigDecimal("4.5"), members.get("dec").value());
        assertEquals(new BigDecimal("0.125"), members.get("dec").parameters().get("q"));
        assertEquals("a \"b\" \\c", members.get("str").value());
        assertEquals(new StructuredFields.Token("foo/bar:1"), members.get("tok").value());
        assertArrayEquals("hello".getBytes(), (byte[]) members.get("bin").value(), "unpadded base64 is accepted");
        assertEquals(Boolean.TRUE, members.get("t").value());
        assertEquals(Boolean.FALSE, members.get("f").value());
        assertEquals(new StructuredFields.Date(1659578233), members.get("date").value());
        assertEquals(new StructuredFields.DisplayString("café"), members.get("ds").value());
        List<?> list = (List<?>) members.get("list").value();
        assertEquals(3, list.size());
        assertEquals(Boolean.TRUE, members.get("list").parameters().get("p"));
        assertEquals(List.of(), members.get("empty").value());
    }

    @Test
    void anEmptyFieldIsAnEmptyDictionary() {
        assertTrue(parse("").isEmpty());
        assertTrue(parse("   ").isEmpty());
    }

    @Test
    void readsTheLargestNumbersTheGrammarAllows() {
        assertEquals(999_999_999_999_999L, parse("a=999999999999999").get("a").value());
        assertEquals(new BigDecimal("-999999999999.999"), parse("a=-999999999999.999").get("a").value());
    }

    @Test
    void aBareKeyIsTrue() {
        // Valid syntax, though not what a digest field needs: that is checked by the fields' own readers.
        assertEquals(Boolean.TRUE, parse("sha-256").get("sha-256").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SHA-256=:AA==:",                // keys are lower case
            "sha-256=:AA==",                 // unclosed byte sequence
            "sha-256=:AA*=:",                // not base64
            "sha-256=:A:",                   // base64 with a lone last character
            "sha-256=:AA=A:",                // padding inside
            "sha-256=:AA==:,",               // trailing comma
            "sha-256=:AA==:,,sha-512=:AA==:",
            "sha-256=:AA==: sha-512=:AA==:", // no comma
            ",sha-256=:AA==:",
            "a=1234567890123456",            // 16 integer digits
            "a=1234567890123.5",             // 13 digits before the point
            "a=1.2345",                      // 4 after it
            "a=1.",
            "a=-",
            "a=\"unterminated",
            "a=\"bad \\n escape\"",
            "a=?2",
            "a=(1 2",
            "a=(1,2)",
            "a=%\"CAF%C3%A9\"",              // display strings escape in lower case
            "a=%\"%ff\"",                    // not UTF-8
            "a=@1.5",
            "a=1;",
            "a=[x]",
            "a=\"é\""})
    void malformedFieldsAreBadRequests(String field) {
        TransformException e = assertThrows(TransformException.class, () -> parse(field));
        assertEquals(ProblemType.BAD_REQUEST, e.type());
        assertTrue(e.detail().contains("at character"), e.detail());
    }

    @Test
    void theDetailSaysWhereTheFieldBroke() {
        TransformException e = assertThrows(TransformException.class, () -> parse("sha-256=:AA*=:"));
        assertEquals("expected a base64 character (A-Z a-z 0-9 + / =) in the byte sequence at character 11, found '*'",
                e.detail());
    }

    /**
     * Mutations of valid fields (bytes replaced, inserted, cut) either parse or are a 400: never
     * another exception (an index out of bounds, a number format), which would be a 500.
     */
    @Test
    void mutatedFieldsParseOrAreBadRequests() {
        List<String> seeds = List.of("sha-256=:" + RFC9530_SHA256 + ":, sha-512=:AQID:",
                "sha-256=10, sha-512=3", "a=(1 \"x\" tok);p=?1, b=-1.5, c=@12, d=%\"caf%c3%a9\"");
        String alphabet = " ,;=:()\"\\%@?*-._/+09azAZ\t\u00e9";
        java.util.Random random = new java.util.Random(9530);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder field = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            for (int edits = 1 + random.nextInt(3); edits > 0 && field.length() > 0; edits--) {
                int at = random.nextInt(field.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> field.setCharAt(at, c);
                    case 1 -> field.insert(at, c);
                    default -> field.setLength(at);
                }
            }
            try {
                parse(field.toString());
            } catch (TransformException e) {
                assertEquals(ProblemType.BAD_REQUEST, e.type(), field::toString);
            }
        }
    }

    private static Map<String, StructuredFields.Member> parse(String field) {
        return StructuredFields.dictionary(List.of(field));
    }
}
