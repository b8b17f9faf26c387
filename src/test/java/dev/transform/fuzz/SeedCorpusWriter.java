package dev.transform.fuzz;

import static dev.transform.testing.TestData.jdkDeflate;
import static dev.transform.testing.TestData.jdkGzip;

import dev.transform.testing.ReferenceTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the committed seed corpus of the fuzz targets (the JDK made the compressed streams). It
 * runs only when asked, as the seeds are committed and a JDK with another zlib could write other
 * (equally valid) bytes:
 * {@code ./mvnw -B test -Dtest=SeedCorpusWriter -Dfuzz.writeSeeds=true}. Files it no longer writes
 * are not deleted; crash inputs kept as regression inputs live beside the seeds and stay.
 */
@EnabledIfSystemProperty(named = "fuzz.writeSeeds", matches = "true")
class SeedCorpusWriter {

    private static final Path RESOURCES = Path.of("src/test/resources/dev/transform/fuzz");

    // Decoder header bytes, see DecoderFuzzTest.
    private static final int BASE64 = 0;
    private static final int BASE64URL = 1;
    private static final int BASE32 = 2;
    private static final int HEX = 3;
    private static final int GZIP = 4;
    private static final int DEFLATE = 5;
    private static final int DEFLATE_RAW = 6;
    private static final int ZSTD = 7;
    private static final int LZ4 = 8;
    private static final int BROTLI = 9;
    private static final int BZIP2 = 10;
    private static final int SNAPPY = 11;
    private static final int XZ = 12;
    private static final int ONE_CHUNK = 0;
    private static final int SINGLE_BYTES = 1;
    private static final int FIXED = 2;
    private static final int RANDOM = 3;
    private static final int STRICT_WHITESPACE = 4;

    /** The index of {@code limit} in {@link DecoderFuzzTest#LIMITS}, in the header's bits 3-5. */
    private static int limit(long limit) {
        for (int i = 0; i < DecoderFuzzTest.LIMITS.length; i++) {
            if (DecoderFuzzTest.LIMITS[i] == limit) {
                return i << 3;
            }
        }
        throw new IllegalArgumentException("no such limit " + limit);
    }

    @Test
    void write() throws IOException {
        writeDecoderSeeds(RESOURCES.resolve("DecoderFuzzTestInputs/decoders"));
        writeFrameFormatSeeds(RESOURCES.resolve("DecoderFuzzTestInputs/decoders"));
        writeStepSeeds(RESOURCES.resolve("PipelineStepFuzzTestInputs/steps"));
    }

    private static void writeDecoderSeeds(Path dir) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(4648);
        byte[] hello = ascii("Hello, world!");
        byte[] noise = bytes(random, 300);
        byte[] text = ascii("the quick brown fox jumps over the lazy dog; ".repeat(40));

