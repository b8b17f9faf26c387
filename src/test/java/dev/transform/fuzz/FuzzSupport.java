package dev.transform.fuzz;

import dev.transform.catalogue.StageCatalogue;
import dev.transform.config.Limits;
import dev.transform.engine.ProblemType;
import dev.transform.engine.Stage;
import dev.transform.engine.StageHarness;
import dev.transform.engine.TransformException;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.WithDefault;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * What the fuzz targets and property tests share: a catalogue with small limits, a driver that runs
 * a stage the way the HTTP exchange does while checking the {@link Stage} protocol and an output
 * bound, and chunkings of an input.
 */
final class FuzzSupport {

    /** The configured maximum of decompress's maxOutputBytes: small, so every run is cheap. */
    static final long MAX_DECOMPRESSED = 1 << 20;
    static final long MAX_TAIL = 4096;
    static final int MAX_STEPS = 5;

    private FuzzSupport() {
    }

    /**
     * A catalogue as the service builds it, with small limits. The limits are a proxy of the
     * {@link Limits} interface, so a limit added later takes its {@code @WithDefault} without
     * breaking these tests.
     */
    static StageCatalogue catalogue() {
        return new StageCatalogue(limits(Map.of(
                "maxDecompressedSize", new MemorySize(BigInteger.valueOf(MAX_DECOMPRESSED)),
                "maxTailWindow", new MemorySize(BigInteger.valueOf(MAX_TAIL)),
                "maxPipelineSteps", MAX_STEPS)));
    }

    static Limits limits(Map<String, Object> values) {
        return (Limits) Proxy.newProxyInstance(Limits.class.getClassLoader(), new Class<?>[] {Limits.class},
                (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    switch (method.getName()) {
                        case "toString" -> {
                            return "fuzz limits " + values;
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        case "equals" -> {
                            return proxy == args[0];
                        }
                        default -> {
                        }
                    }
                    Class<?> type = method.getReturnType();
                    if (type == Optional.class) {
                        return Optional.empty();
                    }
                    WithDefault given = method.getAnnotation(WithDefault.class);
                    if (given == null) {
                        throw new IllegalStateException("no value for limit " + method.getName());
                    }
                    String value = given.value();
                    if (type == int.class || type == Integer.class) {
                        return Integer.parseInt(value);
                    } else if (type == long.class || type == Long.class) {
                        return Long.parseLong(value);
                    } else if (type == boolean.class || type == Boolean.class) {
                        return Boolean.parseBoolean(value);
                    } else if (type == MemorySize.class) {
                        return new MemorySizeConverter().convert(value);
                    } else if (type == String.class) {
                        return value;
                    }
                    throw new IllegalStateException("cannot default limit " + method.getName() + " of " + type);
                });
    }

    /** Whether Jazzer fuzzes in this JVM (JAZZER_FUZZ set, as Jazzer itself decides), rather than replaying inputs. */
    static boolean isFuzzing() {
        String value = System.getenv("JAZZER_FUZZ") != null ? System.getenv("JAZZER_FUZZ") : System.getProperty("JAZZER_FUZZ");
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase("yes"));
    }

    /**
     * In regression mode (the plain test run), tells Jazzer not to install its agent: the agent only
     * adds Jazzer's sanitizer hooks (SQL, LDAP, deserialization...), which nothing here can reach,
     * and installing it scans the whole test classpath, some 20 s on this build. Jazzer reads its
     * options from JUnit's configuration parameters, which fall back to system properties; it reads
     * this one when it first provides a fuzz test's arguments, after the class's {@code @BeforeAll}.
     * Fuzzing needs the agent (it adds the coverage instrumentation), so it is left on then, and
     * {@code -Djazzer.hooks=true} keeps it on in a regression run too.
     */
    static void regressionWithoutAgent() {
        if (!isFuzzing() && System.getProperty("jazzer.hooks") == null) {
            System.setProperty("jazzer.hooks", "false");
        }
    }

