package dev.transform.digest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * CRC-32C (Castagnoli) for where the JDK's has no intrinsic: the native executable, whose compiler
 * has none for it and runs {@link CRC32C}'s table-driven Java code, one 8-byte step after another.
 * Here four lanes of a 16 KiB stretch are run side by side (slicing-by-8 each), so the CPU works on
 * four independent chains at once, and the lanes' values are joined by advancing each over the
 * lanes after it ({@link #advanceLane}: the CRC of a lane's worth of zero bytes is a linear map of
 * the value, four table lookups). {@link #create()} picks the JDK's on the JVM, where HotSpot's
 * intrinsic (SSE 4.2 {@code crc32} with carry-less multiplication) is far faster than either.
 */
public final class Crc32c implements Checksum {

    private static final int POLYNOMIAL = 0x82F63B78; // reflected
    private static final int LANE = 4096;
    private static final int LANES = 4;
    private static final int STRIDE = LANE * LANES;
    private static final VarHandle LITTLE_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Slicing-by-8's eight tables in one array, slice {@code k} at {@code k * 256}: a byte's value followed
     * by {@code k} zero bytes. One array keeps one base address in a register instead of eight, which the
     * four lanes need for themselves (eight made the native image spill to the stack in the loop).
     */
    private static final int[] T = new int[8 * 256];
    private static final int S1 = 256, S2 = 2 * 256, S3 = 3 * 256, S4 = 4 * 256, S5 = 5 * 256, S6 = 6 * 256, S7 = 7 * 256;
    /** {@code Z0..Z3}: a value advanced over {@link #LANE} zero bytes, by its four bytes. */
    private static final int[] Z0 = new int[256], Z1 = new int[256], Z2 = new int[256], Z3 = new int[256];

    static {
        for (int b = 0; b < 256; b++) {
            int crc = b;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc >>> 1) ^ (POLYNOMIAL & -(crc & 1));
            }
            T[b] = crc;
        }
        for (int i = 256; i < T.length; i++) {
            int previous = T[i - 256];
            T[i] = (previous >>> 8) ^ T[previous & 0xff];
        }
        // The map is linear: what each of the 32 bits becomes, then every byte value as a sum of its bits.
        int[] bitImages = new int[32];
        for (int bit = 0; bit < 32; bit++) {
            int value = 1 << bit;
            for (int i = 0; i < LANE; i++) {
                value = (value >>> 8) ^ T[value & 0xff];
            }
            bitImages[bit] = value;
        }
        int[][] zeros = {Z0, Z1, Z2, Z3};
        for (int k = 0; k < 4; k++) {
            for (int b = 0; b < 256; b++) {
                int image = 0;
                for (int bit = 0; bit < 8; bit++) {
                    if ((b & (1 << bit)) != 0) {
                        image ^= bitImages[8 * k + bit];
                    }
                }
                zeros[k][b] = image;
            }
        }
    }

    private int crc = ~0;

    /**
     * The JDK's CRC-32C where it is an intrinsic (the JVM), this one in the native executable. Asked per
     * call, as GraalVM's {@code ImageInfo.inImageRuntimeCode()} asks it (the property reads "buildtime"
     * while the image is built): a result kept in a static field initialized at build time would be the
     * JDK's class. The property by name, since GraalVM's API is not on this project's classpath.
     */
    public static Checksum create() {
        return "runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode")) ? new Crc32c() : new CRC32C();
    }

    @Override
    public void update(int b) {
        crc = (crc >>> 8) ^ T[(crc ^ b) & 0xff];
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int value = crc;
        int at = offset;
        int end = offset + length;
        for (; end - at >= STRIDE; at += STRIDE) {
            value = stride(value, bytes, at);
        }
        for (; end - at >= 8; at += 8) {
            value = step(value, (long) LITTLE_ENDIAN_LONG.get(bytes, at));
        }
        for (; at < end; at++) {
            value = (value >>> 8) ^ T[(value ^ bytes[at]) & 0xff];
        }
        crc = value;
    }

    /** Four lanes of {@link #LANE} bytes from {@code at}, side by side; the value after all of them. */
    private static int stride(int value, byte[] bytes, int at) {
        int a = value;
        int b = 0;
        int c = 0;
        int d = 0;
        // step() written out four times: the native image does not inline a call this size (it has no
        // profiles to tell it this loop is hot), and with four calls the lanes no longer overlapped
        // (the crc32c digest measured 0.94 of the JDK's code in the executable; written out, 1.15).
        for (int i = at; i < at + LANE; i += 8) {
            long wa = (long) LITTLE_ENDIAN_LONG.get(bytes, i);
            long wb = (long) LITTLE_ENDIAN_LONG.get(bytes, i + LANE);
            long wc = (long) LITTLE_ENDIAN_LONG.get(bytes, i + 2 * LANE);
            long wd = (long) LITTLE_ENDIAN_LONG.get(bytes, i + 3 * LANE);
            int la = (int) wa ^ a;
            int ha = (int) (wa >>> 32);
            int lb = (int) wb ^ b;
            int hb = (int) (wb >>> 32);
            int lc = (int) wc ^ c;
            int hc = (int) (wc >>> 32);
            int ld = (int) wd ^ d;
            int hd = (int) (wd >>> 32);
            a = T[S7 + (la & 0xff)] ^ T[S6 + ((la >>> 8) & 0xff)] ^ T[S5 + ((la >>> 16) & 0xff)] ^ T[S4 + (la >>> 24)]
                    ^ T[S3 + (ha & 0xff)] ^ T[S2 + ((ha >>> 8) & 0xff)] ^ T[S1 + ((ha >>> 16) & 0xff)] ^ T[ha >>> 24];
            b = T[S7 + (lb & 0xff)] ^ T[S6 + ((lb >>> 8) & 0xff)] ^ T[S5 + ((lb >>> 16) & 0xff)] ^ T[S4 + (lb >>> 24)]
                    ^ T[S3 + (hb & 0xff)] ^ T[S2 + ((hb >>> 8) & 0xff)] ^ T[S1 + ((hb >>> 16) & 0xff)] ^ T[hb >>> 24];
            c = T[S7 + (lc & 0xff)] ^ T[S6 + ((lc >>> 8) & 0xff)] ^ T[S5 + ((lc >>> 16) & 0xff)] ^ T[S4 + (lc >>> 24)]
                    ^ T[S3 + (hc & 0xff)] ^ T[S2 + ((hc >>> 8) & 0xff)] ^ T[S1 + ((hc >>> 16) & 0xff)] ^ T[hc >>> 24];
            d = T[S7 + (ld & 0xff)] ^ T[S6 + ((ld >>> 8) & 0xff)] ^ T[S5 + ((ld >>> 16) & 0xff)] ^ T[S4 + (ld >>> 24)]
                    ^ T[S3 + (hd & 0xff)] ^ T[S2 + ((hd >>> 8) & 0xff)] ^ T[S1 + ((hd >>> 16) & 0xff)] ^ T[hd >>> 24];
        }
        // A lane run from 0 gives what its bytes add; the value before it is carried across by advanceLane.
        return advanceLane(advanceLane(advanceLane(a) ^ b) ^ c) ^ d;
    }

    /** Eight bytes (little-endian in {@code word}) at once: slicing-by-8. */
    private static int step(int value, long word) {
        int low = (int) word ^ value;
        int high = (int) (word >>> 32);
        return T[S7 + (low & 0xff)] ^ T[S6 + ((low >>> 8) & 0xff)] ^ T[S5 + ((low >>> 16) & 0xff)] ^ T[S4 + (low >>> 24)]
                ^ T[S3 + (high & 0xff)] ^ T[S2 + ((high >>> 8) & 0xff)] ^ T[S1 + ((high >>> 16) & 0xff)] ^ T[high >>> 24];
    }

    /** {@code value} advanced over {@link #LANE} zero bytes. */
    private static int advanceLane(int value) {
        return Z0[value & 0xff] ^ Z1[(value >>> 8) & 0xff] ^ Z2[(value >>> 16) & 0xff] ^ Z3[value >>> 24];
    }

    @Override
    public long getValue() {
        return ~crc & 0xffffffffL;
    }

    @Override
    public void reset() {
        crc = ~0;
    }
}