        // Text encodings: valid (padded, unpadded, wrapped, mixed case), and each way to be wrong.
        seed(dir, "base64-padded", BASE64, SINGLE_BYTES, 0, ascii(Base64.getEncoder().encodeToString(hello)));
        seed(dir, "base64-unpadded-random-chunks", BASE64, RANDOM, 7,
                ascii(Base64.getEncoder().withoutPadding().encodeToString(noise)));
        seed(dir, "base64-mime-crlf", BASE64, FIXED, 4, ascii(Base64.getMimeEncoder().encodeToString(noise)));
        seed(dir, "base64-whitespace-strict", BASE64, STRICT_WHITESPACE, 0, ascii("SGVs bG8="));
        seed(dir, "base64-bad-character", BASE64, ONE_CHUNK, 0, ascii("SGVs*G8="));
        seed(dir, "base64-one-char-last-block", BASE64, SINGLE_BYTES, 0, ascii("SGVsb"));
        seed(dir, "base64-data-after-padding", BASE64, FIXED, 1, ascii("AA==AA=="));
        seed(dir, "base64-short-padding", BASE64, ONE_CHUNK, 0, ascii("AA="));
        seed(dir, "base64-too-much-padding", BASE64, ONE_CHUNK, 0, ascii("AA==="));
        seed(dir, "base64-padding-only", BASE64, ONE_CHUNK, 0, ascii("===="));
        seed(dir, "base64-padding-then-whitespace", BASE64, SINGLE_BYTES, 0, ascii("QQ=\n= \r\n"));
        seed(dir, "base64-url-alphabet", BASE64, ONE_CHUNK, 0, ascii("-_-_"));
        seed(dir, "base64-high-bytes", BASE64, ONE_CHUNK, 0, new byte[] {'Q', 'Q', (byte) 0xc3, (byte) 0xa9});
        seed(dir, "base64url-unpadded", BASE64URL, RANDOM, 3,
                ascii(Base64.getUrlEncoder().withoutPadding().encodeToString(noise)));
        seed(dir, "base64url-padded", BASE64URL, SINGLE_BYTES, 0, ascii(Base64.getUrlEncoder().encodeToString(hello)));
        seed(dir, "base64url-standard-alphabet", BASE64URL, ONE_CHUNK, 0, ascii("+/+/"));
        seed(dir, "base32-padded", BASE32, SINGLE_BYTES, 0, ascii("MZXW6YTBOI======"));
        seed(dir, "base32-lower-unpadded", BASE32, FIXED, 2, ascii("mzxw6ytboi"));
        seed(dir, "base32-every-last-block", BASE32, RANDOM, 5, ascii("MY======\nMZXQ====\nMZXW6===\nMZXW6YQ=\n"));
        seed(dir, "base32-invalid-last-block", BASE32, ONE_CHUNK, 0, ascii("MZX"));
        seed(dir, "base32-short-padding", BASE32, ONE_CHUNK, 0, ascii("MZXW6YTBOI====="));
        seed(dir, "base32-digits-out-of-alphabet", BASE32, ONE_CHUNK, 0, ascii("MZ01"));
        seed(dir, "base32-long", BASE32, RANDOM, 11, ascii(Reference.encodeText(Reference.Decoder.BASE32, noise, true, false)));
        seed(dir, "hex-mixed-case", HEX, SINGLE_BYTES, 0, ascii("48656c6C6F2C20776F726C6421"));
        seed(dir, "hex-odd-digits", HEX, ONE_CHUNK, 0, ascii("abc"));
        seed(dir, "hex-with-padding", HEX, ONE_CHUNK, 0, ascii("ab=="));
        seed(dir, "hex-wrapped-strict", HEX, STRICT_WHITESPACE | FIXED, 1, ascii("0102\n0304"));
        seed(dir, "hex-long", HEX, RANDOM, 9, ascii(HexFormat.of().formatHex(noise)));

