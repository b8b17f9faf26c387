package dev.transform.catalogue;

/** The output media types the contract names. */
public final class MediaTypes {
    public static final String BINARY = "application/octet-stream";
    public static final String TEXT = "text/plain; charset=US-ASCII";
    public static final String GZIP = "application/gzip";
    /** RFC 8878 §7.1. */
    public static final String ZSTD = "application/zstd";
    /** Not registered with IANA; what brotli tools and servers use. */
    public static final String BROTLI = "application/x-brotli";
    /** Not registered with IANA; what lz4 tools and servers use. */
    public static final String LZ4 = "application/x-lz4";
    /** Not registered with IANA; what bzip2 tools and servers use. */
    public static final String BZIP2 = "application/x-bzip2";
    /** Not registered with IANA; what xz(1) and servers use. */
    public static final String XZ = "application/x-xz";
    public static final String JSON = "application/json";
    public static final String PROBLEM = "application/problem+json";

    private MediaTypes() {
    }
}
