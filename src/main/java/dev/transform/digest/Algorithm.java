package dev.transform.digest;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.Checksum;

/** The digest algorithms, each making a fresh {@link Hasher}; checksums give their 4-byte big-endian value. */
public enum Algorithm {
    MD5("md5", () -> message("MD5")),
    SHA_1("sha-1", () -> message("SHA-1")),
    SHA_256("sha-256", () -> message("SHA-256")),
    SHA_384("sha-384", () -> message("SHA-384")),
    SHA_512("sha-512", () -> message("SHA-512")),
    SHA3_256("sha3-256", () -> message("SHA3-256")),
    CRC32("crc32", () -> checksum(new CRC32())),
    CRC32C("crc32c", () -> checksum(Crc32c.create()));

    private final String id;
    private final Supplier<Hasher> factory;

    Algorithm(String id, Supplier<Hasher> factory) {
        this.id = id;
        this.factory = factory;
    }

    public String id() {
        return id;
    }

    /**
     * Whether this is a checksum (CRC-32, CRC-32C), which the JVM computes at many gigabytes a second,
     * faster than an upload comes in; a cryptographic hash costs more per byte than taking the byte in.
     */
    public boolean isChecksum() {
        return this == CRC32 || this == CRC32C;
    }

    public Hasher newHasher() {
        return factory.get();
    }

    public static Algorithm byId(String id) {
        for (Algorithm algorithm : values()) {
            if (algorithm.id.equals(id)) {
                return algorithm;
            }
        }
        return null;
    }

    /** Something that hashes bytes; one per algorithm per request. */
    public interface Hasher {
        void update(byte[] bytes, int offset, int length);

        /** Hashes what {@code bytes} has remaining, heap or direct, without copying it out first. */
        void update(ByteBuffer bytes);

        byte[] result();
    }

    private static Hasher message(String jdkName) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + jdkName, e);
        }
        return new Hasher() {
            @Override
            public void update(byte[] bytes, int offset, int length) {
                digest.update(bytes, offset, length);
            }

            @Override
            public void update(ByteBuffer bytes) {
                digest.update(bytes);
            }

            @Override
            public byte[] result() {
                return digest.digest();
            }
        };
    }

    private static Hasher checksum(Checksum checksum) {
        return new Hasher() {
            @Override
            public void update(byte[] bytes, int offset, int length) {
                checksum.update(bytes, offset, length);
            }

            @Override
            public void update(ByteBuffer bytes) {
                checksum.update(bytes);
            }

            @Override
            public byte[] result() {
                return ByteBuffer.allocate(4).putInt((int) checksum.getValue()).array();
            }
        };
    }
}
