package dev.transform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns JMH's JSON results into a markdown table, printed and written to a file: one row per
 * benchmark class, parameters and chunk size, its {@code stage} method beside its {@code primitive}.
 * Scores are bytes per second and {@code gc.alloc.rate.norm} is bytes allocated per byte, because
 * every benchmark counts one operation per byte (see {@link StreamBench}).
 *
 * <p>Usage: {@code Report results.json results.md}
 */
public final class Report {

    private static final String ALLOCATION = "gc.alloc.rate.norm";

    /** One row: the two sides' throughput (bytes/s) and allocation (B/byte), NaN when not measured. */
    private static final class Row {
        double stageRate = Double.NaN;
        double primitiveRate = Double.NaN;
        double stageAlloc = Double.NaN;
        double primitiveAlloc = Double.NaN;
    }

    private Report() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Report results.json results.md");
            System.exit(2);
        }
        if (!Files.exists(Path.of(args[0]))) {
            // JMH ran nothing (-l, -h, a regex matching no benchmark): nothing to tabulate.
            System.out.println("No " + args[0] + ": no benchmark ran.");
            return;
        }
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        String table = table(results);
        Files.writeString(Path.of(args[1]), table);
        System.out.print(table);
    }

    static String table(JsonNode results) {
        Map<String, TreeMap<Integer, Row>> rows = new LinkedHashMap<>();
        for (JsonNode result : results) {
            String benchmark = result.get("benchmark").asText();
            String[] parts = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1).split("\\.");
            String family = parts[0].replaceFirst("Bench$", "").toLowerCase(Locale.ROOT);
            List<String> variant = new ArrayList<>(List.of(family));
            int chunk = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = result.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> param = it.next();
                String value = param.getValue().asText();
                if (param.getKey().equals("chunkSize")) {
                    chunk = Integer.parseInt(value);
                } else {
                    // Names only where the value alone says nothing ("level=6", but just "gzip").
                    variant.add(value.chars().allMatch(Character::isDigit) ? param.getKey() + "=" + value : value);
                }
            }
            Row row = rows.computeIfAbsent(String.join(" ", variant), k -> new TreeMap<>()).computeIfAbsent(chunk, k -> new Row());
            double rate = result.path("primaryMetric").path("score").asDouble(Double.NaN);
            JsonNode allocation = result.path("secondaryMetrics").path(ALLOCATION).path("score");
            double alloc = allocation.isMissingNode() ? Double.NaN : allocation.asDouble();
            switch (parts[1]) {
                case "stage" -> {
                    row.stageRate = rate;
                    row.stageAlloc = alloc;
                }
                case "primitive" -> {
                    row.primitiveRate = rate;
                    row.primitiveAlloc = alloc;
                }
                default -> {
                    // Some other benchmark method: not part of a pair.
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(settings(results)).append("\n\n");
        out.append("| stage | chunk | stage MB/s | primitive MB/s | stage/primitive | stage B/byte | primitive B/byte |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        rows.forEach((variant, byChunk) -> byChunk.forEach((chunk, row) -> out.append(String.format(Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %s |%n", variant, size(chunk), rate(row.stageRate), rate(row.primitiveRate),
                number(row.stageRate / row.primitiveRate, 2), number(row.stageAlloc, 3), number(row.primitiveAlloc, 3)))));
        out.append("\nMB/s: 10^6 bytes of input per second (decompress: of decompressed output). "
                + "B/byte: heap bytes allocated per such byte (JMH gc.alloc.rate.norm); the stages' output "
                + "buffers are part of it, the primitives reuse theirs where the JDK lets them.\n");
        return out.toString();
    }

    /** How the numbers were measured, so a smoke run is not mistaken for a proper one. */
    private static String settings(JsonNode results) {
        if (results.isEmpty()) {
            return "No JMH results.";
        }
        JsonNode first = results.get(0);
        return String.format(Locale.ROOT, "JMH %s, %s: %d fork(s), %d x %s warm-up, %d x %s measurement, threads %d.",
                first.path("jmhVersion").asText(), first.path("vmName").asText() + " " + first.path("jdkVersion").asText(),
                first.path("forks").asInt(), first.path("warmupIterations").asInt(), first.path("warmupTime").asText(),
                first.path("measurementIterations").asInt(), first.path("measurementTime").asText(), first.path("threads").asInt());
    }

    private static String size(int bytes) {
        return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB"
                : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
    }

    private static String rate(double bytesPerSecond) {
        double mb = bytesPerSecond / 1e6;
        return number(mb, mb >= 100 ? 0 : 1);
    }

    private static String number(double value, int decimals) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "–" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }
}
