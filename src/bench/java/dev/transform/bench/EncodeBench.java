package dev.transform.bench;

import dev.transform.codec.EncodeStage;
import dev.transform.codec.Encoding;
import io.vertx.core.buffer.Buffer;
import java.util.Base64;
import java.util.HexFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encoding with padding, lower case. The primitive encodes each chunk in one call into a new
 * array (String for hex), as the stage makes a new array per chunk; it pads chunks whose length is
 * not a multiple of 3, which the stage carries over instead, a difference of a few bytes a chunk.
 */
public class EncodeBench extends StreamBench {

    @Param({"base64", "hex"})
    public String encoding;

    private byte[][] chunks;
    private Buffer[] buffers;
    private Encoding chosen;

    @Setup
    public void setUp() {
        chunks = chunks(mixed());
        buffers = buffers(chunks);
        chosen = Encoding.byId(encoding);
    }

    @Benchmark
    public void stage(Blackhole blackhole) {
        drive(new EncodeStage(chosen, true, false), buffers, blackhole);
    }

    @Benchmark
    public void primitive(Blackhole blackhole) {
        if (chosen == Encoding.HEX) {
            HexFormat hex = HexFormat.of();
            for (byte[] chunk : chunks) {
                blackhole.consume(hex.formatHex(chunk));
            }
        } else {
            Base64.Encoder encoder = Base64.getEncoder();
            for (byte[] chunk : chunks) {
                blackhole.consume(encoder.encode(chunk));
            }
        }
    }
}
