package dev.transform.codec;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Base64;

/**
 * The JDK's base64 encoder, for the JVMs that compile it to vector instructions. HotSpot's C2 does so
 * when {@code UseBASE64Intrinsics} is on: from JDK 21 for AVX2 (JDK-8300808), before that for AVX-512
 * and aarch64. There it encodes about 20 GB/s where {@link EncodeStage}'s own loop does 2.3 (64 KiB
 * chunks, AVX2, Temurin 25); without it the JDK's encoder is a plain loop of one group a step, half
 * as fast as the stage's. The native executable always keeps the stage's loop (SubstrateVM has no
 * such intrinsic).
 */
final class JdkBase64 {

    private JdkBase64() {
    }

    /** The JDK's encoder for {@code encoding} where it is a vector intrinsic, else null. */
    static Base64.Encoder encoderFor(Encoding encoding) {
        // The native image check first, so a value computed while the image was built is never read.
        return encoderFor(encoding, !inNativeImage() && Intrinsic.ON);
    }

    static Base64.Encoder encoderFor(Encoding encoding, boolean intrinsic) {
        if (!intrinsic || encoding.bitsPerChar() != 6) {
            return null;
        }
        return encoding == Encoding.BASE64URL ? Base64.getUrlEncoder() : Base64.getEncoder();
    }

    /** GraalVM's property by name, as {@code Crc32c.create()} reads it; set at build time too, which counts here. */
    private static boolean inNativeImage() {
        return System.getProperty("org.graalvm.nativeimage.imagecode") != null;
    }

    /**
     * Looked up when the first base64 stage is made (some milliseconds, once). The intrinsic is C2's,
     * so a JVM held to C1 ({@code -XX:TieredStopAtLevel=1}) would run the JDK's plain loop instead.
     */
    private static final class Intrinsic {
        static final boolean ON = lookUp();

        private static boolean lookUp() {
            try {
                HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
                return Boolean.parseBoolean(vm.getVMOption("UseBASE64Intrinsics").getValue())
                        && Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) >= 4;
            } catch (RuntimeException | LinkageError notHotSpot) {
                return false;
            }
        }
    }
}
