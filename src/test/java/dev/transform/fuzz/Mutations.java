package dev.transform.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

/** Random damage to valid inputs, as a fuzzer's mutators would do it but from a seed. */
final class Mutations {

    private static final byte[] TEXT_BYTES = "AZaz09+/-_=\n\r \t*~\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private Mutations() {
    }

    /** One to three edits of encoded text: characters changed, inserted (padding, whitespace, others) or dropped, or a cut. */
    static byte[] text(byte[] text, Random random) {
        byte[] result = text;
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = result.length == 0 ? 0 : random.nextInt(result.length + 1);
            byte b = random.nextInt(5) == 0 ? (byte) random.nextInt(256) : TEXT_BYTES[random.nextInt(TEXT_BYTES.length)];
            result = switch (random.nextInt(4)) {
                case 0 -> at < result.length ? replaced(result, at, b) : inserted(result, at, b);
                case 1 -> inserted(result, at, b);
                case 2 -> at < result.length ? removed(result, at) : result;
                default -> Arrays.copyOf(result, at);
            };
        }
        return result;
    }

    /** One to three edits of a binary stream: bit flips, bytes changed, inserted or dropped, a cut, bytes appended. */
    static byte[] binary(byte[] stream, Random random) {
        byte[] result = stream;
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = result.length == 0 ? 0 : random.nextInt(result.length);
            result = switch (random.nextInt(6)) {
                case 0 -> result.length == 0 ? result : replaced(result, at, (byte) (result[at] ^ 1 << random.nextInt(8)));
                case 1 -> result.length == 0 ? result : replaced(result, at, (byte) random.nextInt(256));
                case 2 -> inserted(result, at, (byte) random.nextInt(256));
                case 3 -> result.length == 0 ? result : removed(result, at);
                case 4 -> Arrays.copyOf(result, random.nextInt(result.length + 1));
                default -> {
                    byte[] tail = new byte[1 + random.nextInt(8)];
                    if (random.nextBoolean()) {
                        random.nextBytes(tail);
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.writeBytes(result);
                    out.writeBytes(tail);
                    yield out.toByteArray();
                }
            };
        }
        return result;
    }

    private static byte[] replaced(byte[] bytes, int at, byte b) {
        byte[] copy = bytes.clone();
        copy[at] = b;
        return copy;
    }

    private static byte[] inserted(byte[] bytes, int at, byte b) {
        byte[] copy = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, copy, 0, at);
        copy[at] = b;
        System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
        return copy;
    }

    private static byte[] removed(byte[] bytes, int at) {
        byte[] copy = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, copy, 0, at);
        System.arraycopy(bytes, at + 1, copy, at, bytes.length - at - 1);
        return copy;
    }
}
