package dev.transform.integrity;

import dev.transform.engine.TransformException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for structured-field Dictionaries (RFC 9651 §4.2.2, which obsoletes RFC 8941), the
 * syntax of {@code Content-Digest} and {@code Want-Repr-Digest}. It reads every type the RFC defines
 * (inner lists, parameters, dates, display strings), so that a well-formed member the service does
 * not use, such as another algorithm's, is skipped rather than taken for a malformed field.
 *
 * <p>A field that does not parse is a 400 problem naming the first character that broke it. RFC 9651
 * §4.2 would have a generic recipient ignore such a field; here it carries an integrity check or a
 * request for one, and a typo must not silently turn either off.
 */
public final class StructuredFields {

    /** A token bare item (RFC 9651 §3.3.4), kept apart from a string of the same characters. */
    public record Token(String value) {
    }

    /** A date bare item (RFC 9651 §3.3.7): seconds since the epoch. */
    public record Date(long epochSeconds) {
    }

    /** A display string bare item (RFC 9651 §3.3.8): Unicode text. */
    public record DisplayString(String value) {
    }

    /**
     * A dictionary member's value: a bare item ({@code Long}, {@code BigDecimal}, {@code String},
     * {@link Token}, {@code byte[]}, {@code Boolean}, {@link Date}, {@link DisplayString}) or, for an
     * inner list, a {@code List<Member>}; with its parameters.
     */
    public record Member(Object value, Map<String, Object> parameters) {
    }

    private final String input;
    private int pos;

    private StructuredFields(String input) {
        this.input = input;
    }

    /**
     * Parses the field lines of one field as a Dictionary. Several lines are one field, joined with
     * commas (RFC 9110 §5.3); a key given twice keeps its last value (RFC 9651 §4.2.2).
     */
    public static Map<String, Member> dictionary(List<String> fieldLines) {
        return new StructuredFields(String.join(",", fieldLines)).dictionary();
    }

    private Map<String, Member> dictionary() {
        Map<String, Member> members = new LinkedHashMap<>();
        skip(' ');
        if (pos == input.length()) {
            return members;
        }
        while (true) {
            String key = key();
            Member member;
            if (peek() == '=') {
                pos++;
                member = peek() == '(' ? innerList() : item();
            } else {
                member = new Member(Boolean.TRUE, parameters());
            }
            members.remove(key);
            members.put(key, member);
            skipWhitespace();
            if (pos == input.length()) {
                return members;
            }
            expect(',', "a comma between members");
            skipWhitespace();
            if (pos == input.length()) {
                throw malformed("a member after the trailing comma");
            }
        }
    }

    private Member innerList() {
        pos++;
        List<Member> items = new ArrayList<>();
        while (true) {
            skip(' ');
            if (peek() == ')') {
                pos++;
                return new Member(items, parameters());
            }
            items.add(item());
            char next = peek();
            if (next != ' ' && next != ')') {
                throw malformed("a space or ')' in the inner list");
            }
        }
    }

    private Member item() {
        Object value = bareItem();
        return new Member(value, parameters());
    }

