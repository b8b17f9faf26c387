package dev.transform.bench;

import dev.transform.compress.CompressStage;
import dev.transform.compress.Format;
import dev.transform.engine.Stage;
import io.vertx.core.buffer.Buffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Compression of one long stream. The primitive is what GZIPOutputStream/DeflaterOutputStream do
 * underneath, minus the streams: one Deflater per stream (as the stage makes one), each chunk set
 * as input and deflated with NO_FLUSH until zlib wants more, then finish; for gzip also the CRC32
 * the trailer needs. It writes into one reused array, where the stage hands out its output.
 */
public class CompressBench extends StreamBench {

    @Param({"gzip", "deflate"})
    public String format;

    @Param({"1", "6"})
    public int level;

    private byte[][] chunks;
    private Buffer[] buffers;
    private Format chosen;
    private final byte[] output = new byte[64 * 1024];

    @Setup
    public void setUp() {
        chunks = chunks(mixed());
        buffers = buffers(chunks);
        chosen = Format.byId(format);
    }

    @Benchmark
    public void stage(Blackhole blackhole) {
        drive(newStage(chosen), buffers, blackhole);
    }

    /** The stage under test; {@link ParallelCompressBench} puts the parallel one here. */
    Stage newStage(Format format) {
        return new CompressStage(format, level);
    }

    @Benchmark
    public void primitive(Blackhole blackhole) {
        Deflater deflater = new Deflater(level, chosen != Format.DEFLATE);
        CRC32 crc = chosen == Format.GZIP ? new CRC32() : null;
        try {
            for (byte[] chunk : chunks) {
                deflater.setInput(chunk);
                if (crc != null) {
                    crc.update(chunk);
                }
                while (!deflater.needsInput()) {
                    blackhole.consume(deflater.deflate(output));
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                blackhole.consume(deflater.deflate(output));
            }
            blackhole.consume(crc == null ? deflater.getAdler() : crc.getValue());
        } finally {
            deflater.end();
        }
    }
}
