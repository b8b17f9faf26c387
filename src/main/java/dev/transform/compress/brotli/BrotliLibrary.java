package dev.transform.compress.brotli;

import com.aayushatharva.brotli4j.Brotli4jLoader;

/** Loads brotli4j's native library once, the first time a brotli stage is made. */
final class BrotliLibrary {

    static {
        Brotli4jLoader.ensureAvailability();
    }

    private BrotliLibrary() {
    }

    /** Returns once the library is loaded; throws (a 500: the build is broken) if it cannot be. */
    static void ensureLoaded() {
        // The static initialiser did the work; the JVM runs it once, under its own lock.
    }
}
