package dev.transform.compress;

import dev.transform.engine.Bytes;
import dev.transform.engine.NativeResource;
import dev.transform.engine.TransformException;
import io.vertx.core.buffer.Buffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One zlib inflate stream with its output bound: each call inflates at most one segment, so a
 * small input that expands enormously is handed out piece by piece, and stopped at the limit.
 */
final class Inflating {

    private final Inflater inflater;
    private final Format format;
    private final OutputBudget budget;
    private final Segments out = new Segments();
    private final CRC32 crc;
    private long inputOfEarlierStreams;

    /** @param maxRatio the most output bytes per input byte once output passes 1 MiB; 0 for no limit */
    Inflating(Format format, long maxOutputBytes, int maxRatio) {
        this.inflater = new Inflater(format.isRawDeflate());
        NativeResource.INFLATER.opened();
        this.format = format;
        this.budget = new OutputBudget(maxOutputBytes, maxRatio);
        this.crc = format == Format.GZIP ? new CRC32() : null;
    }

    void setInput(Bytes in, int from) {
        inflater.setInput(in.array(), from, in.end() - from);
    }

    /**
     * Inflates until a segment is full, the stream ends or input runs out; returns what it wrote.
     *
     * @param streamStart the stage-input offset where this zlib stream began, for error offsets
     */
    Buffer inflate(long streamStart) {
        try {
            // zlib may hold output back when the last call filled the segment, even with no input
            // left, so call until a call makes no progress rather than until input runs out.
            while (!inflater.finished()) {
                if (inflater.needsDictionary()) {
                    throw TransformException.invalidInput(format.id() + " data needs a preset dictionary, which is not supported",
                            streamStart + inflater.getBytesRead());
                }
                byte[] array = out.array(1);
                int position = out.position();
                int written = inflater.inflate(array, position, out.room());
                if (written == 0 && (inflater.needsInput() || inflater.finished())) {
                    break;
                }
                if (crc != null) {
                    crc.update(array, position, written);
                }
                out.advance(written);
                budget.spend(written, inputOfEarlierStreams + inflater.getBytesRead());
                if (out.isFull()) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            throw TransformException.invalidInput("corrupt " + format.id() + " data: " + e.getMessage(),
                    streamStart + inflater.getBytesRead());
        }
        return out.take();
    }

    boolean isStreamEnded() {
        return inflater.finished();
    }

    /** Input bytes handed in but not part of the stream (what follows it). */
    int remaining() {
        return inflater.getRemaining();
    }

    long streamInputBytes() {
        return inflater.getBytesRead();
    }

    /** CRC32 and size of this stream's output, as the gzip trailer records them. */
    long crc() {
        return crc.getValue();
    }

    long streamOutputBytes() {
        return inflater.getBytesWritten();
    }

    /** Gets ready for another stream (the next gzip member). */
    void reset() {
        inputOfEarlierStreams += inflater.getBytesRead();
        inflater.reset();
        if (crc != null) {
            crc.reset();
        }
    }

    void release() {
        inflater.end();
        NativeResource.INFLATER.released();
    }
}
