package dev.transform.compress.brotli;

import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import dev.transform.compress.PendingOutput;
import dev.transform.engine.Bytes;
import dev.transform.engine.NativeResource;
import dev.transform.engine.Stage;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Compresses to brotli with brotli4j's streaming encoder at quality {@code level}, window 4 MiB
 * (lgwin 22, brotli's default). Each input chunk is written to the encoder, which hands what it has
 * made to a {@link PendingOutput}; the end of input finishes the stream.
 */
final class BrotliCompressStage implements Stage {

    private static final int WINDOW_BITS = 22;
    private static final int INPUT_BUFFER = 64 * 1024;

    private final PendingOutput out = new PendingOutput();
    private final BrotliOutputStream brotli;
    private Bytes input;
    private boolean inputEnded;
    private boolean closed;

    BrotliCompressStage(int quality) {
        BrotliLibrary.ensureLoaded();
        try {
            brotli = new BrotliOutputStream(out, new Encoder.Parameters().setQuality(quality).setWindow(WINDOW_BITS),
                    INPUT_BUFFER);
        } catch (IOException e) {
            throw new UncheckedIOException("brotli encoder could not be made", e);
        }
        NativeResource.BROTLI_ENCODER.opened();
    }

    @Override
    public void accept(Buffer chunk) {
        input = Bytes.of(chunk);
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
        try {
            if (input != null) {
                brotli.write(input.array(), input.offset(), input.length());
                input = null;
            } else if (inputEnded && !closed) {
                close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("brotli encoder failed", e);
        }
        return out.take();
    }

    @Override
    public boolean isFinished() {
        return closed && out.isEmpty();
    }

    /** Finishes the stream and frees the encoder. */
    private void close() throws IOException {
        closed = true;
        try {
            brotli.close();
        } finally {
            NativeResource.BROTLI_ENCODER.released();
        }
    }

    @Override
    public void release() {
        if (!closed) {
            try {
                close();
            } catch (IOException e) {
                // Released anyway: the encoder is destroyed even when finishing the stream fails.
            }
        }
    }
}
