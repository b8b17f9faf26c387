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
    private int bits;
    private int bitCount;
    private int blockPosition;
    private int padding;
    private long consumed;

    public DecodeStage(Encoding encoding, boolean ignoreWhitespace) {
        this.encoding = encoding;
        this.ignoreWhitespace = ignoreWhitespace;
        this.bitsPerChar = encoding.bitsPerChar();
    }

    @Override
    protected Buffer transform(Buffer chunk) {
        Bytes in = Bytes.of(chunk);
        byte[] src = in.array();
        byte[] out = new byte[(int) (((long) in.length() * bitsPerChar + bitCount) / 8)];
        int written = 0;
        for (int i = in.offset(), end = in.end(); i < end; i++) {
            byte c = src[i];
            int value = encoding.valueOf(c);
            if (value >= 0 && padding == 0) {
                bits = bits << bitsPerChar | value;
                bitCount += bitsPerChar;
                if (bitCount >= 8) {
                    bitCount -= 8;
                    out[written++] = (byte) (bits >>> bitCount);
                    bits &= (1 << bitCount) - 1;
                }
                blockPosition = (blockPosition + 1) % encoding.blockChars();
            } else if (c == Encoding.PAD && encoding.isPadded()) {
                pad(consumed + i - in.offset());
            } else if (!(ignoreWhitespace && isWhitespace(c))) {
                throw invalidCharacter(c, consumed + i - in.offset());
            }
        }
        consumed += in.length();
        return Bytes.wrap(out, 0, written);
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
