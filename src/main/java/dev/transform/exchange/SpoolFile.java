package dev.transform.exchange;

import dev.transform.engine.NativeResource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One temporary file of a {@link Spool}, written and read at positions the spool keeps.
 *
 * <p>Vert.x's {@link AsyncFile}: every open, write, read and close runs on the Vert.x worker pool
 * (an {@code AsynchronousFileChannel} on its executor) and completes on the event loop that opened
 * the file, the exchange's own, so the event loop never waits on the disk and the spool needs no
 * locks. It is opened with {@code DELETE_ON_CLOSE}, which on Linux makes the JDK unlink the file the
 * moment it is open: the directory never lists it, the kernel frees it when it is closed, and a
 * crashed process leaves nothing behind.
 */
final class SpoolFile {

    private static final OpenOptions OPTIONS = new OpenOptions()
            .setCreateNew(true).setRead(true).setWrite(true).setDeleteOnClose(true);

    private final Future<AsyncFile> file;

    private SpoolFile(Future<AsyncFile> file) {
        this.file = file;
    }

    /** Opens a new file in {@code directory}; writes may be issued before the open completes. */
    static SpoolFile open(Vertx vertx, Path directory) {
        String name = "transform-spool-" + UUID.randomUUID() + ".tmp";
        NativeResource.SPOOL_FILE.opened();
        Future<AsyncFile> file = vertx.fileSystem().open(directory.resolve(name).toString(), OPTIONS);
        file.onFailure(notOpened -> NativeResource.SPOOL_FILE.released());
        return new SpoolFile(file);
    }

    /** Writes {@code chunk} at {@code position}; the future says when it is on disk. */
    Future<Void> write(Buffer chunk, long position) {
        return file.compose(opened -> opened.write(chunk, position));
    }

    /** The {@code length} bytes at {@code position}, which must all be on disk. */
    Future<Buffer> read(long position, int length) {
        return file.compose(opened -> opened.read(Buffer.buffer(length), 0, position, length));
    }

    /** Closes the file once its writes are done, which frees its disk. */
    void close() {
        file.onSuccess(opened -> opened.close().onComplete(closed -> NativeResource.SPOOL_FILE.released()));
    }
}
