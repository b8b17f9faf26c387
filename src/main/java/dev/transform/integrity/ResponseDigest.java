package dev.transform.integrity;

import dev.transform.digest.Algorithm;
import io.vertx.core.buffer.Buffer;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The digest of a response body as it is sent, for the fields a request asked for with
 * {@link WantedDigests}: {@code Repr-Digest} and/or {@code Content-Digest}, each a Dictionary of one
 * member, such as {@code sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:}.
 */
public final class ResponseDigest {

    /** Nothing asked for: no hashing, no fields. */
    public static final ResponseDigest NONE = new ResponseDigest(Map.of());

    private final Map<String, Algorithm> answers;
    private final Map<Algorithm, Algorithm.Hasher> hashers = new EnumMap<>(Algorithm.class);
    private Map<String, String> fields;

    ResponseDigest(Map<String, Algorithm> answers) {
        this.answers = answers;
        answers.values().forEach(algorithm -> hashers.computeIfAbsent(algorithm, Algorithm::newHasher));
    }

    public boolean wanted() {
        return !answers.isEmpty();
    }

    /** The names of the fields that will carry the digest: what a {@code Trailer} header declares. */
    public List<String> fieldNames() {
        return List.copyOf(answers.keySet());
    }

    /** Hashes the next bytes of the response body. */
    public void update(Buffer sent) {
        for (Algorithm.Hasher hasher : hashers.values()) {
            BufferHashing.update(hasher, sent);
        }
    }

    /** Each field's name and value, once the whole body has been hashed (the first call finishes the digests); none when nothing was asked for. */
    public Map<String, String> fields() {
        if (answers.isEmpty()) {
            return Map.of();
        }
        if (fields == null) {
            Map<Algorithm, String> digests = new EnumMap<>(Algorithm.class);
            hashers.forEach((algorithm, hasher) -> digests.put(algorithm,
                    algorithm.id() + "=:" + Base64.getEncoder().encodeToString(hasher.result()) + ":"));
            fields = new LinkedHashMap<>();
            answers.forEach((field, algorithm) -> fields.put(field, digests.get(algorithm)));
        }
        return fields;
    }
}
