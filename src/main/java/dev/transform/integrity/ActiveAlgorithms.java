package dev.transform.integrity;

import dev.transform.digest.Algorithm;
import java.util.Map;

/**
 * The keys of the digest fields the service understands: the algorithms RFC 9530 §5 registers as
 * "Active", sha-256 and sha-512. The registry's deprecated keys (md5, sha, unixsum, unixcksum, adler,
 * crc32c) and any others are unsupported, which a recipient ignores (RFC 9530 §2, §4).
 */
final class ActiveAlgorithms {

    private static final Map<String, Algorithm> BY_KEY = Map.of("sha-256", Algorithm.SHA_256, "sha-512", Algorithm.SHA_512);

    /** Byte length of each algorithm's digest, which a byte sequence claiming to be one must have. */
    private static final Map<Algorithm, Integer> LENGTHS = Map.of(Algorithm.SHA_256, 32, Algorithm.SHA_512, 64);

    private ActiveAlgorithms() {
    }

    /** The algorithm a field key names, or null when the service does not support it. */
    static Algorithm byKey(String key) {
        return BY_KEY.get(key);
    }

    static int length(Algorithm algorithm) {
        return LENGTHS.get(algorithm);
    }

    /** The keys, for the details of problems and for documents. */
    static String names() {
        return "sha-256, sha-512";
    }
}
