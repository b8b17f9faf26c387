package dev.transform.bench;

import dev.transform.compress.Format;
import dev.transform.compress.GzipDecompressStage;
import dev.transform.compress.InflateStage;
import dev.transform.engine.Stage;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decompression of the mixed bytes compressed by the JDK at level 6, cut into chunks of compressed
 * input. Throughput counts decompressed bytes (the usual measure for decompressors, and a fixed
 * count per stream). The primitive is what GZIPInputStream/InflaterInputStream do underneath: one
 * Inflater per stream, each chunk inflated into one reused array until zlib wants more; for gzip
 * it skips the JDK's fixed 10-byte header and keeps the CRC32 the stage checks against the trailer.
 */
public class DecompressBench extends StreamBench {

    private static final int GZIP_HEADER = 10;

    @Param({"gzip", "deflate"})
    public String format;

    private byte[][] chunks;
    private Buffer[] buffers;
    private boolean gzip;
    private final byte[] output = new byte[64 * 1024];

    @Setup
    public void setUp() throws IOException {
        gzip = Format.byId(format) == Format.GZIP;
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream out = gzip ? new GZIPOutputStream(compressed) : new DeflaterOutputStream(compressed)) {
            out.write(mixed());
        }
        chunks = chunks(compressed.toByteArray());
        buffers = buffers(chunks);
    }

    @Benchmark
    public void stage(Blackhole blackhole) {
        Stage stage = gzip ? new GzipDecompressStage(Long.MAX_VALUE) : new InflateStage(Format.DEFLATE, Long.MAX_VALUE);
        drive(stage, buffers, blackhole);
    }

    @Benchmark
    public void primitive(Blackhole blackhole) throws DataFormatException {
        Inflater inflater = new Inflater(gzip);
        CRC32 crc = gzip ? new CRC32() : null;
        try {
            for (int i = 0; i < chunks.length && !inflater.finished(); i++) {
                int from = gzip && i == 0 ? GZIP_HEADER : 0;
                inflater.setInput(chunks[i], from, chunks[i].length - from);
                // zlib may still hold output when the input runs out, so inflate until a call
                // makes no progress, not until needsInput().
                while (!inflater.finished()) {
                    int written = inflater.inflate(output);
                    if (written == 0 && inflater.needsInput()) {
                        break;
                    }
                    if (crc != null) {
                        crc.update(output, 0, written);
                    }
                }
            }
            if (inflater.getBytesWritten() != BYTES) {
                throw new IllegalStateException("inflated " + inflater.getBytesWritten() + " bytes, not " + BYTES);
            }
            blackhole.consume(crc == null ? inflater.getAdler() : crc.getValue());
        } finally {
            inflater.end();
        }
    }
}
