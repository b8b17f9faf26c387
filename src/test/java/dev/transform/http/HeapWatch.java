package dev.transform.http;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * How far the heap in use just after a garbage collection rises, while the watch is open, above
 * the live heap when it opened: what the collector could not free, so a body held anywhere in this
 * JVM (server and test share it) shows up, while the garbage a stream makes as it goes does not.
 * Read from the collectors' notifications, which report every heap pool after each collection
 * (young ones included), so it works with whichever collector the JVM picked. The baseline is
 * taken after a full collection, as growth, because the idle suite already holds about 100 MiB.
 */
final class HeapWatch implements AutoCloseable, NotificationListener {

    private static final long MIB = 1L << 20;

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final List<NotificationEmitter> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(NotificationEmitter.class::cast).toList();
    private final long liveAtStart;
    private final AtomicLong maxAfterCollection = new AtomicLong();
    private final AtomicInteger collections = new AtomicInteger();

    HeapWatch() {
        // The heap pools' usage just after the full collection that System.gc() runs: exact, whatever
        // other threads allocate meanwhile.
        long before = collectionCount();
        // A System.gc() can be skipped while another thread is in a JNI critical region (zlib): retry.
        for (int attempt = 0; attempt < 10 && collectionCount() == before; attempt++) {
            System.gc();
            if (collectionCount() == before) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (collectionCount() == before) {
            throw new IllegalStateException("System.gc() collected nothing (-XX:+DisableExplicitGC?): no baseline to measure against");
        }
        liveAtStart = ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getCollectionUsage().getUsed()).sum();
        collectors.forEach(collector -> collector.addNotificationListener(this, null, null));
    }

    private static long collectionCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        if (info.getGcAction().endsWith("pause")) {
            // A pause inside a concurrent cycle (G1's "end of concurrent GC pause", JDK 20 on; ZGC's and
            // Shenandoah's "end of GC pause") frees no young objects: its "after" still holds all of them.
            return;
        }
        long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                .filter(pool -> heapPools.contains(pool.getKey())).mapToLong(pool -> pool.getValue().getUsed()).sum();
        maxAfterCollection.accumulateAndGet(used, Math::max);
        collections.incrementAndGet();
    }

    /** The most heap in use after any collection so far, beyond the live heap at the start. */
    long growth() {
        return Math.max(0, maxAfterCollection.get() - liveAtStart);
    }

    /** How many collections were seen: with none, {@link #growth} says nothing. */
    int collections() {
        return collections.get();
    }

    @Override
    public void close() {
        for (NotificationEmitter collector : collectors) {
            try {
                collector.removeNotificationListener(this);
            } catch (ListenerNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public String toString() {
        return "heap after collection at most " + growth() / MIB + " MiB above the " + liveAtStart / MIB
                + " MiB live at the start (" + collections() + " collections)";
    }
}
