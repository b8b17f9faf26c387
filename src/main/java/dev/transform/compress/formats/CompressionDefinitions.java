package dev.transform.compress.formats;

import dev.transform.catalogue.Arguments;
import dev.transform.catalogue.MediaTypes;
import dev.transform.catalogue.Param;
import dev.transform.catalogue.StageDefinition;
import dev.transform.catalogue.StageFamily;
import dev.transform.catalogue.StageSettings;
import dev.transform.compress.Codec;
import dev.transform.compress.CodecMemory;
import dev.transform.compress.DeflateStageFactory;
import dev.transform.compress.Format;
import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** The {@code compress} and {@code decompress} stages, made from the {@link Codecs}. */
@RegisterForReflection // made by ServiceLoader, in the native executable too
public final class CompressionDefinitions implements StageFamily {

    /** Made by {@link java.util.ServiceLoader}, as every {@link StageFamily}. */
    public CompressionDefinitions() {
    }

    @Override
    public List<StageDefinition> definitions(StageSettings settings) {
        DeflateStageFactory deflate = settings.shared(DeflateStageFactory.class)
                .orElse(DeflateStageFactory.SINGLE_THREADED);
        CodecMemory memory = settings.shared(CodecMemory.class).orElse(CodecMemory.UNLIMITED);
        return List.of(compress(deflate, memory),
                decompress(settings.maxDecompressedSize(), settings.maxDecompressionRatio(), memory));
    }

    /**
     * @param deflate makes the gzip and deflate stages (single-threaded, or on several cores)
     * @param memory what the codecs that hold a lot reserve their working memory from
     */
    public static StageDefinition compress(DeflateStageFactory deflate, CodecMemory memory) {
        Map<String, String> outputTypes = new LinkedHashMap<>();
        Codecs.ALL.forEach(codec -> outputTypes.put(codec.id(), codec.mediaType()));
        outputTypes.put(StageDefinition.ANY_CHOICE, MediaTypes.BINARY);
        return new StageDefinition("compress", "Compresses to " + names(Codecs.ALL) + ".",
                formatParam(Codecs.ALL.stream().map(Codec::id).toList()), List.of(levelParam()), outputTypes, false,
                arguments -> compressor(arguments, deflate, memory));
    }

    public static StageDefinition decompress(long maxDecompressedSize, int maxRatio, CodecMemory memory) {
        List<String> formats = new ArrayList<>(Codecs.ALL.stream().map(Codec::id).toList());
        formats.add(AutoDecompressStage.ID);
        // decompress/auto reserves before the format is known: as much as the hungriest decoder it may pick.
        long autoMemory = Codecs.ALL.stream().mapToLong(Codec::decompressorMemory).max().orElse(0);
        return new StageDefinition("decompress",
                "Decompresses " + names(Codecs.ALL) + ", or picks the format from the magic number (auto: "
                        + AutoDecompressStage.SNIFFED + "); checksums are verified and data after the end is rejected.",
                formatParam(formats),
                List.of(Param.integer("maxOutputBytes", Param.Kind.INT64,
                        "Most bytes to output; a request may lower the configured maximum, never raise it",
                        String.valueOf(maxDecompressedSize), 0L, maxDecompressedSize)),
                Map.of(StageDefinition.ANY_CHOICE, MediaTypes.BINARY), false,
                arguments -> {
                    String format = arguments.get("format");
                    long max = arguments.getLong("maxOutputBytes");
                    if (format.equals(AutoDecompressStage.ID)) {
                        return memory.reserve(autoMemory, "decompress auto", () -> new AutoDecompressStage(max, maxRatio));
                    }
                    Codec codec = Codecs.byId(format);
                    return memory.reserve(codec.decompressorMemory(), "decompress " + codec.id(),
                            () -> codec.decompressor(max, maxRatio));
                });
    }

    private static Param formatParam(List<String> choices) {
        return Param.choice("format", Codecs.ALL.stream().map(Codec::description).collect(Collectors.joining("; "))
                + (choices.contains(AutoDecompressStage.ID) ? "; auto (decompress only): " + AutoDecompressStage.SNIFFED : ""),
                null, choices);
    }

    /** One {@code level} for every format: its range spans theirs, and each format checks its own. */
    private static Param levelParam() {
        List<Codec.Levels> levels = Codecs.ALL.stream().map(Codec::levels).filter(Objects::nonNull).toList();
        String each = Codecs.ALL.stream().map(codec -> codec.id() + " " + (codec.levels() == null ? "none"
                        : codec.levels().min() + "-" + codec.levels().max() + " (default " + codec.levels().defaultLevel()
                        + "; " + codec.levels().meaning() + ")"))
                .collect(Collectors.joining(", "));
        return Param.integer("level", Param.Kind.INT32, "Compression level, by format: " + each
                        + ". Absent, the format's default; a format without levels takes none.", null,
                (long) levels.stream().mapToInt(Codec.Levels::min).min().orElse(0),
                (long) levels.stream().mapToInt(Codec.Levels::max).max().orElse(0));
    }

    private static Stage compressor(Arguments arguments, DeflateStageFactory deflate, CodecMemory memory) {
        Codec codec = Codecs.byId(arguments.get("format"));
        Codec.Levels levels = codec.levels();
        if (levels == null) {
            if (arguments.has("level")) {
                throw TransformException.badRequest("parameter 'level' is not taken by " + codec.id()
                        + ", which has no compression levels here");
            }
            return codec.compressor(0);
        }
        int level = arguments.has("level") ? arguments.getInt("level") : levels.defaultLevel();
        if (!levels.contains(level)) {
            throw TransformException.badRequest("parameter 'level' is " + level + " but must be in [" + levels.min()
                    + ", " + levels.max() + "] for " + codec.id());
        }
        if (codec instanceof Format zlibFormat) {
            return deflate.create(zlibFormat, level);
        }
        return memory.reserve(codec.compressorMemory(level), "compress " + codec.id() + " level " + level,
                () -> codec.compressor(level));
    }

    private static String names(List<Codec> codecs) {
        return codecs.stream().map(Codec::id).collect(Collectors.joining(", "));
    }
}
