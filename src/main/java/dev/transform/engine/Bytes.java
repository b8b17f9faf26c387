package dev.transform.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A chunk's bytes as an array window, so codecs can loop over them without copying. Vert.x hands
 * request bodies over as heap buffers and stages hand on arrays, so the copy in {@link #of(Buffer)}
 * is a fallback: for a composite, it joins the parts (base64 through the JDK's encoder hands on a
 * carried block's text before the rest); {@link #parts(Buffer)} gives them one by one instead.
 */
public record Bytes(byte[] array, int offset, int length) {

    public static Bytes of(Buffer buffer) {
        ByteBuf buf = buffer.getByteBuf();
        if (buf.hasArray()) {
            return new Bytes(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
        }
        return new Bytes(ByteBufUtil.getBytes(buf), 0, buf.readableBytes());
    }

    /** The chunk's bytes as one window per part of a composite, so nothing is joined by copying. */
    public static List<Bytes> parts(Buffer buffer) {
        ByteBuf buf = buffer.getByteBuf();
        if (buf.hasArray() || buf.nioBufferCount() == 1) {
            return List.of(of(buffer));
        }
        List<Bytes> parts = new ArrayList<>();
        for (ByteBuffer part : buf.nioBuffers()) {
            if (part.hasArray()) {
                parts.add(new Bytes(part.array(), part.arrayOffset() + part.position(), part.remaining()));
            } else {
                byte[] copy = new byte[part.remaining()];
                part.get(copy);
                parts.add(new Bytes(copy, 0, copy.length));
            }
        }
        return parts;
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
