package dev.transform.integrity;

import dev.transform.digest.Algorithm;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;

/**
 * Feeds a {@link Buffer} to a {@link Algorithm.Hasher} part by part, without copying: request chunks are
 * heap buffers, and held output is a composite of views over them.
 */
final class BufferHashing {

    private BufferHashing() {
    }

    static void update(Algorithm.Hasher hasher, Buffer buffer) {
        for (ByteBuffer part : buffer.getByteBuf().nioBuffers()) {
            hasher.update(part);
        }
    }
}
