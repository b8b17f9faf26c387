package dev.transform.compress.snappy;

import dev.transform.catalogue.MediaTypes;
import dev.transform.compress.Codec;
import dev.transform.compress.Sniffer;
import dev.transform.digest.Crc32c;
import dev.transform.engine.Stage;
import java.util.zip.Checksum;

/**
 * Snappy's framing format (google/snappy framing_format.txt, what python-snappy's streams, cramjam
 * and Hadoop write): chunks of at most 64 KiB, each with the masked CRC-32C of its data; the blocks
 * inside are coded by Netty's pure-Java {@code Snappy}. The encoder has no settings, so no level.
 */
public final class SnappyCodec implements Codec {

    /** The stream identifier chunk every stream starts with (and that may recur where streams are concatenated). */
    static final byte[] STREAM_IDENTIFIER = {(byte) 0xff, 6, 0, 0, 's', 'N', 'a', 'P', 'p', 'Y'};

    /** The most data one chunk carries, uncompressed. */
    static final int MAX_CHUNK_DATA = 65536;

    static final int COMPRESSED = 0x00;
    static final int UNCOMPRESSED = 0x01;

    @Override
    public String id() {
        return "snappy";
    }

    @Override
    public String description() {
        return "snappy (the framing format, CRC-32C checked; concatenated streams are read)";
    }

    /** The contract's: snappy's framing format has no media type in common use, registered or not. */
    @Override
    public String mediaType() {
        return MediaTypes.BINARY;
    }

    @Override
    public Levels levels() {
        return null;
    }

    @Override
    public Stage compressor(int level) {
        return new SnappyCompressStage();
    }

    @Override
    public Stage decompressor(long maxOutputBytes, int maxRatio) {
        return new SnappyDecompressStage(maxOutputBytes, maxRatio);
    }

    @Override
    public Sniffer sniffer() {
        return Sniffer.prefix(0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y');
    }

    /** The framing format's checksum of {@code data[offset, offset + length)}: CRC-32C, rotated and offset ("masked"). */
    static int maskedCrc(byte[] data, int offset, int length) {
        Checksum crc = Crc32c.create();
        crc.update(data, offset, length);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + 0xa282ead8;
    }
}
