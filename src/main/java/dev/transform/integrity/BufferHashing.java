package dev.transform.integrity;

import dev.transform.digest.Algorithm;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;

/**
 * Feeds a {@link Buffer} to a {@link Algorithm.Hasher} without copying it where it has an array:
 * request chunks are heap buffers, and held output is a composite of views over them.
 */
final class BufferHashing {

    private static final int COPY_SIZE = 8192;

    private BufferHashing() {
    }

    static void update(Algorithm.Hasher hasher, Buffer buffer) {
        ByteBuf buf = buffer.getByteBuf();
        for (ByteBuffer part : buf.nioBuffers()) {
            if (part.hasArray()) {
                hasher.update(part.array(), part.arrayOffset() + part.position(), part.remaining());
            } else {
                byte[] copy = new byte[Math.min(COPY_SIZE, part.remaining())];
                while (part.hasRemaining()) {
                    int n = Math.min(copy.length, part.remaining());
                    part.get(copy, 0, n);
                    hasher.update(copy, 0, n);
                }
            }
        }
    }
}