    private Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        while (peek() == ';') {
            pos++;
            skip(' ');
            String key = key();
            Object value = Boolean.TRUE;
            if (peek() == '=') {
                pos++;
                value = bareItem();
            }
            parameters.remove(key);
            parameters.put(key, value);
        }
        return parameters;
    }

    private String key() {
        char first = peek();
        if (!(isLowerAlpha(first) || first == '*')) {
            throw malformed("a key (a lower-case letter or '*' first)");
        }
        int start = pos;
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (!(isLowerAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*')) {
                break;
            }
            pos++;
        }
        return input.substring(start, pos);
    }

    private Object bareItem() {
        char c = peek();
        if (c == '-' || isDigit(c)) {
            return number();
        }
        return switch (c) {
            case '"' -> string();
            case ':' -> byteSequence();
            case '?' -> bool();
            case '@' -> date();
            case '%' -> displayString();
            default -> {
                if (isAlpha(c) || c == '*') {
                    yield token();
                }
                throw malformed("an item (number, string, token, :byte sequence:, ?boolean, @date or %\"display string\")");
            }
        };
    }

    /** RFC 9651 §4.2.4: at most 15 integer digits; a decimal has at most 12 before its point and 1 to 3 after. */
    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (!isDigit(peek())) {
            throw malformed("a digit");
        }
        int digitsStart = pos;
        int point = -1;
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (c == '.' && point < 0) {
                if (pos - digitsStart > 12) {
                    throw malformed("at most 12 digits before a decimal point");
                }
                point = pos;
            } else if (!isDigit(c)) {
                break;
            }
            pos++;
            if (point < 0 && pos - digitsStart > 15) {
                throw malformed("at most 15 digits in an integer");
            }
        }
        String text = input.substring(start, pos);
        if (point < 0) {
            return Long.parseLong(text);
        }
        int fraction = pos - point - 1;
        if (fraction < 1 || fraction > 3) {
            throw malformed("1 to 3 digits after a decimal point");
        }
        return new BigDecimal(text);
    }

    private String string() {
        pos++;
        StringBuilder value = new StringBuilder();
        while (pos < input.length()) {
            char c = input.charAt(pos++);
            if (c == '\\') {
                char escaped = pos < input.length() ? input.charAt(pos++) : 0;
                if (escaped != '"' && escaped != '\\') {
                    pos--;
                    throw malformed("'\"' or '\\' after a backslash in a string");
                }
                value.append(escaped);
            } else if (c == '"') {
                return value.toString();
            } else if (c < 0x20 || c > 0x7e) {
                pos--;
                throw malformed("a printable ASCII character in a string");
            } else {
                value.append(c);
            }
        }
        throw malformed("the closing '\"' of the string");
    }

    private Token token() {
        int start = pos;
        pos++;
        while (pos < input.length() && (isTokenChar(input.charAt(pos)) || input.charAt(pos) == ':' || input.charAt(pos) == '/')) {
            pos++;
        }
        return new Token(input.substring(start, pos));
    }

    /** RFC 9651 §4.2.7: base64 between colons; missing '=' padding is accepted, other characters are not. */
    private byte[] byteSequence() {
        int start = ++pos;
        int end = input.indexOf(':', start);
        if (end < 0) {
            throw malformed("the closing ':' of the byte sequence");
        }
        for (int i = start; i < end; i++) {
            char c = input.charAt(i);
            if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '/' || c == '=')) {
                pos = i;
                throw malformed("a base64 character (A-Z a-z 0-9 + / =) in the byte sequence");
            }
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(input.substring(start, end));
            pos = end + 1;
            return bytes;
        } catch (IllegalArgumentException e) {
            throw malformed("base64 in the byte sequence (" + e.getMessage() + ")");
        }
    }

    private Boolean bool() {
        pos++;
        char c = peek();
        if (c != '0' && c != '1') {
            throw malformed("?0 or ?1");
        }
        pos++;
        return c == '1';
    }

    private Date date() {
        pos++;
        if (!(number() instanceof Long seconds)) {
            pos--;
            throw malformed("an integer date");
        }
        return new Date(seconds);
    }

    /** RFC 9651 §4.2.10: %"…" with non-ASCII bytes as lower-case %xx escapes of UTF-8. */
    private DisplayString displayString() {
        pos++;
        expect('"', "'\"' after '%'");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        while (pos < input.length()) {
            char c = input.charAt(pos++);
            if (c == '%') {
                if (pos + 2 > input.length() || !isLowerHex(input.charAt(pos)) || !isLowerHex(input.charAt(pos + 1))) {
                    throw malformed("two lower-case hex digits after '%'");
                }
                bytes.write(Integer.parseInt(input.substring(pos, pos + 2), 16));
                pos += 2;
            } else if (c == '"') {
                try {
                    return new DisplayString(StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString());
                } catch (CharacterCodingException e) {
                    throw malformed("UTF-8 in the display string");
                }
            } else if (c < 0x20 || c > 0x7e) {
                pos--;
                throw malformed("a printable ASCII character in a display string");
            } else {
                bytes.write(c);
            }
        }
        throw malformed("the closing '\"' of the display string");
    }

    private char peek() {
        return pos < input.length() ? input.charAt(pos) : 0;
    }

    private void expect(char c, String what) {
        if (peek() != c) {
            throw malformed(what);
        }
        pos++;
    }

    private void skip(char c) {
        while (peek() == c) {
            pos++;
        }
    }

    private void skipWhitespace() {
        while (peek() == ' ' || peek() == '\t') {
            pos++;
        }
    }

    private TransformException malformed(String expected) {
        String found = pos < input.length() ? "'" + input.charAt(pos) + "'" : "the end";
        return TransformException.badRequest("expected " + expected + " at character " + pos + ", found " + found);
    }

    private static boolean isLowerAlpha(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isAlpha(char c) {
        return isLowerAlpha(c) || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLowerHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f');
    }

    /** RFC 9110 §5.6.2 tchar. */
    private static boolean isTokenChar(char c) {
        return isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
