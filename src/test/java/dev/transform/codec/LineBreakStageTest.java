package dev.transform.codec;

import static dev.transform.testing.TestData.ascii;
import static dev.transform.testing.TestData.assertAllChunkings;
import static dev.transform.testing.TestData.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.transform.engine.Pipeline;
import dev.transform.engine.Stage;
import dev.transform.engine.StageHarness;
import dev.transform.testing.TestData;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LineBreakStageTest {

    /** The obvious definition: a LF before every character whose index is a positive multiple of the line length. */
    private static byte[] reference(byte[] text, int lineLength) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length; i++) {
            if (i > 0 && i % lineLength == 0) {
                out.append('\n');
            }
            out.append((char) text[i]);
        }
        return ascii(out.toString());
    }

    @Test
    void emptyInputGivesNoLines() {
        assertArrayEquals(new byte[0], StageHarness.run(new LineBreakStage(4), List.of()));
        assertArrayEquals(new byte[0], StageHarness.run(new LineBreakStage(4), List.of(new byte[0], new byte[0])));
    }

    @Test
    void noFinalLineFeed() {
        assertAllChunkings(ascii("abcd\nefgh"), () -> new LineBreakStage(4), ascii("abcdefgh"));
        assertAllChunkings(ascii("abcd\nefgh\ni"), () -> new LineBreakStage(4), ascii("abcdefghi"));
        assertAllChunkings(ascii("abc"), () -> new LineBreakStage(4), ascii("abc"));
        assertAllChunkings(ascii("a\nb\nc"), () -> new LineBreakStage(1), ascii("abc"));
    }

    @Test
    void matchesTheReferenceForRandomLengthsAndChunkings() {
        for (long seed : TestData.SEEDS) {
            Random random = new Random(seed);
            for (int round = 0; round < 50; round++) {
                byte[] text = ascii(Base64.getEncoder().encodeToString(randomBytes(random, random.nextInt(400))));
                int lineLength = 1 + random.nextInt(100);
                assertAllChunkings(reference(text, lineLength), () -> new LineBreakStage(lineLength), text);
            }
        }
    }

    /**
     * encode:base64,lineLength=76 is MIME's layout with LF; the JDK's MIME encoder is the oracle. Both
     * encoder paths: the JDK's hands on most chunks as two parts (see EncodeStage), which this stage
     * must take in order.
     */
    @Test
    void base64WithLineBreaksMatchesTheJdkMimeEncoder() {
        Random random = new Random(76);
        for (boolean intrinsic : new boolean[] {false, true}) {
            Supplier<Stage> encoder = () -> new EncodeStage(Encoding.BASE64, true, false, JdkBase64.encoderFor(Encoding.BASE64, intrinsic));
            for (int lineLength : new int[] {4, 64, 76}) {
                Base64.Encoder mime = Base64.getMimeEncoder(lineLength, new byte[] {'\n'});
                for (int round = 0; round < 20; round++) {
                    byte[] data = randomBytes(random, random.nextInt(2000));
                    assertAllChunkings(mime.encode(data), () -> new Pipeline(List.of(encoder.get(), new LineBreakStage(lineLength))), data);
                }
            }
            byte[] large = randomBytes(random, 2 * 1024 * 1024);
            assertAllChunkings(Base64.getMimeEncoder(76, new byte[] {'\n'}).encode(large),
                    () -> new Pipeline(List.of(encoder.get(), new LineBreakStage(76))), large);
        }
    }
}
