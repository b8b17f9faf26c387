package dev.transform.codec;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Base64;

/**
 * The JDK's base64 encoder, for the JVMs that compile it to vector instructions. HotSpot does so
 * when {@code UseBASE64Intrinsics} is on: JDK 25 turns it on for AVX2 and aarch64, JDK 17 only for
 * AVX-512 and aarch64. There it encodes about 20 GB/s where {@link EncodeStage}'s own loop does 2.3
 * (64 KiB chunks, AVX2, JDK 25); without it the JDK's encoder is a byte-at-a-time loop, half as fast
 * as the stage's. The native executable always keeps the stage's loop.
 */
final class JdkBase64 {

    private JdkBase64() {
    }

    /** The JDK's encoder for {@code encoding} where it is a vector intrinsic, else null. */
    static Base64.Encoder encoderFor(Encoding encoding) {
        if (encoding.bitsPerChar() != 6 || inNativeImage() || !Intrinsic.ON) {
            return null;
        }
        return encoding == Encoding.BASE64URL ? Base64.getUrlEncoder() : Base64.getEncoder();
    }

    /**
     * Asked per call, not kept in a static field that native-image might initialize while it builds,
     * on a JVM that has the intrinsic. The property by name, as in {@code Crc32c.create()}.
     */
    private static boolean inNativeImage() {
        return System.getProperty("org.graalvm.nativeimage.imagecode") != null;
    }

    /** Looked up once, on first use, on the JVM only. */
    private static final class Intrinsic {
        static final boolean ON = lookUp();

        private static boolean lookUp() {
            try {
                return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .getVMOption("UseBASE64Intrinsics").getValue());
            } catch (RuntimeException | LinkageError notHotSpot) {
                return false;
            }
        }
    }
}
