package dev.transform.codec;

import dev.transform.engine.Bytes;
import dev.transform.engine.ChunkStage;
import dev.transform.engine.TransformException;
import io.vertx.core.buffer.Buffer;

/**
 * Decodes text to bytes, one character at a time into a small bit accumulator, so a block split
 * across chunks needs no carry buffer. Padding is optional; when present it must complete the last
 * block and nothing but whitespace may follow it.
 */
public final class DecodeStage extends ChunkStage {

    private final Encoding encoding;
    private final boolean ignoreWhitespace;
    private final int bitsPerChar;
    private final int blockChars;
    private final int blockBytes;
    private final byte[] values;
    private int bits;
    private int bitCount;
    private int blockPosition;
    private int padding;
    private long consumed;

    public DecodeStage(Encoding encoding, boolean ignoreWhitespace) {
        this.encoding = encoding;
        this.ignoreWhitespace = ignoreWhitespace;
        this.bitsPerChar = encoding.bitsPerChar();
        this.blockChars = encoding.blockChars();
        this.blockBytes = encoding.blockBytes();
        this.values = encoding.charValues();
    }

    @Override
    protected Buffer transform(Buffer chunk) {
        Bytes in = Bytes.of(chunk);
        byte[] src = in.array();
        byte[] out = new byte[(int) (((long) in.length() * bitsPerChar + bitCount) / 8)];
        int written = 0;
        // The accumulator lives in locals for the loop (fields would be written back on every
        // character); the rare characters that are not digits store it before they are handled.
        int acc = bits;
        int accBits = bitCount;
        int position = blockPosition;
        for (int i = in.offset(), end = in.end(); i < end; i++) {
            if (position == 0 && padding == 0) {
                int stop = decodeBlocks(src, i, end, out, written);
                written += (stop - i) / blockChars * blockBytes;
                i = stop;
                if (i == end) {
                    break;
                }
            }
            byte c = src[i];
            int value = values[c & 0xff];
            if (value >= 0 && padding == 0) {
                acc = acc << bitsPerChar | value;
                accBits += bitsPerChar;
                if (accBits >= 8) {
                    accBits -= 8;
                    out[written++] = (byte) (acc >>> accBits);
                    acc &= (1 << accBits) - 1;
                }
                if (++position == blockChars) {
                    position = 0;
                }
            } else if (c == Encoding.PAD && encoding.isPadded()) {
                blockPosition = position;
                pad(consumed + i - in.offset());
            } else if (!(ignoreWhitespace && isWhitespace(c))) {
                throw invalidCharacter(c, consumed + i - in.offset());
            }
        }
        bits = acc;
        bitCount = accBits;
        blockPosition = position;
        consumed += in.length();
        return Bytes.wrap(out, 0, written);
    }

    /**
     * Decodes whole blocks from {@code i} while they are all digits, the common case, without the
     * accumulator: straight-line for base64 and hex. Returns where it stopped: at the end, or at a
     * block holding something else (whitespace, padding, a bad character) for the caller's slow path.
     */
    private int decodeBlocks(byte[] src, int i, int end, byte[] out, int written) {
        byte[] values = this.values;
        switch (bitsPerChar) {
            case 6 -> {
                for (; end - i >= 4; i += 4, written += 3) {
                    int a = values[src[i] & 0xff], b = values[src[i + 1] & 0xff];
                    int c = values[src[i + 2] & 0xff], d = values[src[i + 3] & 0xff];
                    if ((a | b | c | d) < 0) {
                        break;
                    }
                    int block = a << 18 | b << 12 | c << 6 | d;
                    out[written] = (byte) (block >> 16);
                    out[written + 1] = (byte) (block >> 8);
                    out[written + 2] = (byte) block;
                }
            }
            case 4 -> {
                for (; end - i >= 2; i += 2, written++) {
                    int high = values[src[i] & 0xff], low = values[src[i + 1] & 0xff];
                    if ((high | low) < 0) {
                        break;
                    }
                    out[written] = (byte) (high << 4 | low);
                }
            }
            default -> {
                for (; end - i >= blockChars; i += blockChars, written += blockBytes) {
                    long block = 0;
                    int digits = 0;
                    for (int value; digits < blockChars && (value = values[src[i + digits] & 0xff]) >= 0; digits++) {
                        block = block << bitsPerChar | value;
                    }
                    if (digits < blockChars) {
                        break;
                    }
                    for (int at = written + blockBytes - 1; at >= written; at--, block >>>= 8) {
                        out[at] = (byte) block;
                    }
                }
            }
        }
        return i;
    }

    private void pad(long offset) {
        if (padding == 0 && (blockPosition == 0 || !encoding.isValidPartialBlock(blockPosition))) {
            throw TransformException.invalidInput("unexpected padding in " + encoding.id() + " input", offset);
        }
        if (blockPosition + ++padding > encoding.blockChars()) {
            throw TransformException.invalidInput("too much padding in " + encoding.id() + " input", offset);
        }
    }

    @Override
    protected Buffer flush() {
        if (!encoding.isValidPartialBlock(blockPosition)) {
            String what = encoding == Encoding.HEX ? "an odd number of hex digits" : "a truncated last block";
            throw TransformException.invalidInput(encoding.id() + " input ends with " + what, consumed);
        }
        if (padding > 0 && blockPosition + padding != encoding.blockChars()) {
            throw TransformException.invalidInput(encoding.id() + " padding does not complete the last block", consumed);
        }
        return null;
    }

    private TransformException invalidCharacter(byte c, long offset) {
        String shown = c >= 0x21 && c < 0x7f ? "'" + (char) c + "'" : String.format("0x%02x", c & 0xff);
        String why = padding > 0 && encoding.valueOf(c) >= 0 ? " after padding" : "";
        return TransformException.invalidInput("invalid " + encoding.id() + " character " + shown + why, offset);
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }
}
