package dev.transform.compress.formats;

import dev.transform.compress.Codec;
import dev.transform.compress.Sniffer;
import dev.transform.engine.Bytes;
import dev.transform.engine.Stage;
import dev.transform.engine.TransformException;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;
import java.util.function.BiConsumer;

/**
 * {@code decompress/auto}: reads the first bytes (at most {@link Sniffer#HEAD_LENGTH}, however they
 * are chunked), picks the format whose magic number they start with, and hands everything to that
 * format's decompressor. The format it picked is the {@value #HEADER} response header.
 */
public final class AutoDecompressStage implements Stage {

    static final String ID = "auto";

    /** The response header that names the format found. */
    public static final String HEADER = "Transform-Detected-Format";

    /** The formats auto recognises by their magic numbers, and those it cannot (they have none). */
    private static final String RECOGNISED = idsOf(true, ", ");
    private static final String UNRECOGNISABLE = idsOf(false, " and ");

    /** What auto recognises, for the documentation. */
    static final String SNIFFED = RECOGNISED + " (zstd's skippable frames too) are recognised by their magic numbers,"
            + " and the format found is the " + HEADER + " response header; " + Signature.described()
            + " recognised but not decompressed (a 422 names them); " + UNRECOGNISABLE + " have no magic number, so name them";

    private final long maxOutputBytes;
    private final int maxRatio;
    private final byte[] head = new byte[Sniffer.HEAD_LENGTH];
    private int headLength;
    private Buffer rest;
    private boolean inputEnded;
    private boolean endPassed;
    private Stage format;
    private String detected;
    private Runnable wakeUp = () -> { };

    AutoDecompressStage(long maxOutputBytes, int maxRatio) {
        this.maxOutputBytes = maxOutputBytes;
        this.maxRatio = maxRatio;
    }

    @Override
    public void accept(Buffer chunk) {
        if (format != null) {
            format.accept(chunk);
            return;
        }
        Bytes bytes = Bytes.of(chunk);
        int n = Math.min(head.length - headLength, bytes.length());
        System.arraycopy(bytes.array(), bytes.offset(), head, headLength, n);
        headLength += n;
        rest = n < bytes.length() ? chunk.slice(n, bytes.length()) : null;
    }

    @Override
    public void endOfInput() {
        inputEnded = true;
        if (format != null && rest == null) {
            endPassed = true;
            format.endOfInput();
        }
    }

    @Override
    public Buffer poll() {
        if (format == null) {
            if (headLength < head.length && !inputEnded) {
                return null;
            }
            start(detect());
        }
        while (true) {
            Buffer out = format.poll();
            if (out != null || format.isFinished()) {
                return out;
            }
            if (!format.wantsInput()) {
                // A format that decodes on its own thread (xz) wakes the driver, through the wake-up passed on.
                return null;
            }
            if (rest != null) {
                Buffer next = rest;
                rest = null;
                format.accept(next);
            } else if (inputEnded && !endPassed) {
                endPassed = true;
                format.endOfInput();
            } else {
                return null;
            }
        }
    }

    private Codec detect() {
        if (headLength == 0) {
            throw TransformException.invalidInput("no data to recognise a compressed format in", 0);
        }
        for (Codec codec : Codecs.ALL) {
            if (codec.sniffer() != null && codec.sniffer().matches(head, headLength)) {
                return codec;
            }
        }
        for (Signature signature : Signature.values()) {
            if (signature.sniffer().matches(head, headLength)) {
                throw TransformException.invalidInput("the data is " + signature.description()
                        + ", which is recognised but not decompressed here", 0);
            }
        }
        throw TransformException.invalidInput("no supported compressed format starts with the bytes "
                + HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(headLength, 8))
                + "; decompress/auto recognises " + RECOGNISED + " (name " + UNRECOGNISABLE + ")", 0);
    }

    private static String idsOf(boolean sniffable, String delimiter) {
        return Codecs.ALL.stream().filter(codec -> (codec.sniffer() != null) == sniffable).map(Codec::id)
                .collect(Collectors.joining(delimiter));
    }

    private void start(Codec codec) {
        detected = codec.id();
        format = codec.decompressor(maxOutputBytes, maxRatio);
        format.wakeUpWith(wakeUp);
        format.accept(Bytes.wrap(head.clone(), 0, headLength));
    }

    @Override
    public void responseHeaders(BiConsumer<String, String> header) {
        if (detected != null) {
            header.accept(HEADER, detected);
        }
    }

    @Override
    public boolean isFinished() {
        return format != null && format.isFinished();
    }

    @Override
    public boolean wantsInput() {
        return format == null || !inputEnded && format.wantsInput();
    }

    @Override
    public void wakeUpWith(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    @Override
    public void release() {
        if (format != null) {
            format.release();
        }
    }

    /** Formats recognised by their magic numbers but not decompressed (yet): named in the 422. */
    private enum Signature {
        LZ4_LEGACY("lz4 (legacy format, lz4 -l)", Sniffer.prefix(0x02, 0x21, 0x4c, 0x18));

        private final String description;
        private final Sniffer sniffer;

        /** Their names, for the documentation. */
        static String described() {
            String names = Arrays.stream(values()).map(Signature::description)
                    .collect(Collectors.joining(", "));
            return names + (values().length == 1 ? " is" : " are");
        }

        Signature(String description, Sniffer sniffer) {
            this.description = description;
            this.sniffer = sniffer;
        }

        String description() {
            return description;
        }

        Sniffer sniffer() {
            return sniffer;
        }
    }
}
