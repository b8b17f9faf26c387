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
        Bytes in = Bytes.of(chunk);
        if (in.length() == 0) {
            return null;
        }
        int breaks = (int) (((long) column + in.length() - 1) / lineLength);
        byte[] out = new byte[in.length() + breaks];
        int written = 0;
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
        return Bytes.wrap(out, 0, written);
    }
}
