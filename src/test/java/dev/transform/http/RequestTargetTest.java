package dev.transform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetTest {

    @ParameterizedTest
    @ValueSource(strings = {"/v1/encode/hex", "/v1/slice?offset=10&length=5", "/v1/%65ncode/hex?case=%75pper",
            "/v1/pipeline?steps=gunzip%7Cslice", "/v1/encode/hex?a=[b]", "*", "/v1/encode/hex?x=%C3%A9#frag"})
    void validTargetsPass(String target) {
        assertNull(RequestTarget.invalidReason(target));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "/v1/slice?offset=%zz; Malformed escape pair at index 17: /v1/slice?offset=%zz",
            "/v1/slice?offset=%; Malformed escape pair at index 17: /v1/slice?offset=%",
            "/v1/pipeline?steps=gunzip|slice; Illegal character in query at index 25: /v1/pipeline?steps=gunzip|slice",
            "/v1/a b; Illegal character in path at index 5: /v1/a b"})
    void invalidTargetsSayWhereAndWhy(String target, String reason) {
        assertEquals(reason, RequestTarget.invalidReason(target));
    }

    @ParameterizedTest
    @ValueSource(strings = {""})
    void anEmptyTargetIsNone(String target) {
        assertEquals("the request has no target", RequestTarget.invalidReason(target));
        assertEquals("the request has no target", RequestTarget.invalidReason(null));
    }
}
