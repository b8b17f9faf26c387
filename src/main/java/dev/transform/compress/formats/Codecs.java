package dev.transform.compress.formats;

import dev.transform.compress.Codec;
import dev.transform.compress.Format;
import dev.transform.compress.brotli.BrotliCodec;
import dev.transform.compress.bzip2.Bzip2Codec;
import dev.transform.compress.lz4.Lz4Codec;
import dev.transform.compress.snappy.SnappyCodec;
import dev.transform.compress.xz.XzCodec;
import dev.transform.compress.zstd.ZstdCodec;
import java.util.List;

/**
 * Every compressed format the service speaks, in the order the documentation lists them. A static
 * list rather than CDI beans: the OpenAPI document is built from the same definitions at build time,
 * where there is no container. A new format is its own package under {@code compress} and a line here.
 */
public final class Codecs {

    public static final List<Codec> ALL = List.of(Format.GZIP, Format.DEFLATE, Format.DEFLATE_RAW,
            new ZstdCodec(), new BrotliCodec(), new Lz4Codec(), new Bzip2Codec(), new XzCodec(), new SnappyCodec());

    private Codecs() {
    }

    /** The codec named {@code id}, or {@code null}. */
    public static Codec byId(String id) {
        return ALL.stream().filter(codec -> codec.id().equals(id)).findFirst().orElse(null);
    }
}
