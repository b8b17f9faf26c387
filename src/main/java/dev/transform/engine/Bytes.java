package dev.transform.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * A chunk's bytes as an array window, so codecs can loop over them without copying. Vert.x hands
 * request bodies over as heap buffers, so the copy in {@link #of(Buffer)} is only a fallback.
 */
public record Bytes(byte[] array, int offset, int length) {

    public static Bytes of(Buffer buffer) {
        ByteBuf buf = buffer.getByteBuf();
        if (buf.hasArray()) {
            return new Bytes(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
        }
        return new Bytes(ByteBufUtil.getBytes(buf), 0, buf.readableBytes());
    }

    /** A Buffer over {@code length} bytes of {@code array}, without copying them. */
    public static Buffer wrap(byte[] array, int offset, int length) {
        return Buffer.buffer(Unpooled.wrappedBuffer(array, offset, length));
    }

    public static Buffer wrap(byte[] array) {
        return wrap(array, 0, array.length);
    }

    public int end() {
        return offset + length;
    }
}
