package dev.transform.digest;

import dev.transform.engine.Bytes;
import dev.transform.engine.ChunkStage;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Hashes the input with every requested algorithm in one pass and, at the end, emits
 * {@code {"bytes": N, "digests": {"sha-256": "…"}}}. The JSON is written by hand: its keys are
 * fixed names and its values hex or base64, so nothing in it ever needs escaping.
 */
public final class DigestStage extends ChunkStage {

    private final List<Algorithm> algorithms;
    private final Algorithm.Hasher[] hashers;
    private final boolean base64;
    private long bytes;

    public DigestStage(List<Algorithm> algorithms, boolean base64) {
        this.algorithms = algorithms.stream().distinct().toList();
        this.hashers = this.algorithms.stream().map(Algorithm::newHasher).toArray(Algorithm.Hasher[]::new);
        this.base64 = base64;
    }

    @Override
    protected Buffer transform(Buffer chunk) {
        Bytes in = Bytes.of(chunk);
        for (Algorithm.Hasher hasher : hashers) {
            hasher.update(in.array(), in.offset(), in.length());
        }
        bytes += in.length();
        return null;
    }

    @Override
    protected Buffer flush() {
        StringBuilder json = new StringBuilder("{\"bytes\":").append(bytes).append(",\"digests\":{");
        for (int i = 0; i < hashers.length; i++) {
            byte[] digest = hashers[i].result();
            json.append(i == 0 ? "\"" : ",\"").append(algorithms.get(i).id()).append("\":\"")
                    .append(base64 ? Base64.getEncoder().encodeToString(digest) : HexFormat.of().formatHex(digest))
                    .append('"');
        }
        return Bytes.wrap(json.append("}}").toString().getBytes(StandardCharsets.US_ASCII));
    }
}
