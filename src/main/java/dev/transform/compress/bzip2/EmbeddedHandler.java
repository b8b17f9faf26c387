package dev.transform.compress.bzip2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * A Netty codec handler (Netty's bzip2 coder has no API outside its pipeline handlers) driven in
 * process through an {@link EmbeddedChannel}: bytes go in as one buffer, each message it makes is
 * copied out and released at once, and {@link #release()} closes the channel, releasing whatever it
 * still holds. Its buffers are unpooled heap ones, so a stage's memory is the garbage collector's.
 */
final class EmbeddedHandler {

    private static final ByteBufAllocator HEAP = new UnpooledByteBufAllocator(false);

    private final EmbeddedChannel channel;
    private boolean released;

    EmbeddedHandler(ChannelHandler handler) {
        channel = new EmbeddedChannel(handler);
        channel.config().setAllocator(HEAP);
    }

    /** Passes {@code bytes} to a decoder; its failure is thrown here. */
    void inbound(ByteBuf bytes) {
        channel.writeInbound(bytes);
    }

    /** Passes {@code bytes} to an encoder; its failure is thrown here. */
    void outbound(ByteBuf bytes) {
        channel.writeOutbound(bytes);
    }

    /** What a decoder made next, or {@code null}. */
    byte[] nextInbound() {
        return drain(channel.readInbound());
    }

    /** What an encoder made next (never empty), or {@code null}. */
    byte[] nextOutbound() {
        while (true) {
            ByteBuf message = channel.readOutbound();
            if (message == null) {
                return null;
            }
            byte[] bytes = drain(message);
            if (bytes.length > 0) {
                return bytes;
            }
        }
    }

    private static byte[] drain(ByteBuf message) {
        if (message == null) {
            return null;
        }
        try {
            byte[] bytes = new byte[message.readableBytes()];
            message.readBytes(bytes);
            return bytes;
        } finally {
            message.release();
        }
    }

    void release() {
        if (!released) {
            released = true;
            try {
                channel.finishAndReleaseAll();
            } catch (RuntimeException e) {
                // Closing makes a decoder decode what it still holds; failing there changes nothing now.
            }
        }
    }
}
