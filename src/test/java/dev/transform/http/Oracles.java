package dev.transform.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Expected outputs, computed with the JDK and not with the service's code: java.util.Base64,
 * HexFormat, java.util.zip and MessageDigest. Base32 has no JDK codec, so it is written here the
 * plain way (a big bit buffer, 5 bits at a time) and itself checked against RFC 4648 §10.
 */
final class Oracles {

    private Oracles() {
    }

    static String encode(String encoding, byte[] data, boolean padding, boolean upper) {
        return switch (encoding) {
            case "base64" -> padding ? Base64.getEncoder().encodeToString(data)
                    : Base64.getEncoder().withoutPadding().encodeToString(data);
            case "base64url" -> padding ? Base64.getUrlEncoder().encodeToString(data)
                    : Base64.getUrlEncoder().withoutPadding().encodeToString(data);
            case "base32" -> base32(data, padding);
            case "hex" -> upper ? HexFormat.of().withUpperCase().formatHex(data) : HexFormat.of().formatHex(data);
            default -> throw new IllegalArgumentException(encoding);
        };
    }

    static String base32(byte[] data, boolean padding) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = buffer << 8 | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.append(alphabet.charAt(buffer >>> bits & 31));
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0) {
            out.append(alphabet.charAt(buffer << (5 - bits) & 31));
        }
        while (padding && out.length() % 8 != 0) {
            out.append('=');
        }
        return out.toString();
    }

    /** Lines of {@code lineLength} characters joined by LF, no LF at the end. */
    static String lines(String text, int lineLength) {
        if (lineLength == 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i += lineLength) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(text, i, Math.min(text.length(), i + lineLength));
        }
        return out.toString();
    }

    static byte[] decode(String encoding, String text) {
        return switch (encoding) {
            case "base64" -> Base64.getMimeDecoder().decode(text);
            case "base64url" -> Base64.getUrlDecoder().decode(text.replaceAll("\\s", ""));
            case "hex" -> HexFormat.of().parseHex(text.replaceAll("\\s", ""));
            default -> throw new IllegalArgumentException(encoding);
        };
    }

    // ---- compression ----

    static byte[] gzip(byte[] data) {
        return dev.transform.testing.TestData.jdkGzip(data);
    }

    static byte[] zlib(byte[] data, int level) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(level);
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, deflater)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    static byte[] rawDeflate(byte[] data, int level) {
        return dev.transform.testing.TestData.jdkDeflate(data, level, true);
    }

    static byte[] compress(String format, byte[] data) {
        return switch (format) {
            case "gzip" -> gzip(data);
            case "deflate" -> zlib(data, Deflater.DEFAULT_COMPRESSION);
            case "deflate-raw" -> rawDeflate(data, Deflater.DEFAULT_COMPRESSION);
            default -> throw new IllegalArgumentException(format);
        };
    }

    /** Decompresses with the JDK, failing if the stream is incomplete or followed by anything. */
    static byte[] decompress(String format, byte[] data) {
        try {
            return switch (format) {
                case "gzip" -> {
                    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
                        yield in.readAllBytes();
                    }
                }
                case "deflate" -> inflate(data, false);
                case "deflate-raw" -> inflate(data, true);
                default -> throw new IllegalArgumentException(format);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] inflate(byte[] data, boolean raw) throws IOException {
        Inflater inflater = new Inflater(raw);
        try {
            // InflaterInputStream for zlib, as a client would; a bare Inflater for raw data, so that
            // what is left after the stream can be checked too.
            if (!raw) {
                try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(data), inflater)) {
                    byte[] out = in.readAllBytes();
                    if (!inflater.finished() || inflater.getRemaining() != 0) {
                        throw new IOException("zlib stream unfinished or followed by data");
                    }
                    return out;
                }
            }
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && !inflater.finished() && inflater.needsInput()) {
                    throw new IOException("raw deflate stream is truncated");
                }
                out.write(buffer, 0, n);
            }
            if (inflater.getRemaining() != 0) {
                throw new IOException("raw deflate stream is followed by data");
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IOException(e);
        } finally {
            inflater.end();
        }
    }

    // ---- digests ----

    static byte[] digest(String algorithm, byte[] data) {
        return switch (algorithm) {
            case "crc32" -> {
                CRC32 crc = new CRC32();
                crc.update(data);
                yield ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
            }
            case "crc32c" -> {
                CRC32C crc = new CRC32C();
                crc.update(data);
                yield ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
            }
            default -> {
                try {
                    yield java.security.MessageDigest.getInstance(algorithm.toUpperCase()).digest(data);
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
