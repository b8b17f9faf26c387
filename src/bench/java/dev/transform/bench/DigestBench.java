package dev.transform.bench;

import dev.transform.digest.Algorithm;
import dev.transform.digest.DigestStage;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One digest per stream, hex result. The primitive makes its MessageDigest or CRC32C per stream too
 * (the stage makes one per exchange) and updates it with each chunk.
 */
public class DigestBench extends StreamBench {

    @Param({"sha-256", "crc32c"})
    public String algorithm;

    private byte[][] chunks;
    private Buffer[] buffers;
    private Algorithm chosen;

    @Setup
    public void setUp() {
        chunks = chunks(mixed());
        buffers = buffers(chunks);
        chosen = Algorithm.byId(algorithm);
    }

    @Benchmark
    public void stage(Blackhole blackhole) {
        drive(new DigestStage(List.of(chosen), false), buffers, blackhole);
    }

    @Benchmark
    public void primitive(Blackhole blackhole) throws NoSuchAlgorithmException {
        switch (chosen) {
            case CRC32C -> {
                CRC32C crc = new CRC32C();
                for (byte[] chunk : chunks) {
                    crc.update(chunk);
                }
                blackhole.consume(crc.getValue());
            }
            case SHA_256 -> {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                for (byte[] chunk : chunks) {
                    digest.update(chunk);
                }
                blackhole.consume(digest.digest());
            }
            default -> throw new IllegalArgumentException("no primitive for " + algorithm);
        }
    }
}
