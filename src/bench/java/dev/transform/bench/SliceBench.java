package dev.transform.bench;

import dev.transform.slice.SliceStage;
import io.vertx.core.buffer.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A slice that drops the first and last byte: the stage forwards views (a sliced Buffer for the
 * first and last chunk, the chunk itself in between), where the primitive copies the same bytes.
 */
public class SliceBench extends StreamBench {

    private byte[][] chunks;
    private Buffer[] buffers;
    private byte[] target;

    @Setup
    public void setUp() {
        chunks = chunks(mixed());
        buffers = buffers(chunks);
        target = new byte[chunkSize];
    }

    @Benchmark
    public void stage(Blackhole blackhole) {
        drive(new SliceStage(1, BYTES - 2), buffers, blackhole);
    }

    @Benchmark
    public void primitive(Blackhole blackhole) {
        for (int i = 0; i < chunks.length; i++) {
            int from = i == 0 ? 1 : 0;
            int to = i == chunks.length - 1 ? chunks[i].length - 1 : chunks[i].length;
            System.arraycopy(chunks[i], from, target, 0, to - from);
            blackhole.consume(target);
        }
    }
}