        // gzip: one and two members, every header field, and each way to be wrong.
        byte[] gzipHello = jdkGzip(hello);
        byte[] gzipText = jdkGzip(text);
        seed(dir, "gzip-hello", GZIP, SINGLE_BYTES, 0, gzipHello);
        seed(dir, "gzip-text-random-chunks", GZIP, RANDOM, 13, gzipText);
        seed(dir, "gzip-two-members", GZIP, FIXED, 16, concat(gzipHello, jdkGzip(noise)));
        seed(dir, "gzip-empty-member-then-member", GZIP, SINGLE_BYTES, 0, concat(jdkGzip(new byte[0]), gzipHello));
        byte[] allFlags = member(concat(new byte[] {0x1f, (byte) 0x8b, 8, 0x1e, 1, 2, 3, 4, 0, 3},
                new byte[] {3, 0, 'a', 'b', 'c'}, ascii("name.txt\0"), ascii("a comment\0")), hello, true);
        seed(dir, "gzip-header-extra-name-comment-hcrc", GZIP, SINGLE_BYTES, 0, allFlags);
        seed(dir, "gzip-header-name-only", GZIP, FIXED, 3,
                member(concat(new byte[] {0x1f, (byte) 0x8b, 8, 8, 0, 0, 0, 0, 0, 3}, ascii("x\0")), text, false));
        byte[] badHeaderCrc = allFlags.clone();
        badHeaderCrc[24] ^= 1;
        seed(dir, "gzip-bad-header-crc", GZIP, ONE_CHUNK, 0, badHeaderCrc);
        seed(dir, "gzip-reserved-flag", GZIP, ONE_CHUNK, 0, withByte(gzipHello, 3, 0x20));
        seed(dir, "gzip-method-not-deflate", GZIP, ONE_CHUNK, 0, withByte(gzipHello, 2, 7));
        seed(dir, "gzip-bad-magic", GZIP, ONE_CHUNK, 0, withByte(gzipHello, 1, 0x8c));
        seed(dir, "gzip-truncated-header", GZIP, SINGLE_BYTES, 0, Arrays.copyOf(gzipHello, 7));
        seed(dir, "gzip-truncated-data", GZIP, FIXED, 5, Arrays.copyOf(gzipText, gzipText.length / 2));
        seed(dir, "gzip-truncated-trailer", GZIP, SINGLE_BYTES, 0, Arrays.copyOf(gzipHello, gzipHello.length - 3));
        seed(dir, "gzip-bad-crc", GZIP, ONE_CHUNK, 0, withByte(gzipHello, gzipHello.length - 8, gzipHello[gzipHello.length - 8] ^ 1));
        seed(dir, "gzip-bad-isize", GZIP, ONE_CHUNK, 0, withByte(gzipHello, gzipHello.length - 1, 1));
        seed(dir, "gzip-trailing-zeros", GZIP, FIXED, 7, concat(gzipHello, new byte[4]));
        seed(dir, "gzip-trailing-partial-member", GZIP, FIXED, 7, concat(gzipHello, new byte[] {0x1f, (byte) 0x8b}));
        seed(dir, "gzip-corrupt-deflate", GZIP, ONE_CHUNK, 0, withByte(gzipText, 10, 0xff));
        byte[] zeros = new byte[2 << 20];
        seed(dir, "gzip-over-1mib-limit", GZIP, FIXED, 255, jdkGzip(zeros));
        seed(dir, "gzip-exactly-at-limit", GZIP, ONE_CHUNK | limit(65536), 0, jdkGzip(new byte[65536]));
        seed(dir, "gzip-one-over-limit", GZIP, ONE_CHUNK | limit(65535), 0, jdkGzip(new byte[65536]));
        seed(dir, "gzip-zero-limit", GZIP, ONE_CHUNK | limit(0), 0, gzipHello);
        seed(dir, "gzip-zero-limit-empty", GZIP, ONE_CHUNK | limit(0), 0, jdkGzip(new byte[0]));

        // zlib (deflate): levels 0, 1, 9; a preset dictionary; each way to be wrong.
        seed(dir, "deflate-level6", DEFLATE, SINGLE_BYTES, 0, jdkDeflate(text, 6, false));
        seed(dir, "deflate-stored", DEFLATE, RANDOM, 17, jdkDeflate(noise, 0, false));
        seed(dir, "deflate-fastest", DEFLATE, FIXED, 9, jdkDeflate(text, 1, false));
        seed(dir, "deflate-best", DEFLATE, ONE_CHUNK, 0, jdkDeflate(concat(text, noise, text), 9, false));
        seed(dir, "deflate-empty", DEFLATE, ONE_CHUNK, 0, jdkDeflate(new byte[0], 6, false));
        seed(dir, "deflate-preset-dictionary", DEFLATE, SINGLE_BYTES, 0, jdkDeflate(hello, 6, false, ascii("Hello")));
        byte[] zlibText = jdkDeflate(text, 6, false);
        seed(dir, "deflate-bad-adler", DEFLATE, ONE_CHUNK, 0, withByte(zlibText, zlibText.length - 1, zlibText[zlibText.length - 1] ^ 1));
        seed(dir, "deflate-bad-header-check", DEFLATE, ONE_CHUNK, 0, withByte(zlibText, 1, zlibText[1] ^ 1));
        seed(dir, "deflate-truncated", DEFLATE, FIXED, 3, Arrays.copyOf(zlibText, zlibText.length - 5));
        seed(dir, "deflate-trailing-byte", DEFLATE, SINGLE_BYTES, 0, concat(jdkDeflate(hello, 6, false), new byte[] {0}));
        seed(dir, "deflate-over-limit", DEFLATE, FIXED | limit(100), 200, jdkDeflate(new byte[4096], 9, false));
        seed(dir, "deflate-segment-edge", DEFLATE, ONE_CHUNK | limit(65537), 0, jdkDeflate(new byte[65537], 9, false));

