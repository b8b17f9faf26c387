package dev.transform.codec;

import dev.transform.catalogue.MediaTypes;
import dev.transform.catalogue.Param;
import dev.transform.catalogue.StageDefinition;
import dev.transform.catalogue.StageFamily;
import dev.transform.catalogue.StageSettings;
import dev.transform.engine.Pipeline;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The {@code encode} and {@code decode} stages. */
@RegisterForReflection // made by ServiceLoader, in the native executable too
public final class CodecDefinitions implements StageFamily {

    private static final Param ENCODING = Param.choice("encoding", "The text encoding (RFC 4648)", null,
            Arrays.stream(Encoding.values()).map(Encoding::id).toList());

    /** Made by {@link java.util.ServiceLoader}, as every {@link StageFamily}. */
    public CodecDefinitions() {
    }

    @Override
    public List<StageDefinition> definitions(StageSettings settings) {
        return List.of(encode(), decode());
    }

    public static StageDefinition encode() {
        return new StageDefinition("encode", "Encodes bytes as base64, base64url, base32 or hex text.", ENCODING,
                List.of(Param.bool("padding", "Pad the last block with '=' (ignored for hex)", true),
                        Param.integer("lineLength", Param.Kind.INT32,
                                "Break the text into lines of this many characters joined by LF; 0: one line", "0", 0L,
                                (long) Integer.MAX_VALUE),
                        Param.choice("case", "Letter case of hex digits (hex only)", "lower", List.of("lower", "upper"))),
                Map.of(StageDefinition.ANY_CHOICE, MediaTypes.TEXT), false,
                arguments -> {
                    Encoding encoding = Encoding.byId(arguments.get("encoding"));
                    // case is a hex parameter, ignored elsewhere as padding is for hex: upper-casing the
                    // base64 or base32 alphabet would produce text no decoder reads as the same bytes.
                    boolean upperCase = encoding == Encoding.HEX && arguments.get("case").equals("upper");
                    EncodeStage encode = new EncodeStage(encoding, arguments.getBoolean("padding"), upperCase);
                    int lineLength = arguments.getInt("lineLength");
                    return lineLength == 0 ? encode : new Pipeline(List.of(encode, new LineBreakStage(lineLength)));
                });
    }

    public static StageDefinition decode() {
        return new StageDefinition("decode",
                "Decodes base64, base64url, base32 or hex text to bytes; padding is optional; base32 and hex ignore"
                        + " letter case.",
                ENCODING,
                List.of(Param.bool("ignoreWhitespace", "Skip CR, LF, space and tab", true)),
                Map.of(StageDefinition.ANY_CHOICE, MediaTypes.BINARY), false,
                arguments -> new DecodeStage(Encoding.byId(arguments.get("encoding")),
                        arguments.getBoolean("ignoreWhitespace")));
    }
}
