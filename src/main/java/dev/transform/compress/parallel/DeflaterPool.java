package dev.transform.compress.parallel;

import dev.transform.engine.NativeResource;
import java.util.ArrayDeque;
import java.util.zip.Deflater;

/**
 * The zlib streams of one parallel-deflate stream: a worker takes one for a block and gives it back
 * (reset for the next block, which saves zlib's 256 KiB allocation per block), so there are never
 * more than the blocks compressing at once.
 *
 * <p>Closing ends the idle ones at once and marks the pool, so that one still in a worker's hands is
 * ended when it is given back, after its last {@code deflate()} call: the stage can be released on
 * its event loop while workers still run, without waiting for them and without ending a zlib stream
 * under them.
 */
final class DeflaterPool {

    private final int level;
    private final ArrayDeque<Deflater> idle = new ArrayDeque<>();
    private boolean closed;

    DeflaterPool(int level) {
        this.level = level;
    }

    /** A raw-deflate zlib stream at the pool's level, or {@code null} once the pool is closed. */
    synchronized Deflater take() {
        if (closed) {
            return null;
        }
        Deflater deflater = idle.poll();
        if (deflater == null) {
            deflater = new Deflater(level, true);
            NativeResource.DEFLATER.opened();
        }
        return deflater;
    }

    synchronized void give(Deflater deflater) {
        if (closed) {
            end(deflater);
        } else {
            idle.push(deflater);
        }
    }

    synchronized void close() {
        closed = true;
        while (!idle.isEmpty()) {
            end(idle.pop());
        }
    }

    private static void end(Deflater deflater) {
        deflater.end();
        NativeResource.DEFLATER.released();
    }
}
