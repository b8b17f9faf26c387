package dev.transform.compress;

import dev.transform.engine.Bytes;
import dev.transform.engine.NativeResource;
import dev.transform.engine.Stage;
import io.vertx.core.buffer.Buffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Compresses to gzip, zlib or raw deflate; gzip adds its own 10-byte header and CRC32/ISIZE trailer. */
public final class CompressStage implements Stage {

    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int TRAILER_LENGTH = 8;

    private final boolean gzip;
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final Segments out = new Segments();
    private boolean inputEnded;
    private boolean trailerWritten;

    public CompressStage(Format format, int level) {
        this.gzip = format == Format.GZIP;
        this.deflater = new Deflater(level, format.isRawDeflate());
        NativeResource.DEFLATER.opened();
        if (gzip) {
            out.write(GZIP_HEADER);
        }
    }

    /**
     * Raw deflate that goes on where another deflate stream stopped on a byte boundary (after a sync
     * flush), primed with the up to 32 KiB that stream ended with, so its matches reach back into them
     * as one stream's would: what it writes, after the other's output, is one deflate stream.
     */
    public static CompressStage continuing(int level, byte[] dictionary, int offset, int length) {
        CompressStage stage = new CompressStage(Format.DEFLATE_RAW, level);
        if (length > 0) {
            stage.deflater.setDictionary(dictionary, offset, length);
        }
        return stage;
    }

    @Override
    public void accept(Buffer chunk) {
        Bytes in = Bytes.of(chunk);
        deflater.setInput(in.array(), in.offset(), in.length());
        if (gzip) {
            crc.update(in.array(), in.offset(), in.length());
        }
    }

    @Override
    public void endOfInput() {
        inputEnded = true;
        deflater.finish();
    }

    @Override
    public Buffer poll() {
        while (!deflater.finished() && (inputEnded || !deflater.needsInput())) {
            byte[] array = out.array(1);
            out.advance(deflater.deflate(array, out.position(), out.room()));
            if (out.isFull()) {
                return out.take();
            }
        }
        if (deflater.finished() && !trailerWritten) {
            if (gzip && out.room() < TRAILER_LENGTH) {
                // The trailer needs a fresh segment, so first hand out what this one still holds.
                Buffer rest = out.take();
                if (rest != null) {
                    return rest;
                }
            }
            trailerWritten = true;
            if (gzip) {
                out.write(littleEndian((int) crc.getValue(), (int) deflater.getBytesRead()));
            }
        }
        return out.take();
    }

    @Override
    public boolean isFinished() {
        return trailerWritten;
    }

    @Override
    public void release() {
        deflater.end();
        NativeResource.DEFLATER.released();
    }

    private static byte[] littleEndian(int first, int second) {
        byte[] bytes = new byte[TRAILER_LENGTH];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) (first >>> 8 * i);
            bytes[4 + i] = (byte) (second >>> 8 * i);
        }
        return bytes;
    }
}
