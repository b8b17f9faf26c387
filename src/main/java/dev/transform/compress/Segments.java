package dev.transform.compress;

import dev.transform.engine.Bytes;
import io.vertx.core.buffer.Buffer;

/**
 * Output space for zlib, in the manner of Okio's segments: zlib writes into a 64 KiB array, the
 * written part is handed out as a view, and the next output goes after it in the same array. Bytes
 * are written once and never copied; a new array is taken only when one is full.
 */
public final class Segments {

    public static final int SIZE = 64 * 1024;

    private byte[] segment = new byte[SIZE];
    private int start;
    private int end;

    /** The array to write into at {@link #position()}; it has room for at least {@code needed} bytes. */
    public byte[] array(int needed) {
        if (SIZE - end < needed) {
            if (end != start) {
                // A new array would drop the bytes written here but not yet taken.
                throw new IllegalStateException("take the " + (end - start) + " pending bytes before starting a new segment");
            }
            segment = new byte[SIZE];
            start = 0;
            end = 0;
        }
        return segment;
    }

    public int position() {
        return end;
    }

    public int room() {
        return SIZE - end;
    }

    public void advance(int written) {
        end += written;
    }

    public boolean isFull() {
        return end == SIZE;
    }

    /** Whether bytes were written since the last take: a full segment with none is ready for a new array. */
    public boolean hasPending() {
        return end != start;
    }

    public void write(byte[] bytes) {
        System.arraycopy(bytes, 0, array(bytes.length), end, bytes.length);
        end += bytes.length;
    }

    /** What was written since the last take, as a view; {@code null} if nothing was. */
    public Buffer take() {
        if (end == start) {
            return null;
        }
        Buffer out = Bytes.wrap(segment, start, end - start);
        start = end;
        return out;
    }
}
