package dev.transform.compress;

/** The compressed formats: gzip (RFC 1952), zlib (RFC 1950, HTTP's "deflate") and raw deflate (RFC 1951). */
public enum Format {
    GZIP("gzip"),
    DEFLATE("deflate"),
    DEFLATE_RAW("deflate-raw");

    private final String id;

    Format(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Whether zlib itself adds no header and checksum (gzip frames raw deflate data itself). */
    boolean isRawDeflate() {
        return this != DEFLATE;
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
