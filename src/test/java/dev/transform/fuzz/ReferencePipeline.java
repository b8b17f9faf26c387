package dev.transform.fuzz;

import dev.transform.fuzz.Reference.Decoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * What a plan must output, computed apart from the service: each step's reference over the whole of
 * its input, in order. Slice is {@code Arrays.copyOfRange}, encode and decode are {@link Reference}'s
 * RFC 4648 code, decompress is {@link Reference#decompress} (the JDK's zlib), digest is
 * {@link MessageDigest}, {@link CRC32} and {@link CRC32C}.
 *
 * <p>Compression has no single right output (where zlib ends a block depends on how the input
 * arrived), so a compress step is checked where it stands: the service's own output of the steps up
 * to it, run over the same chunks, must decompress with the JDK to the reference's input to it; the
 * steps after it then continue from those bytes.
 */
final class ReferencePipeline {

    /** One step as the reference reads it: its stage and every parameter by name, its choice included. */
    record Step(String stage, Map<String, List<String>> parameters) {

        String get(String name, String otherwise) {
            List<String> values = parameters.get(name);
            return values == null || values.isEmpty() ? otherwise : values.get(0);
        }
    }

    /** The reference's verdict: the output, or the step that must fail. */
    record Expected(byte[] output, int failingStep) {

        boolean succeeds() {
            return output != null;
        }
    }

    private static final Map<String, String> CHOICES = Map.of("encode", "encoding", "decode", "encoding",
            "compress", "format", "decompress", "format", "digest", "algorithm");

    private ReferencePipeline() {
    }

    /** Reads a step written as {@code stage[:choice][,key=value...]}, as the contract defines the syntax. */
    static Step parse(String text) {
        int colon = text.indexOf(':');
        String stage = colon < 0 ? text : text.substring(0, colon);
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (colon >= 0) {
            String[] args = text.substring(colon + 1).split(",", -1);
            for (int i = 0; i < args.length; i++) {
                int equals = args[i].indexOf('=');
                String key = equals < 0 ? CHOICES.get(stage) : args[i].substring(0, equals);
                String value = equals < 0 ? args[i] : args[i].substring(equals + 1);
                // The positional choice comes before the same key written out (several algorithms).
                List<String> values = parameters.computeIfAbsent(key, k -> new ArrayList<>());
                values.add(equals < 0 ? 0 : values.size(), value);
            }
        }
        return new Step(stage, parameters);
    }

    /**
     * The expected outcome of {@code steps} over {@code input}; {@code null} when a step's format has
     * no in-process reference (zstd, lz4, brotli, auto).
     *
     * @param serviceOutputUpTo the service's output of the steps up to and including step k, over the
     *     same chunks as the run checked, or null if it failed; only called for compress steps
     */
    static Expected run(List<Step> steps, byte[] input, IntFunction<byte[]> serviceOutputUpTo) {
        try {
            return runOrThrow(steps, input, serviceOutputUpTo);
        } catch (Reference.NoReference e) {
            return null;
        }
    }

    private static Expected runOrThrow(List<Step> steps, byte[] input, IntFunction<byte[]> serviceOutputUpTo) {
        byte[] data = input;
        for (int k = 0; k < steps.size(); k++) {
            Step step = steps.get(k);
            data = switch (step.stage()) {
                case "slice" -> slice(data, Long.parseLong(step.get("offset", "0")),
                        step.parameters().containsKey("length") ? Long.parseLong(step.get("length", null)) : -1);
                case "encode" -> encode(step, data);
                case "decode" -> Reference.decodeText(decoder(step.get("encoding", null)),
                        Boolean.parseBoolean(step.get("ignoreWhitespace", "true")), data);
                case "decompress" -> decompress(step, data);
                case "compress" -> compressed(step, data, serviceOutputUpTo.apply(k), k);
                case "digest" -> digest(step, data);
                default -> throw new IllegalArgumentException("no reference for stage " + step.stage());
            };
            if (data == null) {
                return new Expected(null, k);
            }
        }
        return new Expected(data, -1);
    }

    static byte[] slice(byte[] data, long offset, long length) {
        long start = offset >= 0 ? Math.min(offset, data.length) : Math.max(0, data.length + offset);
        long end = length < 0 ? data.length : Math.min(data.length, start + Math.min(length, data.length));
        return Arrays.copyOfRange(data, (int) start, (int) end);
    }

    private static byte[] encode(Step step, byte[] data) {
        Decoder encoding = decoder(step.get("encoding", null));
        String text = Reference.encodeText(encoding, data, Boolean.parseBoolean(step.get("padding", "true")),
                step.get("case", "lower").equals("upper"));
        int lineLength = Integer.parseInt(step.get("lineLength", "0"));
        if (lineLength > 0) {
            StringBuilder lines = new StringBuilder();
            for (int at = 0; at < text.length(); at += lineLength) {
                lines.append(at == 0 ? "" : "\n").append(text, at, Math.min(text.length(), at + lineLength));
            }
            text = lines.toString();
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] decompress(Step step, byte[] data) {
        try {
            return Reference.decompress(decoder(step.get("format", null)), data,
                    Long.parseLong(step.get("maxOutputBytes", String.valueOf(FuzzSupport.MAX_DECOMPRESSED))));
        } catch (Reference.OverLimit e) {
            return null;
        }
    }

    /** The service's compressed bytes, once the JDK has read them back as exactly {@code data}. */
    private static byte[] compressed(Step step, byte[] data, byte[] service, int k) {
        if (service == null) {
            throw new AssertionError("the steps up to " + k + " failed, the reference gives them " + data.length + " bytes");
        }
        byte[] back;
        try {
            back = Reference.decompress(decoder(step.get("format", null)), service, Long.MAX_VALUE);
        } catch (Reference.OverLimit impossible) {
            throw new AssertionError(impossible);
        }
        if (!Arrays.equals(data, back)) {
            throw new AssertionError("step " + k + " (" + step + ") output " + service.length + " bytes that the JDK "
                    + (back == null ? "rejects" : "reads as " + back.length + " other bytes") + ", for " + data.length
                    + " bytes in");
        }
        return service;
    }

    private static byte[] digest(Step step, byte[] data) {
        List<String> algorithms = step.parameters().getOrDefault("algorithm", List.of("sha-256"));
        boolean base64 = step.get("encoding", "hex").equals("base64");
        StringBuilder json = new StringBuilder("{\"bytes\":" + data.length + ",\"digests\":{");
        String separator = "";
        for (String algorithm : new LinkedHashSet<>(algorithms)) {
            byte[] value = digest(algorithm, data);
            json.append(separator).append('"').append(algorithm).append("\":\"")
                    .append(base64 ? Base64.getEncoder().encodeToString(value) : HexFormat.of().formatHex(value)).append('"');
            separator = ",";
        }
        return json.append("}}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        if (algorithm.startsWith("crc32")) {
            java.util.zip.Checksum crc = algorithm.equals("crc32") ? new CRC32() : new CRC32C();
            crc.update(data, 0, data.length);
            return ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
        }
        try {
            return MessageDigest.getInstance(algorithm.toUpperCase(Locale.ROOT)).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException(algorithm, e);
        }
    }

    private static Decoder decoder(String id) {
        for (Decoder decoder : Decoder.values()) {
            if (decoder.id.equals(id)) {
                return decoder;
            }
        }
        throw new Reference.NoReference(id);
    }
}
