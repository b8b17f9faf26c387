package dev.transform.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Assumptions;

/**
 * A reference command-line tool (zstd, lz4, brotli, bzip2 from their Debian packages; python3 with a
 * module for snappy's framing format) as a test's oracle:
 * bytes in on stdin, bytes out on stdout. src/test/sh/compression-tools.sh installs them under
 * CI=true; elsewhere a missing tool skips its tests loudly, and under CI=true it fails them.
 */
public final class ReferenceTool {

    private ReferenceTool() {
    }

    /** Skips (or under CI=true fails) the calling test unless {@code tool} is on the PATH. */
    public static void assumeInstalled(String tool) {
        boolean found = List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
        if (found) {
            return;
        }
        skipOrFail("the reference tool '" + tool + "' is not installed (Debian package " + (tool.equals("xz") ? "xz-utils" : tool)
                + "; src/test/sh/compression-tools.sh installs it under CI=true)");
    }

    /**
     * Skips (or under CI=true fails) the calling test unless python3 can import {@code module}, from
     * the pip package {@code pipPackage} (src/test/sh/compression-tools.sh installs it under CI=true).
     */
    public static void assumePythonModule(String module, String pipPackage) {
        assumeInstalled("python3");
        if (runUnchecked(new byte[0], "python3", "-c", "import " + module).exitCode() == 0) {
            return;
        }
        skipOrFail("python3 cannot import " + module + " (pip install " + pipPackage
                + "; src/test/sh/compression-tools.sh installs it under CI=true)");
    }

    private static void skipOrFail(String why) {
        if ("true".equals(System.getenv("CI"))) {
            fail(why);
        }
        System.out.println("### SKIPPED: " + why);
        Assumptions.abort(why);
    }

    /**
     * The tools' stdout and stderr are read on threads of their own: blocking reads on the common pool,
     * which has one thread on two cores (and which JDK 25's CompletableFuture uses even then), would read
     * stderr only after stdout's end, and a tool that fills its stderr pipe first would never end.
     */
    private static final ExecutorService READERS =
            Executors.newCachedThreadPool(new DefaultThreadFactory("reference-tool-output", true));

    /** Runs {@code command} with {@code input} on stdin; returns stdout, failing the test unless it exits 0. */
    public static byte[] run(byte[] input, String... command) {
        Result result = runAllowingFailure(input, command);
        assertEquals(0, result.exitCode(), () -> String.join(" ", command) + " failed: " + result.stderr());
        return result.stdout();
    }

    /** Runs {@code command} with {@code input} on stdin, whatever its exit code. */
    public static Result runAllowingFailure(byte[] input, String... command) {
        assumeInstalled(command[0]);
        return runUnchecked(input, command);
    }

    private static Result runUnchecked(byte[] input, String... command) {
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), READERS);
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), READERS);
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input);
            } catch (IOException e) {
                // The tool may stop reading early (it found the input bad): its exit code says so.
            }
            int code = process.waitFor();
            return new Result(code, stdout.join(), new String(stderr.join()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a tool did. */
    public record Result(int exitCode, byte[] stdout, String stderr) {
    }
}
