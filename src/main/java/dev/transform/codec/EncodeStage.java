package dev.transform.codec;

import dev.transform.engine.Bytes;
import dev.transform.engine.ChunkStage;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * Encodes bytes as text. Whole blocks are encoded straight from the input chunk; only the 0 to
 * {@code blockBytes - 1} bytes of a block split across chunks are carried over.
 */
public final class EncodeStage extends ChunkStage {

    /** Four bytes of an array as one big-endian int: one load of four bytes for hex. */
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    /**
     * Eight bytes as one big-endian long: two base64 groups in one load and their text in one store;
     * the hex text of four input bytes in one store.
     */
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final Encoding encoding;
    private final byte[] alphabet;
    private final boolean padding;
    private final int blockBytes;
    private final int blockChars;
    private final byte[] carry;
    /**
     * The two characters of every 12 bits (base64, 8 KiB) or of every byte (hex, 512 bytes), the first
     * in the high byte; both stay in cache.
     */
    private final char[] pairs;
    private int carried;
    /** The JDK's encoder where the JVM makes it a vector intrinsic ({@link JdkBase64}), else null. */
    private final Base64.Encoder jdkEncoder;

    public EncodeStage(Encoding encoding, boolean padding, boolean upperCase) {
        this(encoding, padding, upperCase, JdkBase64.encoderFor(encoding));
    }

    /** With {@code jdkEncoder} (base64's, same alphabet) for the whole groups; null: the stage's own loop. */
    EncodeStage(Encoding encoding, boolean padding, boolean upperCase, Base64.Encoder jdkEncoder) {
        this.jdkEncoder = jdkEncoder;
        this.encoding = encoding;
        this.alphabet = encoding.alphabet(upperCase);
        this.padding = padding && encoding.isPadded();
        this.blockBytes = encoding.blockBytes();
        this.blockChars = encoding.blockChars();
        this.carry = new byte[blockBytes];
        int bits = encoding.bitsPerChar();
        this.pairs = bits == 6 || bits == 4 ? pairs(alphabet, bits) : null;
    }

