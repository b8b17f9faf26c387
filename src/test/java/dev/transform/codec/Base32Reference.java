package dev.transform.codec;

import java.io.ByteArrayOutputStream;

/**
 * RFC 4648 §6 base32, written bit by bit so it is obviously right: the oracle for random base32
 * round trips, which the JDK has no codec for.
 */
final class Base32Reference {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32Reference() {
    }

    static String encode(byte[] data, boolean padding) {
        StringBuilder text = new StringBuilder();
        int totalBits = data.length * 8;
        for (int start = 0; start < totalBits; start += 5) {
            int value = 0;
            for (int bit = start; bit < start + 5; bit++) {
                value = value << 1 | (bit < totalBits ? bitAt(data, bit) : 0);
            }
            text.append(ALPHABET.charAt(value));
        }
        if (padding) {
            while (text.length() % 8 != 0) {
                text.append('=');
            }
        }
        return text.toString();
    }

    /** Decodes padded or unpadded upper-case base32 with no whitespace; leftover bits are dropped. */
    static byte[] decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int current = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            if (c == '=') {
                break;
            }
            int value = ALPHABET.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base32: " + c);
            }
            for (int bit = 4; bit >= 0; bit--) {
                current = current << 1 | (value >> bit & 1);
                if (++bits == 8) {
                    out.write(current);
                    current = 0;
                    bits = 0;
                }
            }
        }
        return out.toByteArray();
    }

    private static int bitAt(byte[] data, int bit) {
        return data[bit / 8] >> (7 - bit % 8) & 1;
    }
}
