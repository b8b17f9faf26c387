package dev.transform.exchange;

import dev.transform.config.Limits;
import dev.transform.config.Spooling;
import dev.transform.metrics.SpoolMeters;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The instance's share of disk for spools: the directory, and the bytes all exchanges hold there
 * together, which never pass {@code transform.limits.max-spool-total}.
 */
@Singleton
public class SpoolBudget {

    private static final Logger LOG = Logger.getLogger(SpoolBudget.class);

    final Path directory;
    final long memoryBytes;
    final long spillAfterNanos;
    final long maxPerExchange;
    final long maxTotal;
    private final AtomicLong inUse = new AtomicLong();
    final SpoolMeters meters;

    @Inject
    SpoolBudget(Limits limits, Spooling spooling, SpoolMeters meters) {
        this(Path.of(spooling.directory().orElseGet(() -> System.getProperty("java.io.tmpdir"))),
                spooling.memorySize().asLongValue(), spooling.spillAfter().toNanos(),
                limits.maxSpoolSize().asLongValue(), limits.maxSpoolTotal().asLongValue(), meters);
    }

    SpoolBudget(Path directory, long memoryBytes, long spillAfterNanos, long maxPerExchange, long maxTotal,
            SpoolMeters meters) {
        this.directory = directory;
        this.maxPerExchange = maxPerExchange;
        this.maxTotal = maxTotal;
        this.memoryBytes = maxPerExchange == 0 ? 0 : memoryBytes;
        this.spillAfterNanos = spillAfterNanos;
        this.meters = meters;
        meters.inUse(inUse::get);
        if (enabled()) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                // Not fatal: every spill then fails, and exchanges fall back to backpressure.
                LOG.warnf("the spool directory %s cannot be created (%s): clients that send before they read will stall",
                        directory, e.toString());
            }
        }
    }

    /** Whether exchanges may spool at all ({@code max-spool-size=0} turns it off). */
    boolean enabled() {
        return maxPerExchange > 0;
    }

    /** Takes {@code bytes} of disk if the instance has them left. */
    boolean tryReserve(long bytes) {
        long now;
        do {
            now = inUse.get();
            if (now + bytes > maxTotal) {
                return false;
            }
        } while (!inUse.compareAndSet(now, now + bytes));
        return true;
    }

    /** Whether {@code bytes} more would fit now (another exchange may still take them first). */
    boolean hasRoom(long bytes) {
        return inUse.get() + bytes <= maxTotal;
    }

    void release(long bytes) {
        inUse.addAndGet(-bytes);
    }

    /** Spool bytes on disk now, all exchanges together. */
    public long inUse() {
        return inUse.get();
    }
}
