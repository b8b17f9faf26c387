package dev.transform.http;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Random;

/**
 * A large request body made on the fly: a random block of odd length, repeated, so chunk
 * boundaries fall everywhere and nothing of the size of the body is ever held by the test.
 */
final class GeneratedBody extends InputStream {

    private static final byte[] BLOCK = new byte[64 * 1024 + 7];

    static {
        new Random(20261124).nextBytes(BLOCK);
    }

    private final long size;
    private long position;

    GeneratedBody(long size) {
        this.size = size;
    }

    /** The SHA-256 of a body of {@code size} bytes, computed independently of the service. */
    static byte[] sha256(long size) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (GeneratedBody body = new GeneratedBody(size)) {
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = body.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (position == size) {
            return -1;
        }
        int inBlock = (int) (position % BLOCK.length);
        int n = (int) Math.min(Math.min(length, BLOCK.length - inBlock), size - position);
        System.arraycopy(BLOCK, inBlock, buffer, offset, n);
        position += n;
        return n;
    }
}
