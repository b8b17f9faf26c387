package dev.transform.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Random;

/**
 * A large request body made on the fly: a block of odd length, repeated, so chunk boundaries fall
 * everywhere and nothing of the size of the body is ever held by the test. The block is random
 * (incompressible), or for {@link #compressible} mostly zeros with a random byte every 100-300,
 * which gzip shrinks about 40 times: real expansion for a decompressor, below the service's ratio
 * limit of 200. Either block is longer than deflate's 32 KiB window, so its repetition does not
 * change how well the body compresses.
 */
final class GeneratedBody extends InputStream {

    private static final byte[] RANDOM = new byte[64 * 1024 + 7];
    private static final byte[] SPARSE = new byte[1024 * 1024 + 7];

    static {
        Random random = new Random(20261124);
        random.nextBytes(RANDOM);
        for (int i = random.nextInt(200); i < SPARSE.length; i += 100 + random.nextInt(200)) {
            SPARSE[i] = (byte) (1 + random.nextInt(255));
        }
    }

    private final byte[] block;
    private final long size;
    private long position;

    GeneratedBody(long size) {
        this(RANDOM, size);
    }

    private GeneratedBody(byte[] block, long size) {
        this.block = block;
        this.size = size;
    }

    /** A body that gzip compresses about 40 times. */
    static GeneratedBody compressible(long size) {
        return new GeneratedBody(SPARSE, size);
    }

    /** The SHA-256 of a body of {@code size} bytes, computed independently of the service. */
    static byte[] sha256(long size) {
        return sha256(new GeneratedBody(size));
    }

    /** The SHA-256 of what {@code body} has left, which it consumes and closes. */
    static byte[] sha256(InputStream body) {
        try (body) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = body.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return digest.digest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
        int inBlock = (int) (position % block.length);
        int n = (int) Math.min(Math.min(length, block.length - inBlock), size - position);
        System.arraycopy(block, inBlock, buffer, offset, n);
        position += n;
        return n;
    }
}
