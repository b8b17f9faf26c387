package dev.transform.compress.zstd;

/**
 * aircompressor's zstd decoder reads its input through {@code sun.misc.Unsafe}: a byte array is
 * addressed as the array plus {@link sun.misc.Unsafe#ARRAY_BYTE_BASE_OFFSET} and the index.
 */
final class ArrayAddress {

    private ArrayAddress() {
    }

    static long of(int index) {
        return (long) sun.misc.Unsafe.ARRAY_BYTE_BASE_OFFSET + index;
    }
}
