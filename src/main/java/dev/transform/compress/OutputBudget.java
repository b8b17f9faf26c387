package dev.transform.compress;

import dev.transform.engine.TransformException;

/**
 * The limits on what one decompress stage outputs: its total (maxOutputBytes) and its ratio to the
 * input read so far. Every decompressor counts its output here before handing it out, so a bomb is
 * stopped at the limit, not after it, whatever the format.
 */
public final class OutputBudget {

    /** Output below which the ratio is not checked: small inputs of zeros expand hugely and are fine. */
    public static final long RATIO_GRACE_BYTES = 1 << 20;

    private final long maxOutputBytes;
    private final int maxRatio;
    private long total;

    /** @param maxRatio the most output bytes per input byte once output passes 1 MiB; 0 for no limit */
    public OutputBudget(long maxOutputBytes, int maxRatio) {
        this.maxOutputBytes = maxOutputBytes;
        this.maxRatio = maxRatio;
    }

    /** Counts {@code bytes} more output, made from {@code input} bytes of input so far; a 413 past either limit. */
    public void spend(long bytes, long input) {
        total += bytes;
        if (total > maxOutputBytes) {
            throw TransformException.limitExceeded("decompressed output exceeds maxOutputBytes=" + maxOutputBytes);
        }
        if (maxRatio != 0 && total > RATIO_GRACE_BYTES && total / maxRatio > input) {
            throw TransformException.limitExceeded("decompressed output is more than " + maxRatio
                    + " times its compressed input (" + total + " bytes from " + input + "), the configured maximum ratio");
        }
    }

    public long total() {
        return total;
    }
}
