package dev.transform.compress;

import dev.transform.engine.Bytes;
import dev.transform.engine.Stage;
import io.vertx.core.buffer.Buffer;

/**
 * A compress stage for a format whose encoder works on whole blocks (zstd frames, lz4 blocks): input
 * is gathered into one block of a fixed size, each full block is encoded at once, and the last,
 * shorter one at the end. It holds one block of input and the encoding of one block.
 */
public abstract class BlockCompressStage implements Stage {

    private final byte[] block;
    private final PendingOutput out = new PendingOutput();
    private int filled;
    private long blocks;
    private boolean started;
    private boolean inputEnded;
    private boolean finished;
    private Bytes input;
    private int pos;

    protected BlockCompressStage(int blockSize) {
        this.block = new byte[blockSize];
    }

    /** Writes what comes before the first block (a frame header), if anything. */
    protected void start(PendingOutput out) {
    }

    /** Encodes {@code block[0, length)}; the last block may be shorter, and is empty only if the whole input is. */
    protected abstract void encode(byte[] block, int length, PendingOutput out);

    /** Writes what comes after the last block (an end mark, a checksum), if anything. */
    protected void finish(PendingOutput out) {
    }

    @Override
    public void accept(Buffer chunk) {
        input = Bytes.of(chunk);
        pos = input.offset();
    }

    @Override
    public void endOfInput() {
        inputEnded = true;
    }

    @Override
    public Buffer poll() {
        Buffer ready = out.take();
        if (ready != null) {
            return ready;
        }
        if (!started) {
            started = true;
            start(out);
        }
        while (input != null && pos < input.end()) {
            int n = Math.min(block.length - filled, input.end() - pos);
            System.arraycopy(input.array(), pos, block, filled, n);
            filled += n;
            pos += n;
            if (filled == block.length) {
                encodeBlock();
                ready = out.take();
                if (ready != null) {
                    return ready;
                }
            }
        }
        if (inputEnded && !finished) {
            finished = true;
            if (filled > 0 || blocks == 0) {
                encodeBlock();
            }
            finish(out);
        }
        return out.take();
    }

    private void encodeBlock() {
        encode(block, filled, out);
        filled = 0;
        blocks++;
    }

    @Override
    public boolean isFinished() {
        return finished && out.isEmpty();
    }
}
