package dev.transform.slice;

import dev.transform.engine.ChunkStage;
import io.vertx.core.buffer.Buffer;

/** Bytes {@code [offset, offset + length)} of the input, forwarded as views of the input chunks. */
public final class SliceStage extends ChunkStage {

    private long toSkip;
    private long remaining;

    /** @param length how many bytes to keep, or {@link Long#MAX_VALUE} for all the rest */
    public SliceStage(long offset, long length) {
        this.toSkip = offset;
        this.remaining = length;
    }

    @Override
    protected Buffer transform(Buffer chunk) {
        int size = chunk.length();
        int start = (int) Math.min(toSkip, size);
        toSkip -= start;
        int end = start + (int) Math.min(remaining, size - start);
        remaining -= end - start;
        return start == 0 && end == size ? chunk : chunk.slice(start, end);
    }

    @Override
    protected boolean isComplete() {
        return remaining == 0;
    }
}