    /**
     * Runs one fuzz input: directly when fuzzing, where libFuzzer's per-input timeout (.ci/fuzz's
     * FUZZ_TIMEOUT) catches a hang; in regression mode, where nothing else would, within
     * {@code seconds} on a separate thread, so a hang fails the input instead of stalling the build.
     */
    static void withinTimeLimit(int seconds, Runnable input) {
        if (isFuzzing()) {
            input.run();
        } else {
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(seconds), input::run,
                    () -> "the input still ran after " + seconds + " s: a hang");
        }
    }

    /** How a run ended: all output, and the contract's failure if there was one. */
    record Outcome(byte[] output, TransformException failure) {

        boolean succeeded() {
            return failure == null;
        }

        @Override
        public String toString() {
            return failure == null ? "output of " + output.length + " bytes"
                    : failure.type() + " at offset " + failure.offset() + " step " + failure.step() + ": "
                            + failure.detail() + " (after " + output.length + " bytes of output)";
        }
    }

    /**
     * Runs {@code stage} over {@code chunks} as the exchange does and releases it. Checks the
     * protocol (no empty chunk, progress after the input ended) and that the output, counted as it
     * is handed out, never passes {@code maxOutput}: the check is made before the output is kept,
     * so a stage that expands without bound fails here instead of filling the heap. A
     * {@link TransformException} ends the run as its outcome; anything else propagates.
     *
     * @param stopAfter stop pulling once this much output came (a client that went away);
     *     {@code Long.MAX_VALUE} to run to the end
     */
    static Outcome run(Stage stage, List<byte[]> chunks, long maxOutput, long stopAfter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] produced = {0};
        try {
            StageHarness.driveWhile(stage, chunks, chunk -> {
                produced[0] += chunk.length();
                if (produced[0] > maxOutput) {
                    throw new AssertionError("the stage handed out " + produced[0] + " bytes, more than the bound of "
                            + maxOutput);
                }
                if (produced[0] <= 4L << 20) {
                    out.writeBytes(chunk.getBytes());
                }
                return produced[0] < stopAfter;
            });
            return new Outcome(out.toByteArray(), null);
        } catch (TransformException e) {
            return new Outcome(out.toByteArray(), e);
        }
    }

    /** Fails unless the failure is one that running a well-formed plan over bad input may give. */
    static void assertRunFailure(TransformException e) {
        if (e.type() != ProblemType.INVALID_INPUT && e.type() != ProblemType.LIMIT_EXCEEDED) {
            throw new AssertionError("a run failed with " + e.type() + ": " + e.detail(), e);
        }
        assertDetail(e);
    }

    /**
     * The detail is what the client reads: it must be there. (That it quotes at most a short part
     * of the input is a known bug for now: StepPropertiesTest#detailsQuoteAtMostAShortPartOfTheStep.)
     */
    static void assertDetail(TransformException e) {
        if (e.detail() == null || e.detail().isBlank()) {
            throw new AssertionError("a " + e.type() + " failure has no detail", e);
        }
    }

    /** Cuts {@code input} into chunks of {@code size} bytes (the last may be shorter). */
    static List<byte[]> fixed(byte[] input, int size) {
        List<byte[]> chunks = new ArrayList<>();
        for (int pos = 0; pos < input.length; pos += size) {
            chunks.add(Arrays.copyOfRange(input, pos, Math.min(input.length, pos + size)));
        }
        return chunks;
    }

    /** Cuts {@code input} at random places, into chunks of 0 to {@code 2 * mean} bytes (empty ones too). */
    static List<byte[]> random(byte[] input, Random random, int mean) {
        List<byte[]> chunks = new ArrayList<>();
        int pos = 0;
        while (pos < input.length) {
            int size = Math.min(input.length - pos, random.nextInt(2 * mean + 1));
            chunks.add(Arrays.copyOfRange(input, pos, pos + size));
            pos += size;
        }
        return chunks;
    }

    /**
     * A chunking chosen by two fuzz bytes: {@code mode} 0 one chunk, 1 single bytes, 2 fixed
     * chunks of {@code param + 1} bytes, 3 random sizes (empty chunks included) seeded by
     * {@code param}.
     */
    static List<byte[]> chunking(byte[] input, int mode, int param) {
        return switch (mode & 3) {
            case 0 -> input.length == 0 ? List.of() : List.of(input);
            case 1 -> fixed(input, 1);
            case 2 -> fixed(input, (param & 0xff) + 1);
            default -> random(input, new Random(param), 1 + (param & 0x3f));
        };
    }

    static String describe(List<byte[]> chunks) {
        StringBuilder sizes = new StringBuilder();
        for (int i = 0; i < chunks.size() && i < 40; i++) {
            sizes.append(i == 0 ? "" : ",").append(chunks.get(i).length);
        }
        return chunks.size() + " chunks [" + sizes + (chunks.size() > 40 ? ",..." : "") + "]";
    }
}
