package dev.transform.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the kernel lets a TCP socket's buffers grow to, for tests that must outsize them. */
final class KernelBuffers {

    /** Linux's default tcp_rmem maximum, for when /proc cannot be read. */
    private static final long LINUX_DEFAULT_MAX_RECEIVE = 6L << 20;
    /** Linux's default tcp_wmem maximum, for when /proc cannot be read. */
    private static final long LINUX_DEFAULT_MAX_SEND = 4L << 20;

    private KernelBuffers() {
    }

    /** The most a receive buffer may autotune to: the third field of net.ipv4.tcp_rmem. */
    static long maxReceive() {
        return max("tcp_rmem", LINUX_DEFAULT_MAX_RECEIVE);
    }

    /** The most a send buffer may autotune to: the third field of net.ipv4.tcp_wmem. */
    static long maxSend() {
        return max("tcp_wmem", LINUX_DEFAULT_MAX_SEND);
    }

    private static long max(String setting, long otherwise) {
        // Read to the end as a stream: /proc files say their size is 0, and Files.readString then
        // returns only the first byte.
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/net/ipv4", setting))) {
            String[] fields = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return otherwise;
        }
    }
}
