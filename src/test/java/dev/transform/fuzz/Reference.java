package dev.transform.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Oracles written apart from the service's code, over the whole input at once: what decode and
 * decompress must give for an input, by the contract (RFC 4648 text with optional padding, RFC
 * 1950/1951/1952 streams with nothing after their end, gzip members concatenated as gzip(1) reads
 * them). Each returns the output, or {@code null} when the input must be rejected.
 */
final class Reference {

    /** The decoders the fuzz target and the property tests cover, in the order the fuzz input picks them. */
    enum Decoder {
        BASE64("base64", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", false),
        BASE64URL("base64url", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false),
        BASE32("base32", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", true),
        HEX("hex", "0123456789abcdef", true),
        GZIP("gzip", null, false),
        DEFLATE("deflate", null, false),
        DEFLATE_RAW("deflate-raw", null, false),
        // No in-process reference (the CLIs are the stage tests' oracles; one process per fuzz input
        // would starve the fuzzer): fuzzed for the contract and for chunking independence only.
        ZSTD("zstd", null, false),
        LZ4("lz4", null, false),
        BROTLI("brotli", null, false),
        BZIP2("bzip2", null, false),
        SNAPPY("snappy", null, false),
        XZ("xz", null, false);

        final String id;
        final String alphabet;
        final boolean caseInsensitive;

        Decoder(String id, String alphabet, boolean caseInsensitive) {
            this.id = id;
            this.alphabet = alphabet;
            this.caseInsensitive = caseInsensitive;
        }

        boolean isText() {
            return alphabet != null;
        }

        int bitsPerChar() {
            return Integer.numberOfTrailingZeros(alphabet.length());
        }

        /** Characters of a whole block: 4 for base64, 8 for base32, 2 for hex. */
        int blockChars() {
            return switch (this) {
                case BASE64, BASE64URL -> 4;
                case BASE32 -> 8;
                case HEX -> 2;
                default -> throw new IllegalStateException(id + " is not a text encoding");
            };
        }

        /** Characters a last, partial block may have (RFC 4648: those that carry whole bytes). */
        boolean isValidLastBlock(int chars) {
            return switch (this) {
                case BASE64, BASE64URL -> chars == 0 || chars == 2 || chars == 3;
                case BASE32 -> chars == 0 || chars == 2 || chars == 4 || chars == 5 || chars == 7;
                case HEX -> chars == 0;
                default -> throw new IllegalStateException(id + " is not a text encoding");
            };
        }

        int valueOf(byte c) {
            char ch = (char) (c & 0xff);
            if (c < 0) {
                return -1;
            }
            int value = alphabet.indexOf(ch);
            if (value < 0 && caseInsensitive) {
                value = alphabet.indexOf(Character.toLowerCase(ch));
                if (value < 0) {
                    value = alphabet.indexOf(Character.toUpperCase(ch));
                }
            }
            return value;
        }
    }

    private Reference() {
    }

    /** RFC 4648 decoding as the contract has it: padding optional but exact, whitespace skipped only when asked. */
    static byte[] decodeText(Decoder decoder, boolean ignoreWhitespace, byte[] text) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        for (byte c : text) {
            boolean whitespace = c == ' ' || c == '\n' || c == '\r' || c == '\t';
            if (!(whitespace && ignoreWhitespace)) {
                kept.write(c);
            }
        }
        byte[] chars = kept.toByteArray();
        int data = 0;
        while (data < chars.length && chars[data] != '=') {
            if (decoder.valueOf(chars[data]) < 0) {
                return null;
            }
            data++;
        }
        int padding = chars.length - data;
        for (int i = data; i < chars.length; i++) {
            if (chars[i] != '=') {
                return null;
            }
        }
        int last = data % decoder.blockChars();
        if (!decoder.isValidLastBlock(last)) {
            return null;
        }
        if (padding > 0 && (decoder == Decoder.HEX || last == 0 || last + padding != decoder.blockChars())) {
            return null;
        }
        int bits = decoder.bitsPerChar();
        byte[] out = new byte[(int) ((long) data * bits / 8)];
        long accumulator = 0;
        int held = 0;
        int written = 0;
        for (int i = 0; i < data; i++) {
            accumulator = accumulator << bits | decoder.valueOf(chars[i]);
            held += bits;
            if (held >= 8) {
                held -= 8;
                out[written++] = (byte) (accumulator >>> held);
                accumulator &= (1L << held) - 1;
            }
        }
        return out;
    }

