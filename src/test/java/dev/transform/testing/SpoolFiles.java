package dev.transform.testing;

import dev.transform.engine.NativeResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the spool leaves behind, seen from outside the service: files in the spool directory, and
 * spool files this process still holds open (they are unlinked as soon as they are open, so only
 * {@code /proc/self/fd} still shows them, as "… (deleted)").
 */
public final class SpoolFiles {

    /** The test profile's spool directory (application.properties, %test). */
    public static final Path DIRECTORY = Path.of("target/spool-test");

    private SpoolFiles() {
    }

    /** Entries in the spool directory. */
    public static long listed() throws IOException {
        if (!Files.isDirectory(DIRECTORY)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.count();
        }
    }

    /**
     * Spool files this process still holds once the last has had 10 s to close. A spool opens and closes
     * its file on Vert.x's worker threads, also after its exchange has ended: a file whose open is on its way
     * is not in {@code /proc/self/fd} yet ({@link NativeResource#SPOOL_FILE} counts it from the moment it is
     * asked for: a settle loop that read the descriptors alone passed before the file appeared, and failed
     * when it did, 9 in 400 runs of one test), and a close waits for the writes already issued. Only a file
     * that stays open was left behind.
     */
    public static long openAfterSettling() throws InterruptedException {
        Settle.until(() -> NativeResource.SPOOL_FILE.open() == 0 && open() == 0, Settle.EXCHANGE);
        return Math.max(NativeResource.SPOOL_FILE.open(), open());
    }

    /** Spool files this process holds open. */
    public static long open() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().contains("transform-spool-");
                } catch (IOException | UnsupportedOperationException gone) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
