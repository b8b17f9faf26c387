package dev.transform.digest;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.junit.jupiter.api.Test;

/** {@link Crc32c} against the JDK's {@link CRC32C}, across its lanes, strides and tails. */
class Crc32cTest {

    @Test
    void knownValues() {
        assertEquals(0x00000000L, crc(new byte[0]));
        assertEquals(0xE3069283L, crc("123456789".getBytes(US_ASCII))); // the check value of CRC-32C
        assertEquals(0x8A9136AAL, crc(new byte[32])); // RFC 3720 B.4: 32 bytes of zeros
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertEquals(0x62A8AB43L, crc(ones)); // RFC 3720 B.4: 32 bytes of 0xff
    }

    @Test
    void matchesTheJdkAtEveryLengthAroundItsStrides() {
        Random random = new Random(3720);
        byte[] data = new byte[3 * 16384 + 4096 + 64];
        random.nextBytes(data);
        for (int length : new int[] {1, 7, 8, 9, 63, 4095, 4096, 16383, 16384, 16385, 16391, 32768, 3 * 16384 + 4103}) {
            for (int offset : new int[] {0, 1, 5, 7, 8, 13}) {
                Crc32c ours = new Crc32c();
                ours.update(data, offset, length);
                assertEquals(jdk(data, offset, length), ours.getValue(), "length " + length + " at " + offset);
            }
        }
        Crc32c toTheEnd = new Crc32c();
        toTheEnd.update(data, 3, data.length - 3);
        assertEquals(jdk(data, 3, data.length - 3), toTheEnd.getValue());
    }

    @Test
    void matchesTheJdkInRandomPiecesAndSingleBytes() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            byte[] data = new byte[random.nextInt(70_000)];
            random.nextBytes(data);
            Crc32c ours = new Crc32c();
            int at = 0;
            while (at < data.length) {
                if (random.nextInt(10) == 0) {
                    ours.update(data[at++]);
                    continue;
                }
                int n = Math.min(data.length - at, random.nextInt(random.nextBoolean() ? 40_000 : 100));
                ours.update(data, at, n);
                at += n;
            }
            assertEquals(jdk(data, 0, data.length), ours.getValue(), "round " + round + ", " + data.length + " bytes");
        }
    }

    @Test
    void resetStartsOver() {
        Crc32c ours = new Crc32c();
        ours.update(new byte[20_000], 0, 20_000);
        ours.reset();
        ours.update("123456789".getBytes(US_ASCII), 0, 9);
        assertEquals(0xE3069283L, ours.getValue());
    }

    @Test
    void rangesOutsideTheArrayAreRefused() {
        assertThrows(IndexOutOfBoundsException.class, () -> new Crc32c().update(new byte[10], 8, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> new Crc32c().update(new byte[10], -1, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> new Crc32c().update(new byte[10], 2, -1));
    }

    @Test
    void theJvmKeepsTheJdksIntrinsicAndTheNativeExecutableTakesThisOne() {
        assertInstanceOf(CRC32C.class, Crc32c.create());
        // What GraalVM sets in a native executable at run time (ImageInfo.PROPERTY_IMAGE_CODE_KEY).
        String key = "org.graalvm.nativeimage.imagecode";
        String before = System.setProperty(key, "runtime");
        try {
            assertInstanceOf(Crc32c.class, Crc32c.create());
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    private static long crc(byte[] data) {
        Checksum ours = new Crc32c();
        ours.update(data, 0, data.length);
        assertEquals(jdk(data, 0, data.length), ours.getValue());
        return ours.getValue();
    }

    private static long jdk(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return crc.getValue();
    }
}
