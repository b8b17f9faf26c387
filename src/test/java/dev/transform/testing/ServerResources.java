package dev.transform.testing;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import io.vertx.core.buffer.impl.VertxByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the in-process server holds that no client may make it keep: open file descriptors (each
 * connection is one) and Netty's direct memory (pooled buffers included).
 */
public record ServerResources(long openFiles, long directMemory) {

    public static ServerResources now() {
        return new ServerResources(countOpenFiles(), countDirectMemory());
    }

    /**
     * True when nothing is held beyond {@code baseline}: no more open files but for 4, and no more Netty
     * direct memory but for 512 KiB. The test's own clients share this JVM, and their connection pools
     * may hold one more loopback connection (two descriptors) at the end than at the start (seen: +2).
     * Netty's pool chunks are 64 KiB here (Quarkus's maxOrder 3), one buffer each, and each event loop's
     * arena and cache may keep a few it has emptied, by timing: after the warm-up rounds the memory
     * still moved by 0 to +192 KiB between runs of the same build (12 runs, with and without the event
     * loops keeping 64 KiB buffers, see http.BufferCache). A leak grows by one per stream: 105 here, so a
     * leaked buffer of 5 KiB or more per stream passes the bound; the leak detector (paranoid) sees any.
     */
    public boolean within(ServerResources baseline) {
        return openFiles <= baseline.openFiles + 4 && directMemory <= baseline.directMemory + 512 * 1024;
    }

    @Override
    public String toString() {
        return openFiles + " open files, " + directMemory / 1024 + " KiB Netty direct memory";
    }

    private static long countOpenFiles() {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Netty's own count where it keeps one; else what its pools hold, Vert.x's and Netty's default. */
    private static long countDirectMemory() {
        long counted = PlatformDependent.usedDirectMemory();
        if (counted >= 0) {
            return counted;
        }
        long pooled = pooledDirect(PooledByteBufAllocator.DEFAULT);
        if (VertxByteBufAllocator.POOLED_ALLOCATOR != PooledByteBufAllocator.DEFAULT) {
            pooled += pooledDirect(VertxByteBufAllocator.POOLED_ALLOCATOR);
        }
        return pooled;
    }

    private static long pooledDirect(ByteBufAllocator allocator) {
        return allocator instanceof PooledByteBufAllocator pooled ? pooled.metric().usedDirectMemory() : 0;
    }
}
