package dev.transform.compress.bzip2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * A Netty codec handler (Netty's bzip2 coder has no API outside its pipeline handlers) driven in
 * process through an {@link EmbeddedChannel}: bytes go in as one buffer, each message it makes is
 * copied out and released at once, and {@link #release()} closes the channel, releasing whatever it
 * still holds. Its buffers are unpooled heap ones, so a stage's memory is the garbage collector's.
 */
final class EmbeddedHandler {

    private final EmbeddedChannel channel;
    private boolean released;

    /** @param maxBuffer the most any buffer the handler allocates may grow to: past it, its write fails */
    EmbeddedHandler(ChannelHandler handler, int maxBuffer) {
        channel = new EmbeddedChannel(handler);
        channel.config().setAllocator(new CappedHeap(maxBuffer));
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

    /**
     * Unpooled heap buffers that cannot grow past a cap. Netty's bzip2 decoder grows a block's output
     * buffer byte by byte with nothing to stop it, so a corrupt or crafted block would otherwise take
     * the heap before the stage could count a byte of it.
     */
    private static final class CappedHeap extends AbstractByteBufAllocator {

        private final int cap;

        CappedHeap(int cap) {
            super(false);
            this.cap = cap;
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return new UnpooledHeapByteBuf(this, initialCapacity, Math.min(maxCapacity, cap));
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
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
