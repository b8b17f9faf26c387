package dev.transform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Sees the leaks Netty reports after the last test class: {@link LeakCheck} fails the class a leak
 * was reported in, but a buffer leaked late in the last class (or while the in-process server
 * stops) is reported only at a later allocation, when no class is left to fail. Once every test
 * has run, this collects garbage, allocates as Netty needs to report, and writes what it found to
 * {@link #REPORT}, which {@code src/test/sh/leaks-after-tests.sh} (in {@code ./mvnw verify}) fails
 * on; JUnit lets nothing fail after its last test.
 *
 * <p>Registered as a JUnit launcher session listener in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public final class LeaksAfterLastClass implements LauncherSessionListener {

    /** Relative to the directory the tests run in: the project's, under Maven. */
    static final Path REPORT = Path.of("target", "leaks-after-last-class.txt");

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        LeakCheck.install();
        try {
            Files.deleteIfExists(REPORT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        List<String> found = LeakCheck.sweep();
        if (found.isEmpty()) {
            return;
        }
        String report = "Netty reported " + found.size() + " leaked buffer(s) after the last test class:\n"
                + String.join("\n", found) + "\n";
        System.err.print(report);
        try {
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