        // Raw deflate: stored, fixed and dynamic blocks; hand-made blocks; each way to be wrong.
        seed(dir, "deflate-raw-level6", DEFLATE_RAW, RANDOM, 21, jdkDeflate(text, 6, true));
        seed(dir, "deflate-raw-stored", DEFLATE_RAW, SINGLE_BYTES, 0, jdkDeflate(hello, 0, true));
        seed(dir, "deflate-raw-empty-fixed-block", DEFLATE_RAW, ONE_CHUNK, 0, new byte[] {0x03, 0x00});
        seed(dir, "deflate-raw-empty-stored-block", DEFLATE_RAW, ONE_CHUNK, 0, new byte[] {0x01, 0x00, 0x00, (byte) 0xff, (byte) 0xff});
        seed(dir, "deflate-raw-stored-bad-length", DEFLATE_RAW, ONE_CHUNK, 0, new byte[] {0x01, 0x01, 0x00, (byte) 0xff, (byte) 0xff});
        seed(dir, "deflate-raw-reserved-block-type", DEFLATE_RAW, ONE_CHUNK, 0, new byte[] {0x07, 0x00});
        seed(dir, "deflate-raw-not-final", DEFLATE_RAW, SINGLE_BYTES, 0, new byte[] {0x02, 0x00});
        byte[] rawText = jdkDeflate(text, 9, true);
        seed(dir, "deflate-raw-truncated", DEFLATE_RAW, SINGLE_BYTES, 0, Arrays.copyOf(rawText, rawText.length - 1));
        seed(dir, "deflate-raw-trailing-garbage", DEFLATE_RAW, FIXED, 4, concat(rawText, ascii("garbage")));
        seed(dir, "deflate-raw-far-distance", DEFLATE_RAW, RANDOM, 33, jdkDeflate(concat(noise, new byte[40000], noise), 9, true));
    }

    private static void writeStepSeeds(Path dir) throws IOException {
        Files.createDirectories(dir);
        byte[] hello = ascii("Hello, world!");
        step(dir, "decode-base64-strict", "decode:base64,ignoreWhitespace=false", 0, ascii("SGVsbG8sIHdvcmxkIQ=="));
        step(dir, "decode-then-decompress", "decode:base64\ndecompress:gzip", 2,
                ascii(Base64.getMimeEncoder().encodeToString(jdkGzip(hello))));
        step(dir, "encode-hex-upper-lines", "encode:hex,case=upper,lineLength=8", 3, hello);
        step(dir, "encode-base32-unpadded", "encode:base32,padding=false,lineLength=1", 0, ascii("foobar"));
        step(dir, "compress-decompress-limit", "compress:deflate,level=9\ndecompress:deflate,maxOutputBytes=100", 0,
                new byte[1000]);
        step(dir, "compress-roundtrip", "compress:gzip,level=0\ndecompress:gzip\ncompress:deflate-raw\ndecompress:deflate-raw",
                5, hello);
        step(dir, "slice-tail", "slice:offset=-10,length=4", 1, ascii("abcdefghijklmnopqrstuvwxyz"));
        step(dir, "slice-digest", "slice:offset=2,length=3\ndigest:md5,algorithm=crc32,encoding=base64", 0, hello);
        step(dir, "digest-repeated", "digest:sha-256,algorithm=sha3-256,algorithm=crc32c", 0, hello);
        step(dir, "decode-invalid-input", "decode:hex\nencode:base64", 0, ascii("zz"));
        step(dir, "slice-tail-over-limit", "slice:offset=-4097", -1, null);
        step(dir, "digest-not-last", "digest\nencode:hex", -1, null);
        step(dir, "empty-step", "", -1, null);
        step(dir, "no-stage", ":base64", -1, null);
        step(dir, "empty-argument", "decode:base64,,ignoreWhitespace=true", -1, null);
        step(dir, "second-positional", "decode:base64,foo", -1, null);
        step(dir, "key-without-value", "decode:base64,ignoreWhitespace=", -1, null);
        step(dir, "value-without-key", "decode:base64,=x", -1, null);
        step(dir, "choice-twice", "decode:base64,encoding=hex", -1, null);
        step(dir, "choice-missing", "decode", -1, null);
        step(dir, "positional-for-slice", "slice:0", -1, null);
        step(dir, "level-out-of-range", "compress:gzip,level=10", -1, null);
        step(dir, "int32-overflow", "encode:base64,lineLength=2147483648", -1, null);
        step(dir, "int64-overflow", "slice:offset=9223372036854775808", -1, null);
        step(dir, "max-output-over-limit", "decompress:gzip,maxOutputBytes=1048577", -1, null);
        step(dir, "unknown-stage", "unknown:stage", -1, null);
        step(dir, "unknown-parameter", "encode:hex,colour=red", -1, null);
        step(dir, "six-steps", "slice\nslice\nslice\nslice\nslice\nslice", -1, null);
        step(dir, "single-decompress", "@single\ndecompress\nformat=gzip\nmaxOutputBytes=10", 0, jdkGzip(hello));
        step(dir, "single-digest-repeated", "@single\ndigest\nalgorithm=md5\nalgorithm=sha-256", 0, ascii("abc"));
        step(dir, "single-slice-tail", "@single\nslice\noffset=-100\nlength=5", 7, ascii("0123456789".repeat(20)));
        step(dir, "single-encode", "@single\nencode\nencoding=base32\npadding=false\nlineLength=3", 0, ascii("foobar"));
        step(dir, "single-unknown", "@single\nnope", -1, null);
        step(dir, "single-bad-boolean", "@single\ndecode\nencoding=hex\nignoreWhitespace=yes", -1, null);
    }

    /** zstd, lz4, brotli, bzip2 and xz, made by their reference CLIs, snappy by python's cramjam (the writer needs them installed). */
    private static void writeFrameFormatSeeds(Path dir) throws IOException {
        byte[] hello = ascii("hello, hello, hello frames");
        byte[] noise = new byte[3000];
        new Random(8878).nextBytes(noise);
        byte[] zstd = ReferenceTool.run(hello, "zstd", "-q", "-c");
        seed(dir, "zstd-hello", ZSTD, SINGLE_BYTES, 0, zstd);
        seed(dir, "zstd-two-frames-and-skippable", ZSTD, RANDOM, 5, concat(zstd,
                new byte[] {0x5f, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 'h', 'i'}, ReferenceTool.run(noise, "zstd", "-q", "-c", "-19")));
        seed(dir, "zstd-no-checksum", ZSTD, FIXED, 6, ReferenceTool.run(noise, "zstd", "-q", "-c", "--no-check"));
        seed(dir, "zstd-over-limit", ZSTD, FIXED | limit(65536), 100, ReferenceTool.run(new byte[200_000], "zstd", "-q", "-c"));
        seed(dir, "zstd-trailing-garbage", ZSTD, ONE_CHUNK, 0, concat(zstd, ascii("junk")));
        byte[] lz4 = ReferenceTool.run(hello, "lz4", "-q", "-c");
        seed(dir, "lz4-hello", LZ4, SINGLE_BYTES, 0, lz4);
        seed(dir, "lz4-block-checksums-64k", LZ4, RANDOM, 9, ReferenceTool.run(noise, "lz4", "-q", "-c", "-BX", "-B4",
                "--content-size"));
        seed(dir, "lz4-two-frames", LZ4, FIXED, 2, concat(lz4, ReferenceTool.run(noise, "lz4", "-q", "-c", "-9")));
        seed(dir, "lz4-over-limit", LZ4, ONE_CHUNK | limit(100), 0, ReferenceTool.run(new byte[5000], "lz4", "-q", "-c"));
        byte[] brotli = ReferenceTool.run(hello, "brotli", "-c");
        seed(dir, "brotli-hello", BROTLI, SINGLE_BYTES, 0, brotli);
        seed(dir, "brotli-noise", BROTLI, RANDOM, 3, ReferenceTool.run(noise, "brotli", "-c", "-q", "4"));
        seed(dir, "brotli-over-limit", BROTLI, FIXED | limit(65535), 50, ReferenceTool.run(new byte[100_000], "brotli", "-c"));
        seed(dir, "brotli-trailing-garbage", BROTLI, ONE_CHUNK, 0, concat(brotli, ascii("junk")));
        byte[] bzip2 = ReferenceTool.run(hello, "bzip2", "-c");
        seed(dir, "bzip2-hello", BZIP2, SINGLE_BYTES, 0, bzip2);
        seed(dir, "bzip2-two-streams", BZIP2, RANDOM, 7, concat(bzip2, ReferenceTool.run(noise, "bzip2", "-c", "-1")));
        seed(dir, "bzip2-over-limit", BZIP2, FIXED | limit(65536), 30, ReferenceTool.run(new byte[200_000], "bzip2", "-c"));
        seed(dir, "bzip2-trailing-garbage", BZIP2, ONE_CHUNK, 0, concat(bzip2, ascii("junk")));
        byte[] xz = ReferenceTool.run(hello, "xz", "-c");
        seed(dir, "xz-hello", XZ, SINGLE_BYTES, 0, xz);
        seed(dir, "xz-padding-and-two-streams", XZ, RANDOM, 11, concat(xz, new byte[4],
                ReferenceTool.run(noise, "xz", "-c", "-0", "--check=sha256")));
        seed(dir, "xz-over-limit", XZ, FIXED | limit(65537), 40, ReferenceTool.run(new byte[300_000], "xz", "-c"));
        seed(dir, "xz-trailing-garbage", XZ, ONE_CHUNK, 0, concat(xz, ascii("junk")));
        String cramjam = "import sys, cramjam; sys.stdout.buffer.write(bytes(cramjam.snappy.compress(sys.stdin.buffer.read())))";
        byte[] snappy = ReferenceTool.run(hello, "python3", "-c", cramjam);
        seed(dir, "snappy-hello", SNAPPY, SINGLE_BYTES, 0, snappy);
        seed(dir, "snappy-noise-padding-and-second-stream", SNAPPY, RANDOM, 4, concat(ReferenceTool.run(noise, "python3", "-c",
                cramjam), new byte[] {(byte) 0xfe, 2, 0, 0, 0, 0}, snappy));
        seed(dir, "snappy-over-limit", SNAPPY, FIXED | limit(100), 9, ReferenceTool.run(new byte[5000], "python3", "-c", cramjam));
        seed(dir, "snappy-trailing-garbage", SNAPPY, ONE_CHUNK, 0, concat(snappy, ascii("junk")));
    }

    private static void seed(Path dir, String name, int decoder, int options, int param, byte[] payload) throws IOException {
        Files.write(dir.resolve(name), concat(new byte[] {(byte) decoder, (byte) options, (byte) param}, payload));
    }

    /** A step seed: steps, then (unless {@code chunkParam} is negative) a NUL, the chunk byte and the run's input. */
    private static void step(Path dir, String name, String steps, int chunkParam, byte[] body) throws IOException {
        byte[] text = steps.getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve(name), chunkParam < 0 ? text : concat(text, new byte[] {0, (byte) chunkParam}, body));
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] withByte(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) value;
        return copy;
    }

    /** A gzip member with the given header (its CRC16 appended when {@code headerCrc}), the data deflated, and the trailer. */
    static byte[] member(byte[] header, byte[] data, boolean headerCrc) {
        byte[] head = header;
        if (headerCrc) {
            CRC32 crc = new CRC32();
            crc.update(header);
            head = concat(header, new byte[] {(byte) crc.getValue(), (byte) (crc.getValue() >>> 8)});
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        return concat(head, jdkDeflate(data, 6, true), littleEndian((int) crc.getValue()), littleEndian(data.length));
    }

    private static byte[] littleEndian(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }

}
