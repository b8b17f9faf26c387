package dev.transform.compress;

import dev.transform.catalogue.MediaTypes;
import dev.transform.catalogue.Param;
import dev.transform.catalogue.StageDefinition;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The {@code compress} and {@code decompress} stages. */
public final class CompressionDefinitions {

    private static final Param FORMAT = Param.choice("format",
            "gzip (RFC 1952), deflate (zlib wrapper, RFC 1950, as HTTP's deflate) or deflate-raw (RFC 1951)", null,
            Arrays.stream(Format.values()).map(Format::id).toList());

    private CompressionDefinitions() {
    }

    /** @param deflate makes the stage for a format and level (single-threaded, or on several cores) */
    public static StageDefinition compress(DeflateStageFactory deflate) {
        return new StageDefinition("compress", "Compresses to gzip, deflate (zlib) or raw deflate.", FORMAT,
                List.of(Param.integer("level", Param.Kind.INT32, "Compression level: 0 none, 1 fastest, 9 smallest",
                        "6", 0L, 9L)),
                Map.of("gzip", MediaTypes.GZIP, StageDefinition.ANY_CHOICE, MediaTypes.BINARY), false,
                arguments -> deflate.create(Format.byId(arguments.get("format")), arguments.getInt("level")));
    }

    public static StageDefinition decompress(long maxDecompressedSize, int maxRatio) {
        return new StageDefinition("decompress",
                "Decompresses gzip (concatenated members accepted, as gzip(1) does), deflate (zlib) or raw deflate;"
                        + " checksums are verified and data after the end is rejected.",
                FORMAT,
                List.of(Param.integer("maxOutputBytes", Param.Kind.INT64,
                        "Most bytes to output; a request may lower the configured maximum, never raise it",
                        String.valueOf(maxDecompressedSize), 0L, maxDecompressedSize)),
                Map.of(StageDefinition.ANY_CHOICE, MediaTypes.BINARY), false,
                arguments -> {
                    Format format = Format.byId(arguments.get("format"));
                    long max = arguments.getLong("maxOutputBytes");
                    return format == Format.GZIP ? new GzipDecompressStage(max, maxRatio)
                            : new InflateStage(format, max, maxRatio);
                });
    }
}
