package dev.transform.codec;

import dev.transform.engine.Bytes;
import dev.transform.engine.ChunkStage;
import io.vertx.core.buffer.Buffer;

/** Breaks encoded text into lines of {@code lineLength} characters joined by LF, with no final LF. */
public final class LineBreakStage extends ChunkStage {

    private final int lineLength;
    private int column;

    public LineBreakStage(int lineLength) {
        this.lineLength = lineLength;
    }

    @Override
    protected Buffer transform(Buffer chunk) {
        int length = chunk.length();
        if (length == 0) {
            return null;
        }
        int breaks = (int) (((long) column + length - 1) / lineLength);
        byte[] out = new byte[length + breaks];
        int written = 0;
        // Part by part: the encoder before this stage may hand on a composite (see Bytes.parts).
        for (Bytes part : Bytes.parts(chunk)) {
            written = breakLines(part, out, written);
        }
        return Bytes.wrap(out, 0, written);
    }

    private int breakLines(Bytes in, byte[] out, int at) {
        int written = at;
        int pos = in.offset();
        while (pos < in.end()) {
            if (column == lineLength) {
                out[written++] = '\n';
                column = 0;
            }
            int run = Math.min(lineLength - column, in.end() - pos);
            System.arraycopy(in.array(), pos, out, written, run);
            pos += run;
            written += run;
            column += run;
        }
        return written;
    }
}