    private static char[] pairs(byte[] alphabet, int bitsPerChar) {
        char[] pairs = new char[1 << 2 * bitsPerChar];
        int mask = (1 << bitsPerChar) - 1;
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = (char) (alphabet[i >>> bitsPerChar] << 8 | alphabet[i & mask]);
        }
        return pairs;
    }

    @Override
    protected Buffer transform(Buffer chunk) {
        Bytes in = Bytes.of(chunk);
        if ((carried + in.length()) / blockBytes == 0) {
            System.arraycopy(in.array(), in.offset(), carry, carried, in.length());
            carried += in.length();
            return null;
        }
        // Whole blocks are encoded where they lie in the chunk; only the carried block is put together.
        int completing = carried > 0 ? blockBytes - carried : 0;
        System.arraycopy(in.array(), in.offset(), carry, carried, completing);
        int from = in.offset() + completing;
        int whole = (in.end() - from) / blockBytes * blockBytes;
        boolean withCarry = completing > 0;
        Buffer out = jdkEncoder == null ? encode(withCarry, in.array(), from, whole)
                : encodeWithJdk(withCarry, in.array(), from, whole);
        carried = in.end() - from - whole;
        System.arraycopy(in.array(), from + whole, carry, 0, carried);
        return out;
    }

    /** The carried block's text (when {@code withCarry}), then that of the whole blocks, in one new array. */
    private Buffer encode(boolean withCarry, byte[] src, int from, int whole) {
        byte[] out = new byte[((withCarry ? blockBytes : 0) + whole) / blockBytes * blockChars];
        int written = withCarry ? encodeBlocks(carry, 0, blockBytes, out, 0) : 0;
        encodeBlocks(src, from, whole, out, written);
        return Bytes.wrap(out);
    }

    /**
     * The same, the whole blocks by the JDK's encoder, which writes only to an array of its own: the
     * carried block's four characters go before it as a second part, so the bulk is not copied to
     * make room for them (Bytes.parts hands the two on as they are).
     */
    private Buffer encodeWithJdk(boolean withCarry, byte[] src, int from, int whole) {
        byte[] text = whole == 0 ? null : jdkEncoder.encode(ByteBuffer.wrap(src, from, whole)).array();
        if (!withCarry) {
            return Bytes.wrap(text);
        }
        byte[] first = new byte[blockChars];
        encodeBlocks(carry, 0, blockBytes, first, 0);
        return text == null ? Bytes.wrap(first) : Buffer.buffer(Unpooled.wrappedBuffer(first, text));
    }

    @Override
    protected Buffer flush() {
        if (carried == 0) {
            return null;
        }
        int bits = carried * 8;
        int chars = (bits + encoding.bitsPerChar() - 1) / encoding.bitsPerChar();
        byte[] out = new byte[padding ? blockChars : chars];
        long value = 0;
        for (int i = 0; i < blockBytes; i++) {
            value = value << 8 | (i < carried ? carry[i] & 0xff : 0);
        }
        encodeBlock(value, out, 0, chars);
        for (int i = chars; i < out.length; i++) {
            out[i] = Encoding.PAD;
        }
        return Bytes.wrap(out);
    }

    private int encodeBlocks(byte[] src, int from, int length, byte[] out, int outPos) {
        // Straight-line loops for the two encodings that carry most traffic; the JIT keeps their
        // state in registers, which the general bit loop below does not allow.
        if (encoding.bitsPerChar() == 4) {
            return encodeHex(src, from, length, out, outPos);
        }
        if (encoding.bitsPerChar() == 6) {
            return encodeBase64(src, from, length, out, outPos);
        }
        int o = outPos;
        for (int i = from, end = from + length; i < end; i += blockBytes) {
            long value = 0;
            for (int j = 0; j < blockBytes; j++) {
                value = value << 8 | (src[i + j] & 0xff);
            }
            encodeBlock(value, out, o, blockChars);
            o += blockChars;
        }
        return o;
    }

    /** Per four bytes: one 4-byte load, four lookups of two characters each, one 8-byte store. */
    private int encodeHex(byte[] src, int from, int length, byte[] out, int outPos) {
        char[] pairs = this.pairs;
        int o = outPos;
        int i = from;
        int end = from + length;
        for (; end - i >= 4; i += 4, o += 8) {
            int bytes = (int) INT.get(src, i);
            int high = pairs[bytes >>> 24] << 16 | pairs[bytes >>> 16 & 0xff];
            int low = pairs[bytes >>> 8 & 0xff] << 16 | pairs[bytes & 0xff];
            LONG.set(out, o, (long) high << 32 | low & 0xffffffffL);
        }
        for (; i < end; i++, o += 2) {
            char pair = pairs[src[i] & 0xff];
            out[o] = (byte) (pair >>> 8);
            out[o + 1] = (byte) pair;
        }
        return o;
    }

    /**
     * Per two groups of 3 bytes: one 8-byte load (its last two bytes are the next groups', so the
     * last one or two groups are left to the byte loop), four lookups of two characters each, one
     * 8-byte store; the JIT turns the big-endian views into a load or store and a byte swap.
     */
    private int encodeBase64(byte[] src, int from, int length, byte[] out, int outPos) {
        char[] pairs = this.pairs;
        int o = outPos;
        int i = from;
        int end = from + length;
        for (; end - i >= 8; i += 6, o += 8) {
            long bits = (long) LONG.get(src, i) >>> 16;
            int first = (int) (bits >>> 24);
            int second = (int) bits & 0xffffff;
            long text = (long) (pairs[first >>> 12] << 16 | pairs[first & 0xfff]) << 32
                    | (pairs[second >>> 12] << 16 | pairs[second & 0xfff]) & 0xffffffffL;
            LONG.set(out, o, text);
        }
        for (; i < end; i += 3) {
            int bits = (src[i] & 0xff) << 16 | (src[i + 1] & 0xff) << 8 | (src[i + 2] & 0xff);
            out[o++] = alphabet[bits >>> 18];
            out[o++] = alphabet[bits >>> 12 & 0x3f];
            out[o++] = alphabet[bits >>> 6 & 0x3f];
            out[o++] = alphabet[bits & 0x3f];
        }
        return o;
    }

    /** Writes the first {@code chars} characters of one block held in the low bits of {@code value}. */
    private void encodeBlock(long value, byte[] out, int at, int chars) {
        int bits = encoding.bitsPerChar();
        int mask = (1 << bits) - 1;
        int shift = blockBytes * 8 - bits;
        for (int c = 0; c < chars; c++, shift -= bits) {
            out[at + c] = alphabet[(int) (value >>> shift) & mask];
        }
    }
}
