package dev.transform.bench;

import dev.transform.engine.Bytes;
import dev.transform.engine.Stage;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What every benchmark here shares. Each benchmark class has a {@code stage} and a {@code primitive}
 * method (see {@link Report}); one invocation of either pushes one whole stream of {@link #BYTES}
 * bytes through, cut into {@link #chunkSize} chunks, so the stage pays its per-chunk and per-stream
 * costs as in an exchange. Counting each of those bytes as one JMH operation makes the score bytes
 * per second and {@code gc.alloc.rate.norm} heap bytes allocated per byte.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(StreamBench.BYTES)
// A fixed heap, so the allocation-heavy benchmarks do not also measure heap resizing.
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public abstract class StreamBench {

    /** The bytes of one stream: one operation each (for decompression, bytes of decompressed output). */
    public static final int BYTES = 4 << 20;

    @Param({"8192", "65536", "1048576"})
    public int chunkSize;

    private static byte[] mixed;

    /**
     * {@link #BYTES} bytes, half random and half English-like text, alternating in runs of 1 to 32
     * KiB, from a fixed seed: deflate meets both stored-like and well-compressing stretches, the
     * way a real mix of payloads does, and every run sees the same bytes.
     */
    static synchronized byte[] mixed() {
        if (mixed == null) {
            Random random = new Random(4648);
            byte[] text = text(random, BYTES);
            byte[] data = new byte[BYTES];
            int pos = 0;
            while (pos < BYTES) {
                int run = Math.min(1024 + random.nextInt(31 * 1024), BYTES - pos);
                byte[] noise = new byte[run];
                random.nextBytes(noise);
                System.arraycopy(noise, 0, data, pos, run);
                pos += run;
                int textRun = Math.min(run, BYTES - pos);
                System.arraycopy(text, pos, data, pos, textRun);
                pos += textRun;
            }
            mixed = data;
        }
        return mixed;
    }

    /** Sentences of words drawn with a skew (common words common), so text is repetitive but not trivially. */
    private static byte[] text(Random random, int length) {
        String[] words = ("the of and to a in is it you that he was for on are with as his they be at one have this"
                + " from or had by hot word but what some we can out other were all there when up use your how said an"
                + " each she which do their time if will way about many then them write would like so these her long"
                + " make thing see him two has look more day could go come did number sound no most people my over know"
                + " water than call first who may down side been now find any new work part take get place made live"
                + " where after back little only round man year came show every good me give our under name very through"
                + " just form sentence great think say help low line differ turn cause much mean before move right boy"
                + " old too same tell does set three want air well also play small end put home read hand port large"
                + " spell add even land here must big high such follow act why ask men change went light kind off need"
                + " house picture try us again animal point mother world near build self earth father stream chunk byte")
                .split(" ");
        StringBuilder text = new StringBuilder(length + 100);
        while (text.length() < length) {
            int count = 5 + random.nextInt(12);
            for (int i = 0; i < count; i++) {
                double r = random.nextDouble();
                String word = words[(int) (r * r * words.length)];
                if (i == 0) {
                    word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                }
                text.append(word).append(i + 1 < count ? (random.nextInt(10) == 0 ? ", " : " ") : "");
            }
            text.append(random.nextInt(8) == 0 ? " " + random.nextInt(100_000) + ".\n" : ". ");
        }
        return Arrays.copyOf(text.toString().getBytes(StandardCharsets.US_ASCII), length);
    }

    /** {@code data} cut into arrays of {@link #chunkSize} bytes (the last may be shorter). */
    byte[][] chunks(byte[] data) {
        byte[][] chunks = new byte[(data.length + chunkSize - 1) / chunkSize][];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = Arrays.copyOfRange(data, i * chunkSize, Math.min(data.length, (i + 1) * chunkSize));
        }
        return chunks;
    }

    /**
     * The chunks as Buffers, made once: Vert.x creates the request's Buffers whatever the stage, so
     * their cost is not the stage's. Stages only read them, so they can be fed again and again.
     */
    static Buffer[] buffers(byte[][] chunks) {
        return Arrays.stream(chunks).map(Bytes::wrap).toArray(Buffer[]::new);
    }

    /**
     * Drives {@code stage} over {@code input} as the exchange does (poll until null, then the next
     * chunk or the end of input) and releases it. The output Buffers are not released one by one:
     * stages hand out unpooled heap views ({@link Bytes#wrap}), which the exchange never releases
     * either (Vert.x writes an unreleasable duplicate); the garbage collector reclaims them, and
     * that cost is what {@code gc.alloc.rate.norm} shows. A stage that works on other threads is
     * waited for as the exchange waits: until it calls its wake-up.
     */
    static void drive(Stage stage, Buffer[] input, Blackhole blackhole) {
        Semaphore wakeUps = new Semaphore(0);
        stage.wakeUpWith(wakeUps::release);
        try {
            int next = 0;
            boolean ended = false;
            while (true) {
                Buffer out;
                while ((out = stage.poll()) != null) {
                    blackhole.consume(out);
                }
                if (stage.isFinished()) {
                    return;
                }
                if (!stage.wantsInput()) {
                    wakeUps.acquireUninterruptibly();
                } else if (next < input.length) {
                    stage.accept(input[next++]);
                } else if (!ended) {
                    ended = true;
                    stage.endOfInput();
                } else {
                    throw new IllegalStateException("the stage neither finished nor gave output after its input ended");
                }
            }
        } finally {
            stage.release();
        }
    }
}
