package dev.transform.compress.lz4;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * xxHash32 (the lz4 frame format's checksum: content, block and header), fed in pieces of any size.
 * lz4-java's pure-Java hash reads each 4-byte word through a helper call that the native image
 * keeps as a call; here a word is one little-endian load, which both compilers make one instruction.
 */
final class XxHash32 {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int PRIME1 = 0x9E3779B1;
    private static final int PRIME2 = 0x85EBCA77;
    private static final int PRIME3 = 0xC2B2AE3D;
    private static final int PRIME4 = 0x27D4EB2F;
    private static final int PRIME5 = 0x165667B1;
    private static final int STRIPE = 16;

    private final int seed;
    /** The bytes of a stripe not yet complete: fewer than {@link #STRIPE}. */
    private final byte[] pending = new byte[STRIPE];
    private int pendingLength;
    private long length;
    private int v1;
    private int v2;
    private int v3;
    private int v4;

    XxHash32(int seed) {
        this.seed = seed;
        v1 = seed + PRIME1 + PRIME2;
        v2 = seed + PRIME2;
        v3 = seed;
        v4 = seed - PRIME1;
    }

    /** The hash of {@code bytes[from, from + count)} alone. */
    static int hash(byte[] bytes, int from, int count, int seed) {
        XxHash32 hash = new XxHash32(seed);
        hash.update(bytes, from, count);
        return hash.value();
    }

    void update(byte[] bytes, int from, int count) {
        length += count;
        int at = from;
        int end = from + count;
        if (pendingLength > 0) {
            int taken = Math.min(STRIPE - pendingLength, count);
            System.arraycopy(bytes, at, pending, pendingLength, taken);
            pendingLength += taken;
            at += taken;
            if (pendingLength < STRIPE) {
                return;
            }
            stripes(pending, 0, STRIPE);
            pendingLength = 0;
        }
        at = stripes(bytes, at, end);
        pendingLength = end - at;
        System.arraycopy(bytes, at, pending, 0, pendingLength);
    }

    /** The hash of everything given so far; more may still be given. */
    int value() {
        int h = length >= STRIPE
                ? Integer.rotateLeft(v1, 1) + Integer.rotateLeft(v2, 7) + Integer.rotateLeft(v3, 12) + Integer.rotateLeft(v4, 18)
                : seed + PRIME5;
        h += (int) length;
        int at = 0;
        for (; pendingLength - at >= 4; at += 4) {
            h = Integer.rotateLeft(h + (int) INT.get(pending, at) * PRIME3, 17) * PRIME4;
        }
        for (; at < pendingLength; at++) {
            h = Integer.rotateLeft(h + (pending[at] & 0xff) * PRIME5, 11) * PRIME1;
        }
        h ^= h >>> 15;
        h *= PRIME2;
        h ^= h >>> 13;
        h *= PRIME3;
        return h ^ h >>> 16;
    }

    /** Takes whole stripes from {@code at}; returns where the first incomplete one starts. */
    private int stripes(byte[] bytes, int at, int end) {
        int a = v1;
        int b = v2;
        int c = v3;
        int d = v4;
        for (; end - at >= STRIPE; at += STRIPE) {
            a = round(a, (int) INT.get(bytes, at));
            b = round(b, (int) INT.get(bytes, at + 4));
            c = round(c, (int) INT.get(bytes, at + 8));
            d = round(d, (int) INT.get(bytes, at + 12));
        }
        v1 = a;
        v2 = b;
        v3 = c;
        v4 = d;
        return at;
    }

    private static int round(int accumulator, int word) {
        return Integer.rotateLeft(accumulator + word * PRIME2, 13) * PRIME1;
    }
}
