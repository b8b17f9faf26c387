package dev.transform.testing;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import io.vertx.core.buffer.impl.VertxByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the in-process server holds that no client may make it keep: open file descriptors (each
 * connection is one) and Netty direct memory in live buffers.
 *
 * <p>Live, not reserved: Netty's pools keep memory that no buffer uses (each event loop's cache keeps up to
 * 64 buffers of a size, see http.BufferCache, and a chunk keeps its free pages), and how much of it they
 * keep depends on timing: after the same 105 vanished clients the reserved total moved by 0 to +576 KiB
 * between runs of one build (once past a 512 KiB bound, in CI). A leaked buffer is never back in a pool, so
 * it counts here whatever the pools keep; the leak detector (paranoid, see LeakCheck) is the exact check.
 */
public record ServerResources(long openFiles, long liveDirectMemory, long reservedDirectMemory) {

    public static ServerResources now() {
        List<PooledByteBufAllocator> pools =
                VertxByteBufAllocator.POOLED_ALLOCATOR instanceof PooledByteBufAllocator vertx
                        && vertx != PooledByteBufAllocator.DEFAULT
                        ? List.of(PooledByteBufAllocator.DEFAULT, vertx)
                        : List.of(PooledByteBufAllocator.DEFAULT);
        long pinned = 0;
        long pooled = 0;
        for (PooledByteBufAllocator pool : pools) {
            pinned += pool.pinnedDirectMemory();
            pooled += pool.metric().usedDirectMemory();
        }
        // Netty's own count, where it keeps one, also holds direct buffers made outside the pools.
        long reserved = Math.max(PlatformDependent.usedDirectMemory(), pooled);
        return new ServerResources(countOpenFiles(), pinned + reserved - pooled, reserved);
    }

    /**
     * True when nothing is held beyond {@code baseline}: no more open files but for 4, and no more live
     * Netty direct memory but for 64 KiB (one read buffer). The test's own clients share this JVM, and their
     * connection pools may hold one more loopback connection (two descriptors) at the end than at the start
     * (seen: +2).
     */
    public boolean within(ServerResources baseline) {
        return openFiles <= baseline.openFiles + 4 && liveDirectMemory <= baseline.liveDirectMemory + 64 * 1024;
    }

    @Override
    public String toString() {
        return openFiles + " open files, " + liveDirectMemory / 1024 + " KiB Netty direct memory in live buffers ("
                + reservedDirectMemory / 1024 + " KiB reserved)";
    }

    private static long countOpenFiles() {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
