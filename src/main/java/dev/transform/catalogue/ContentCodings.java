package dev.transform.catalogue;

import dev.transform.engine.TransformException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request's {@code Content-Encoding} (RFC 9110 §8.4), read as the decompress formats that undo
 * it, in the order they must run: the codings were applied in the order listed, so they are undone
 * last to first. {@code identity} (and an empty list) is no coding at all.
 */
final class ContentCodings {

    /** The codings the service decodes, as a 415 names them in {@code Accept-Encoding}. */
    static final String ACCEPTED = "gzip, deflate, br, zstd";

    /**
     * Most codings one request may stack. Each is a decompress stage with its own output limit, so
     * the bound is on the inflaters (and their native memory) a single request can make the service hold.
     */
    static final int MAX_CODINGS = 4;

    /**
     * The coding names and the decompress format of each; x-gzip is gzip (RFC 9110 §8.4.1.3), br is
     * brotli (RFC 7932) and zstd is zstd (RFC 8878 §7.2), as IANA's content coding registry names them.
     */
    private static final Map<String, String> FORMATS = Map.of("gzip", "gzip", "x-gzip", "gzip", "deflate", "deflate",
            "br", "brotli", "zstd", "zstd");

    private ContentCodings() {
    }

    /** The decompress formats for the {@code Content-Encoding} field lines {@code fieldValues}, first to run first. */
    static List<Coding> toDecode(List<String> fieldValues) {
        List<Coding> codings = new ArrayList<>();
        for (String fieldValue : fieldValues) {
            for (String element : fieldValue.split(",", -1)) {
                String name = element.trim().toLowerCase(Locale.ROOT);
                if (name.isEmpty() || name.equals("identity")) {
                    continue;
                }
                String format = FORMATS.get(name);
                if (format == null) {
                    throw TransformException.unsupportedMediaType("the request's Content-Encoding "
                            + Quoted.shortened(element.trim(), 40) + " is not supported; the supported codings are "
                            + ACCEPTED + " (and identity)");
                }
                codings.add(0, new Coding(name, format));
            }
        }
        if (codings.size() > MAX_CODINGS) {
            throw TransformException.unsupportedMediaType("the request's Content-Encoding stacks " + codings.size()
                    + " codings; at most " + MAX_CODINGS + " of " + ACCEPTED + " are decoded");
        }
        return codings;
    }

    /** One coding to undo: its name as the request wrote it (lower case) and the decompress format that undoes it. */
    record Coding(String name, String format) {
    }
}
