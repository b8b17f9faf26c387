package dev.transform.slice;

import dev.transform.engine.ChunkStage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;

/**
 * The last {@code window} bytes of the input. It keeps views of the newest chunks, trimming the
 * oldest as new ones arrive, so it holds about {@code window} bytes however long the input is.
 */
public final class TailStage extends ChunkStage {

    private final long window;
    private final ArrayDeque<Buffer> kept = new ArrayDeque<>();
    private long keptBytes;

    public TailStage(long window) {
        this.window = window;
    }

    @Override
    protected Buffer transform(Buffer chunk) {
        if (chunk.length() > 0) {
            kept.addLast(chunk);
            keptBytes += chunk.length();
            trim();
        }
        return null;
    }

    private void trim() {
        while (keptBytes > window) {
            Buffer oldest = kept.peekFirst();
            long excess = keptBytes - window;
            if (oldest.length() <= excess) {
                kept.removeFirst();
                keptBytes -= oldest.length();
            } else {
                kept.removeFirst();
                kept.addFirst(oldest.slice((int) excess, oldest.length()));
                keptBytes -= excess;
            }
        }
    }

    @Override
    protected Buffer flush() {
        if (kept.size() <= 1) {
            return kept.pollFirst();
        }
        ByteBuf[] parts = kept.stream().map(Buffer::getByteBuf).toArray(ByteBuf[]::new);
        kept.clear();
        return Buffer.buffer(Unpooled.wrappedBuffer(parts));
    }
}
