package dev.transform.compress;

import dev.transform.catalogue.MediaTypes;
import dev.transform.engine.Stage;

/**
 * The zlib formats: gzip (RFC 1952), zlib (RFC 1950, HTTP's "deflate") and raw deflate (RFC 1951),
 * all made and read by the JDK's zlib.
 */
public enum Format implements Codec {
    GZIP("gzip", "gzip (RFC 1952; concatenated members are read, as gzip(1) does)", MediaTypes.GZIP,
            Sniffer.prefix(0x1f, 0x8b)),
    DEFLATE("deflate", "deflate (the zlib wrapper, RFC 1950, as HTTP's deflate)", MediaTypes.BINARY, Format::isZlibHeader),
    DEFLATE_RAW("deflate-raw", "deflate-raw (RFC 1951, no wrapper)", MediaTypes.BINARY, null);

    private static final Levels LEVELS = new Levels(0, 9, 6, "0 stores, 1 fastest, 9 smallest");

    private final String id;
    private final String description;
    private final String mediaType;
    private final Sniffer sniffer;

    Format(String id, String description, String mediaType, Sniffer sniffer) {
        this.id = id;
        this.description = description;
        this.mediaType = mediaType;
        this.sniffer = sniffer;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String mediaType() {
        return mediaType;
    }

    @Override
    public Levels levels() {
        return LEVELS;
    }

    @Override
    public Stage compressor(int level) {
        return new CompressStage(this, level);
    }

    @Override
    public Stage decompressor(long maxOutputBytes, int maxRatio) {
        return this == GZIP ? new GzipDecompressStage(maxOutputBytes, maxRatio) : new InflateStage(this, maxOutputBytes, maxRatio);
    }

    @Override
    public Sniffer sniffer() {
        return sniffer;
    }

    /** Whether zlib itself adds no header and checksum (gzip frames raw deflate data itself). */
    boolean isRawDeflate() {
        return this != DEFLATE;
    }

    /**
     * A zlib header (RFC 1950 §2.2): method 8 (deflate) with a window of at most 32 KiB, and the two
     * bytes a multiple of 31. Raw deflate has no header, so it is never recognised.
     */
    private static boolean isZlibHeader(byte[] head, int length) {
        if (length < 2) {
            return false;
        }
        int cmf = head[0] & 0xff;
        int flg = head[1] & 0xff;
        return (cmf & 0x0f) == 8 && (cmf >>> 4) <= 7 && (cmf << 8 | flg) % 31 == 0;
    }

    public static Format byId(String id) {
        for (Format format : values()) {
            if (format.id.equals(id)) {
                return format;
            }
        }
        return null;
    }
}
