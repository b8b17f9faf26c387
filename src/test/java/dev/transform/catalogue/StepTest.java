package dev.transform.catalogue;

import static dev.transform.testing.TestData.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.transform.engine.ProblemType;
import dev.transform.engine.TransformException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepTest {

    private static TransformException assertMalformed(String text) {
        TransformException e = assertFails(ProblemType.BAD_REQUEST, () -> Step.parse(text));
        assertTrue(e.detail().startsWith("malformed step"), e.detail());
        return e;
    }

    @Test
    void stageAlone() {
        Step step = Step.parse("digest");
        assertEquals("digest", step.stage());
        assertNull(step.choice());
        assertEquals(Map.of(), step.keyed());
    }

    @Test
    void positionalChoice() {
        Step step = Step.parse("encode:base64");
        assertEquals("encode", step.stage());
        assertEquals("base64", step.choice());
        assertEquals(Map.of(), step.keyed());
    }

    @Test
    void choiceAndKeyedArguments() {
        Step step = Step.parse("compress:gzip,level=9");
        assertEquals("compress", step.stage());
        assertEquals("gzip", step.choice());
        assertEquals(Map.of("level", List.of("9")), step.keyed());
    }

    @Test
    void keyedArgumentsOnly() {
        Step step = Step.parse("slice:offset=-10,length=3");
        assertNull(step.choice());
        assertEquals(Map.of("offset", List.of("-10"), "length", List.of("3")), step.keyed());
    }

    @Test
    void repeatedKeysKeepEveryValueInOrder() {
        Step step = Step.parse("digest:md5,algorithm=sha-1,algorithm=crc32,encoding=base64");
        assertEquals("md5", step.choice());
        assertEquals(Map.of("algorithm", List.of("sha-1", "crc32"), "encoding", List.of("base64")), step.keyed());
    }

    @Test
    void aValueMayContainEquals() {
        assertEquals(Map.of("k", List.of("a=b")), Step.parse("x:k=a=b").keyed());
    }

    @Test
    void emptyStage() {
        assertMalformed("");
        assertMalformed(":base64");
        assertMalformed(":");
    }

    @Test
    void emptyArgument() {
        assertTrue(assertMalformed("encode:").detail().contains("argument 1 is empty"));
        assertTrue(assertMalformed("encode:base64,").detail().contains("argument 2 is empty"));
        assertTrue(assertMalformed("encode:,base64").detail().contains("argument 1 is empty"));
        assertTrue(assertMalformed("compress:gzip,,level=1").detail().contains("argument 2 is empty"));
    }

    @Test
    void secondPositional() {
        assertTrue(assertMalformed("encode:base64,hex").detail().contains("only the first argument may be positional"));
        assertMalformed("slice:offset=1,5");
    }

    @Test
    void keyWithoutValue() {
        assertTrue(assertMalformed("compress:gzip,level=").detail().contains("needs both a key and a value"));
        assertMalformed("slice:offset=");
    }

    @Test
    void valueWithoutKey() {
        assertTrue(assertMalformed("compress:gzip,=9").detail().contains("needs both a key and a value"));
        assertMalformed("slice:=5");
        assertMalformed("slice:=");
    }

    @Test
    void longStepsAreShortenedInTheDetail() {
        String text = "encode:" + "x".repeat(200) + ",";
        TransformException e = assertMalformed(text);
        assertTrue(e.detail().length() < 200, e.detail());
    }
}
