package dev.transform.bench;

import dev.transform.codec.DecodeStage;
import dev.transform.codec.Encoding;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.Base64;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Base64 decoding of exactly {@link #BYTES} characters (the encoding of 3/4 as many mixed bytes,
 * so no padding): every chunk size here is a multiple of 4, so the primitive can decode each chunk
 * on its own in one call into a new array, as the stage makes a new array per chunk.
 */
public class DecodeBench extends StreamBench {

    private byte[][] chunks;
    private Buffer[] buffers;

    @Setup
    public void setUp() {
        chunks = chunks(Base64.getEncoder().encode(Arrays.copyOf(mixed(), BYTES / 4 * 3)));
        buffers = buffers(chunks);
    }

    @Benchmark
    public void stage(Blackhole blackhole) {
        drive(new DecodeStage(Encoding.BASE64, false), buffers, blackhole);
    }

    @Benchmark
    public void primitive(Blackhole blackhole) {
        Base64.Decoder decoder = Base64.getDecoder();
        for (byte[] chunk : chunks) {
            blackhole.consume(decoder.decode(chunk));
        }
    }
}
