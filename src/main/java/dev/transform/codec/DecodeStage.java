package dev.transform.codec;

import dev.transform.engine.Bytes;
import dev.transform.engine.ChunkStage;
import dev.transform.engine.TransformException;
import io.vertx.core.buffer.Buffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decodes text to bytes, one character at a time into a small bit accumulator, so a block split
 * across chunks needs no carry buffer. Padding is optional; when present it must complete the last
 * block and nothing but whitespace may follow it.
 */
public final class DecodeStage extends ChunkStage {

    /** Four characters in one load, the first in the low byte. */
    private static final VarHandle CHARS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** The bytes of four characters in one store, the first in the high byte; the rest is overwritten next. */
    private static final VarHandle BYTES = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    /** Room after the output for the last four-byte store, of which base64 uses three bytes and hex two. */
    private static final int STORE_SLACK = 2;

    private final Encoding encoding;
    private final boolean ignoreWhitespace;
    private final int bitsPerChar;
    private final int blockChars;
    private final int blockBytes;
    private final byte[] values;
    /**
     * Base64 and hex: for each of four characters in a row (256 entries each), its bits already in
     * their place among the four, or -1 for anything but a digit, so one OR makes the bytes and
     * says whether all four were digits.
     */
    private final int[] placed;
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
        this.placed = bitsPerChar == 6 || bitsPerChar == 4 ? placed(values, bitsPerChar) : null;
    }

    private static int[] placed(byte[] values, int bitsPerChar) {
        int[] placed = new int[4 * 256];
        for (int at = 0; at < 4; at++) {
            for (int c = 0; c < 256; c++) {
                placed[at * 256 + c] = values[c] < 0 ? -1 : values[c] << bitsPerChar * (3 - at);
            }
        }
        return placed;
    }

    @Override
    protected Buffer transform(Buffer chunk) {
        Bytes in = Bytes.of(chunk);
        byte[] src = in.array();
        byte[] out = new byte[(int) (((long) in.length() * bitsPerChar + bitCount) / 8) + STORE_SLACK];
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
     * accumulator. Returns where it stopped: at the end, or at a block holding something else
     * (whitespace, padding, a bad character) for the caller's slow path.
     */
    private int decodeBlocks(byte[] src, int i, int end, byte[] out, int written) {
        if (placed != null) {
            return decodeFours(src, i, end, out, written);
        }
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
        return i;
    }

    /**
     * Base64 and hex, four characters at a time (one base64 block, two hex blocks): one load, four
     * lookups, one store. Stops before four characters that are not all digits.
     */
    private int decodeFours(byte[] src, int i, int end, byte[] out, int written) {
        int[] placed = this.placed;
        int bytes = bitsPerChar / 2; // from four characters: 3 for base64, 2 for hex
        int unusedBits = 32 - 8 * bytes;
        for (; end - i >= 4; i += 4, written += bytes) {
            int chars = (int) CHARS.get(src, i);
            int block = placed[chars & 0xff] | placed[256 + (chars >>> 8 & 0xff)]
                    | placed[512 + (chars >>> 16 & 0xff)] | placed[768 + (chars >>> 24)];
            if (block < 0) {
                break;
            }
            BYTES.set(out, written, block << unusedBits);
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
