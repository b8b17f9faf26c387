package dev.transform.catalogue;

/** The output media types the contract names. */
public final class MediaTypes {
    public static final String BINARY = "application/octet-stream";
    public static final String TEXT = "text/plain; charset=US-ASCII";
    public static final String GZIP = "application/gzip";
    public static final String JSON = "application/json";
    public static final String PROBLEM = "application/problem+json";

    private MediaTypes() {
    }
}
