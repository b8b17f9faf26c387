package dev.transform.compress;

import dev.transform.engine.Bytes;
import io.vertx.core.buffer.Buffer;
import java.io.OutputStream;
import java.util.ArrayDeque;

/**
 * Where an encoder that writes to an {@link OutputStream} puts its output until the stage hands it
 * out: written bytes go into 64 KiB segments, each handed out once full or when asked. It holds only
 * what the encoder made from one input chunk (or one block), as the stage drains it before taking more.
 */
public final class PendingOutput extends OutputStream {

    private final ArrayDeque<Buffer> ready = new ArrayDeque<>();
    private byte[] segment;
    private int start;
    private int end;

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        while (length > 0) {
            if (segment == null || end == segment.length) {
                cut();
                segment = new byte[Segments.SIZE];
                start = 0;
                end = 0;
            }
            int n = Math.min(length, segment.length - end);
            System.arraycopy(bytes, offset, segment, end, n);
            end += n;
            offset += n;
            length -= n;
        }
    }

    /** The next piece of output, or {@code null} when nothing is written. */
    public Buffer take() {
        if (ready.isEmpty()) {
            cut();
        }
        return ready.poll();
    }

    /** Whether nothing written is left to take. */
    public boolean isEmpty() {
        return ready.isEmpty() && (segment == null || end == start);
    }

    private void cut() {
        if (segment != null && end > start) {
            ready.add(Bytes.wrap(segment, start, end - start));
            start = end;
        }
    }
}
