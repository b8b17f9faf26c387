package dev.transform.compress;

import dev.transform.engine.Bytes;
import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import io.vertx.core.buffer.Buffer;

/**
 * Decompresses gzip as gzip(1) does: one or more members, each a header, deflate data and a
 * trailer whose CRC32 and size are checked. Input that is not another member is rejected, and so
 * is input that ends inside one.
 */
public final class GzipDecompressStage implements Stage {

    private enum State { BETWEEN_MEMBERS, HEADER, DATA, TRAILER }

    private final Inflating inflating;
    private final byte[] trailer = new byte[8];
    private State state = State.BETWEEN_MEMBERS;
    private GzipHeader header;
    private int trailerRead;
    private int members;
    private long dataStart;
    private Bytes input = new Bytes(new byte[0], 0, 0);
    private int pos;
    private long inputBefore;
    private boolean inputEnded;

    public GzipDecompressStage(long maxOutputBytes) {
        this(maxOutputBytes, 0);
    }

    /** @param maxRatio the most output bytes per input byte once output passes 1 MiB; 0 for no limit */
    public GzipDecompressStage(long maxOutputBytes, int maxRatio) {
        this.inflating = new Inflating(Format.GZIP, maxOutputBytes, maxRatio);
    }

    @Override
    public void accept(Buffer chunk) {
        inputBefore += input.length();
        input = Bytes.of(chunk);
        pos = input.offset();
        if (state == State.DATA) {
            inflating.setInput(input, pos);
        }
    }

    @Override
    public void endOfInput() {
        inputEnded = true;
    }

    @Override
    public Buffer poll() {
        while (true) {
            switch (state) {
                case BETWEEN_MEMBERS -> {
                    if (pos == input.end()) {
                        return ended("no gzip data", null);
                    }
                    // Only after a member is a wrong first byte trailing data; before the first,
                    // the header check below reports it as what it is: not gzip.
                    if (members > 0 && input.array()[pos] != 0x1f) {
                        throw TransformException.invalidInput("unexpected data after the last gzip member", offset(pos));
                    }
                    header = new GzipHeader();
                    state = State.HEADER;
                }
                case HEADER -> {
                    while (pos < input.end() && !header.isComplete()) {
                        header.feed(input.array()[pos] & 0xff, offset(pos));
                        pos++;
                    }
                    if (!header.isComplete()) {
                        return ended("gzip header is truncated", State.HEADER);
                    }
                    inflating.reset();
                    inflating.setInput(input, pos);
                    dataStart = offset(pos);
                    state = State.DATA;
                }
                case DATA -> {
                    Buffer out = inflating.inflate(dataStart);
                    if (inflating.isStreamEnded()) {
                        pos = input.end() - inflating.remaining();
                        trailerRead = 0;
                        state = State.TRAILER;
                    }
                    if (out != null) {
                        return out;
                    }
                    if (state == State.DATA) {
                        // zlib wants more input, so it has taken all of this chunk: a truncation is
                        // at its end, wherever the chunks were cut.
                        pos = input.end();
                        return ended("gzip data is truncated", State.DATA);
                    }
                }
                case TRAILER -> {
                    while (pos < input.end() && trailerRead < trailer.length) {
                        trailer[trailerRead++] = input.array()[pos++];
                    }
                    if (trailerRead < trailer.length) {
                        return ended("gzip trailer is truncated", State.TRAILER);
                    }
                    checkTrailer();
                    members++;
                    state = State.BETWEEN_MEMBERS;
                }
            }
        }
    }

    /** Returns null to ask for more input, or fails if there is none and the data is incomplete. */
    private Buffer ended(String truncation, State incomplete) {
        if (inputEnded && (incomplete != null || members == 0)) {
            throw TransformException.invalidInput(truncation, offset(pos));
        }
        return null;
    }

    private void checkTrailer() {
        long trailerOffset = offset(pos) - trailer.length;
        if (littleEndian(0) != (int) inflating.crc()) {
            throw TransformException.invalidInput("gzip CRC32 does not match the data", trailerOffset);
        }
        if (littleEndian(4) != (int) inflating.streamOutputBytes()) {
            throw TransformException.invalidInput("gzip ISIZE does not match the data", trailerOffset + 4);
        }
    }

    private int littleEndian(int at) {
        return (trailer[at] & 0xff) | (trailer[at + 1] & 0xff) << 8 | (trailer[at + 2] & 0xff) << 16
                | (trailer[at + 3] & 0xff) << 24;
    }

    private long offset(int position) {
        return inputBefore + position - input.offset();
    }

    @Override
    public boolean isFinished() {
        return inputEnded && state == State.BETWEEN_MEMBERS && pos == input.end() && members > 0;
    }

    @Override
    public void release() {
        inflating.release();
    }
}
