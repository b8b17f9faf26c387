package dev.transform.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The RFC 4648 text encodings. Each maps groups of {@code bitsPerChar} bits to one alphabet
 * character, so a block of {@link #blockBytes()} bytes is exactly {@link #blockChars()} characters:
 * that one fact drives both {@link EncodeStage} and {@link DecodeStage}.
 */
public enum Encoding {
    BASE64("base64", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 6, true, false),
    BASE64URL("base64url", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 6, true, false),
    BASE32("base32", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 5, true, true),
    HEX("hex", "0123456789abcdef", 4, false, true);

    public static final byte PAD = '=';

    private final String id;
    private final byte[] alphabet;
    private final byte[] upperAlphabet;
    private final int bitsPerChar;
    private final boolean padded;
    private final byte[] charValues = new byte[256];

    Encoding(String id, String alphabet, int bitsPerChar, boolean padded, boolean caseInsensitive) {
        this.id = id;
        this.alphabet = alphabet.getBytes(StandardCharsets.US_ASCII);
        // Only a case-insensitive alphabet has an upper-case form; base64's cases are different digits.
        this.upperAlphabet = caseInsensitive ? alphabet.toUpperCase().getBytes(StandardCharsets.US_ASCII) : this.alphabet;
        this.bitsPerChar = bitsPerChar;
        this.padded = padded;
        Arrays.fill(charValues, (byte) -1);
        for (int i = 0; i < this.alphabet.length; i++) {
            char c = alphabet.charAt(i);
            charValues[c] = (byte) i;
            if (caseInsensitive) {
                charValues[Character.toLowerCase(c)] = (byte) i;
                charValues[Character.toUpperCase(c)] = (byte) i;
            }
        }
    }

    /** The name used in paths, steps and the catalogue. */
    public String id() {
        return id;
    }

    public int bitsPerChar() {
        return bitsPerChar;
    }

    /** Whether the encoding pads its last block with {@code '='} (hex never needs to). */
    public boolean isPadded() {
        return padded;
    }

    /** Bytes in a block that encodes to whole characters: 3 for base64, 5 for base32, 1 for hex. */
    public int blockBytes() {
        return lcm(8, bitsPerChar) / 8;
    }

    /** Characters in such a block: 4 for base64, 8 for base32, 2 for hex. */
    public int blockChars() {
        return lcm(8, bitsPerChar) / bitsPerChar;
    }

    /**
     * The alphabet for encoding; hex comes in lower case unless asked for upper. Only the
     * case-insensitive encodings may change case: upper-casing base64's alphabet would merge its
     * letters and corrupt the output.
     */
    public byte[] alphabet(boolean upperCase) {
        return upperCase ? upperAlphabet : alphabet;
    }

    /** Each byte's value, or -1 for bytes not in the alphabet: a copy, for a decoder's hot loop. */
    public byte[] charValues() {
        return charValues.clone();
    }

    /** The value of character {@code c}, or -1 if it is not in the alphabet. */
    public int valueOf(byte c) {
        return charValues[c & 0xff];
    }

    /**
     * Whether a last block of {@code chars} characters carries whole bytes: the bits left over
     * after the last full byte must be fewer than one character's worth.
     */
    public boolean isValidPartialBlock(int chars) {
        return chars * bitsPerChar % 8 < bitsPerChar;
    }

    public static Encoding byId(String id) {
        for (Encoding encoding : values()) {
            if (encoding.id.equals(id)) {
                return encoding;
            }
        }
        return null;
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }
}
