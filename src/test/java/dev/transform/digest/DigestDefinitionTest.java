package dev.transform.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.transform.catalogue.StageDefinition;
import dev.transform.compress.CompressStage;
import dev.transform.compress.Format;
import dev.transform.compress.parallel.DeflateWorkers;
import dev.transform.compress.parallel.ParallelDeflateStage;
import dev.transform.engine.OffloadedStage;
import dev.transform.engine.Stage;
import dev.transform.engine.StageHarness;
import dev.transform.workers.CoreWorkers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where a digest stream hashes: on a worker when it starts with a core free, on its own thread beside
 * streams that take the cores, and checksums always on their own thread, uncounted. A hashing stream
 * counts among the streams the cores are shared by, deflate's included.
 */
class DigestDefinitionTest {

    private final CoreWorkers workers = new CoreWorkers(2);
    private final StageDefinition digest = DigestDefinition.create(workers);

    @AfterEach
    void stopWorkers() {
        workers.stop();
    }

    private Stage open(String... algorithms) {
        return digest.build(Map.of("algorithm", List.of(algorithms))).stage();
    }

    private static Stage working(Stage stage) {
        return assertInstanceOf(CoreWorkers.OpenStream.class, stage).working();
    }

    @Test
    void aHashStartingAloneGoesToAWorkerAndOneBesideItStays() throws Exception {
        Stage first = open("sha-256");
        Stage second = open("md5", "crc32c");
        assertInstanceOf(OffloadedStage.class, working(first));
        assertInstanceOf(DigestStage.class, working(second), "beside another stream on 2 threads: its own thread");
        byte[] data = "the quick brown fox".getBytes(StandardCharsets.US_ASCII);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        assertEquals("{\"bytes\":19,\"digests\":{\"sha-256\":\"" + sha256 + "\"}}", new String(StageHarness.run(first, data, 4)));
        second.release();
        Stage third = open("sha3-256");
        assertInstanceOf(OffloadedStage.class, working(third), "the others released: a worker again");
        third.release();
    }

    @Test
    void checksumsStayOnTheirThreadAndAreNotCounted() {
        Stage checksums = open("crc32", "crc32c");
        assertInstanceOf(DigestStage.class, checksums);
        Stage hash = open("sha-512");
        assertInstanceOf(OffloadedStage.class, working(hash), "the checksum stream took no share");
        hash.release();
        checksums.release();
    }

    @Test
    void aHashingStreamTakesItsShareFromDeflateToo() {
        DeflateWorkers deflate = new DeflateWorkers(() -> OptionalInt.of(2), workers);
        Stage hash = open("sha-256");
        Stage gzip = deflate.create(Format.GZIP, 6);
        assertInstanceOf(CompressStage.class, working(gzip), "one thread: the single-threaded stage");
        gzip.release();
        hash.release();
        Stage alone = deflate.create(Format.GZIP, 6);
        assertInstanceOf(ParallelDeflateStage.class, working(alone));
        alone.release();
    }

    @Test
    void withoutWorkersEveryDigestIsOnItsOwnThread() {
        assertInstanceOf(DigestStage.class, DigestDefinition.create().build(Map.of()).stage());
    }
}