    /** What the encoders must write: RFC 4648 with or without padding, hex in the case asked for. */
    static String encodeText(Decoder decoder, byte[] data, boolean padding, boolean upperCase) {
        String alphabet = upperCase && decoder.caseInsensitive ? decoder.alphabet.toUpperCase() : decoder.alphabet;
        int bits = decoder.bitsPerChar();
        StringBuilder text = new StringBuilder();
        int totalBits = data.length * 8;
        for (int start = 0; start < totalBits; start += bits) {
            int value = 0;
            for (int bit = start; bit < start + bits; bit++) {
                value = value << 1 | (bit < totalBits ? data[bit / 8] >> (7 - bit % 8) & 1 : 0);
            }
            text.append(alphabet.charAt(value));
        }
        if (padding && decoder != Decoder.HEX) {
            while (text.length() % decoder.blockChars() != 0) {
                text.append('=');
            }
        }
        return text.toString();
    }


    /** A format the reference cannot decompress in-process (zstd, lz4, brotli, bzip2, snappy, xz, auto): no verdict. */
    static final class NoReference extends RuntimeException {
        NoReference(String format) {
            super("no in-process reference for " + format, null, false, false);
        }
    }

    /** Thrown by the decompress oracle once the output passes its limit: the stage must then fail too. */
    static final class OverLimit extends Exception {
        OverLimit() {
            super(null, null, false, false);
        }
    }

    /**
     * Decompresses a whole zlib ({@code DEFLATE}), raw deflate or gzip input, or returns {@code null}
     * if the contract rejects it.
     *
     * @throws OverLimit if the output would pass {@code limit} bytes before the input is found bad
     */
    static byte[] decompress(Decoder format, byte[] input, long limit) throws OverLimit {
        if (format.ordinal() > Decoder.DEFLATE_RAW.ordinal()) {
            throw new NoReference(format.id);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (format == Decoder.GZIP) {
                return gunzip(input, limit, out) ? out.toByteArray() : null;
            }
            Inflater inflater = new Inflater(format == Decoder.DEFLATE_RAW);
            try {
                inflater.setInput(input);
                long end = inflate(inflater, out, limit);
                return end == input.length ? out.toByteArray() : null;
            } finally {
                inflater.end();
            }
        } catch (DataFormatException e) {
            return null;
        }
    }

    /** Inflates one stream; returns the input offset where it ended, or -1 if it is truncated or needs a dictionary. */
    private static long inflate(Inflater inflater, ByteArrayOutputStream out, long limit)
            throws DataFormatException, OverLimit {
        byte[] buffer = new byte[8192];
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            out.write(buffer, 0, n);
            if (out.size() > limit) {
                throw new OverLimit();
            }
            if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                return -1;
            }
        }
        return inflater.getBytesRead();
    }

    /** RFC 1952 members, one after the other, each checked; at least one. */
    private static boolean gunzip(byte[] input, long limit, ByteArrayOutputStream out)
            throws DataFormatException, OverLimit {
        int pos = 0;
        int members = 0;
        while (pos < input.length || members == 0) {
            int start = pos;
            if (input.length - pos < 10 || (input[pos] & 0xff) != 0x1f || (input[pos + 1] & 0xff) != 0x8b
                    || input[pos + 2] != 8 || (input[pos + 3] & 0xe0) != 0) {
                return false;
            }
            int flags = input[pos + 3];
            pos += 10;
            if ((flags & 4) != 0) {
                if (input.length - pos < 2) {
                    return false;
                }
                int extra = (input[pos] & 0xff) | (input[pos + 1] & 0xff) << 8;
                pos += 2 + extra;
            }
            for (int flag : new int[] {8, 16}) {
                if ((flags & flag) != 0) {
                    while (pos < input.length && input[pos] != 0) {
                        pos++;
                    }
                    pos++;
                }
            }
            if ((flags & 2) != 0) {
                if (pos + 2 > input.length) {
                    return false;
                }
                CRC32 crc = new CRC32();
                crc.update(input, start, pos - start);
                int stored = (input[pos] & 0xff) | (input[pos + 1] & 0xff) << 8;
                if (stored != ((int) crc.getValue() & 0xffff)) {
                    return false;
                }
                pos += 2;
            }
            if (pos > input.length) {
                return false;
            }
            Inflater inflater = new Inflater(true);
            long end;
            long before = out.size();
            try {
                inflater.setInput(input, pos, input.length - pos);
                end = inflate(inflater, out, limit);
            } finally {
                inflater.end();
            }
            if (end < 0) {
                return false;
            }
            pos += (int) end;
            if (input.length - pos < 8) {
                return false;
            }
            byte[] member = Arrays.copyOfRange(out.toByteArray(), (int) before, out.size());
            CRC32 crc = new CRC32();
            crc.update(member);
            if (littleEndian(input, pos) != (int) crc.getValue() || littleEndian(input, pos + 4) != member.length) {
                return false;
            }
            pos += 8;
            members++;
        }
        return true;
    }

    private static int littleEndian(byte[] bytes, int at) {
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16 | (bytes[at + 3] & 0xff) << 24;
    }

    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
