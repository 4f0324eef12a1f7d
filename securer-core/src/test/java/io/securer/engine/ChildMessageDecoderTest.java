package io.securer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChildMessageDecoderTest {
    private static final String TOKEN = "ab".repeat(32);

    private static String reject(String line) {
        return assertThrows(ProtocolViolationException.class, () -> ChildMessageDecoder.decode(line)).getMessage();
    }

    // ---- every message type ----------------------------------------------------------------

    @Test
    void hello() {
        ChildMessage m = ChildMessageDecoder.decode("{\"type\":\"hello\",\"protocol\":1,\"token\":\"" + TOKEN
                + "\",\"pid\":4242,\"r_version\":\"4.3.2\",\"bulk_pipe\":true}");
        assertEquals(new ChildMessage.Hello(1, TOKEN, 4242, "4.3.2", true), m);
    }

    @Test
    void helloMustSayWhetherRHasTheBulkPipe() {
        assertEquals("child broke the protocol: hello message lacks field 'bulk_pipe'",
                reject("{\"type\":\"hello\",\"protocol\":1,\"token\":\"t\",\"pid\":1,\"r_version\":\"4\"}"));
        assertEquals("child broke the protocol: field 'bulk_pipe' must be a boolean",
                reject("{\"type\":\"hello\",\"protocol\":1,\"token\":\"t\",\"pid\":1,\"r_version\":\"4\",\"bulk_pipe\":1}"));
    }

    @Test
    void columnSaysWhetherItsBytesComeOnTheBulkPipe() {
        assertEquals(new ChildMessage.ColumnHeader(3, "x", WireType.DOUBLE, 2, 0, 16, true), ChildMessageDecoder.decode(
                "{\"type\":\"column\",\"exec\":3,\"name\":\"x\",\"col_type\":\"double\",\"rows\":2,\"na\":0,\"bytes\":16,\"pipe\":true}"));
        assertEquals("child broke the protocol: column message lacks field 'pipe'", reject(
                "{\"type\":\"column\",\"exec\":3,\"name\":\"x\",\"col_type\":\"double\",\"rows\":2,\"na\":0,\"bytes\":16}"));
    }

    @Test
    void helloToStringHidesTheToken() {
        ChildMessage.Hello h = new ChildMessage.Hello(1, TOKEN, 7, "4.3.2", false);
        assertEquals("Hello[protocol=1, pid=7, rVersion=4.3.2, bulkPipe=false]", h.toString());
    }

    @Test
    void ready() {
        assertEquals(new ChildMessage.Ready(), ChildMessageDecoder.decode("{\"type\":\"ready\"}"));
    }

    @Test
    void toolCall() {
        ChildMessage m = ChildMessageDecoder.decode(
                "{\"type\":\"tool_call\",\"exec\":3,\"call\":1,\"tool\":\"add\",\"args\":{\"a\":2,\"b\":[1,null]}}");
        ChildMessage.ToolCall tc = assertInstanceOf(ChildMessage.ToolCall.class, m);
        assertEquals(3, tc.exec());
        assertEquals(1, tc.call());
        assertEquals("add", tc.tool());
        assertEquals("{\"a\":2,\"b\":[1,null]}", tc.args().toString());
    }

    @Test
    void toolCallWithNoArgs() {
        ChildMessage.ToolCall tc = assertInstanceOf(ChildMessage.ToolCall.class, ChildMessageDecoder.decode(
                "{\"type\":\"tool_call\",\"exec\":1,\"call\":1,\"tool\":\"nums\",\"args\":{}}"));
        assertEquals(0, tc.args().size());
    }

    @Test
    void result() {
        ChildMessage m = ChildMessageDecoder.decode("{\"type\":\"result\",\"exec\":9,\"value\":[1,2],"
                + "\"omitted\":false,\"visible\":true,\"class\":[\"numeric\"]}");
        ChildMessage.Result r = assertInstanceOf(ChildMessage.Result.class, m);
        assertEquals(9, r.exec());
        assertEquals("[1,2]", r.value().toString());
        assertTrue(r.visible());
        assertEquals(List.of("numeric"), r.rClass());
    }

    @Test
    void omittedResult() {
        ChildMessage.Result r = assertInstanceOf(ChildMessage.Result.class, ChildMessageDecoder.decode(
                "{\"type\":\"result\",\"exec\":2,\"value\":null,\"omitted\":true,\"visible\":true,"
                        + "\"class\":[\"data.frame\"]}"));
        assertTrue(r.omitted());
        assertEquals("child broke the protocol: result.value must be null when omitted", reject(
                "{\"type\":\"result\",\"exec\":2,\"value\":1,\"omitted\":true,\"visible\":true,"
                        + "\"class\":[]}"));
    }

    @Test
    void plotAnnouncesItsBytesAndTakesThemFromTheReader() {
        ChildMessage.Plot p = assertInstanceOf(ChildMessage.Plot.class, ChildMessageDecoder.decode(
                "{\"type\":\"plot\",\"exec\":3,\"mime\":\"image/png\",\"width\":800,\"height\":600,\"bytes\":1234}"));
        assertEquals(1234, p.payloadSize());
        byte[] data = new byte[1234];
        assertEquals(data, ((ChildMessage.Plot) p.withPayload(data)).data());
        assertEquals("child broke the protocol: plot.mime 'text/html' is not image/png or image/svg+xml", reject(
                "{\"type\":\"plot\",\"exec\":3,\"mime\":\"text/html\",\"width\":8,\"height\":6,\"bytes\":1}"));
        assertEquals("child broke the protocol: field 'bytes' is out of range", reject(
                "{\"type\":\"plot\",\"exec\":3,\"mime\":\"image/png\",\"width\":8,\"height\":6,\"bytes\":0}"));
    }

    @Test
    void interruptAck() {
        assertEquals(new ChildMessage.InterruptAck(4), ChildMessageDecoder.decode("{\"type\":\"interrupt_ack\",\"exec\":4}"));
    }

    @Test
    void resultWithNullValueAndTwoClasses() {
        ChildMessage.Result r = assertInstanceOf(ChildMessage.Result.class, ChildMessageDecoder.decode(
                "{\"type\":\"result\",\"exec\":1,\"value\":null,\"omitted\":false,\"visible\":false,"
                        + "\"class\":[\"tbl_df\",\"data.frame\"]}"));
        assertTrue(r.value().isNull());
        assertFalse(r.visible());
        assertEquals(List.of("tbl_df", "data.frame"), r.rClass());
    }

    @Test
    void errorOfEachKind() {
        assertEquals(new ChildMessage.Failure(2, ChildMessage.Failure.Kind.RUNTIME, "boom", "f(x)"),
                ChildMessageDecoder.decode("{\"type\":\"error\",\"exec\":2,\"kind\":\"runtime\",\"message\":\"boom\",\"call\":\"f(x)\"}"));
        assertEquals(new ChildMessage.Failure(2, ChildMessage.Failure.Kind.SYNTAX, "unexpected end of input", null),
                ChildMessageDecoder.decode("{\"type\":\"error\",\"exec\":2,\"kind\":\"syntax\","
                        + "\"message\":\"unexpected end of input\",\"call\":null}"));
        assertEquals(new ChildMessage.Failure(5, ChildMessage.Failure.Kind.INTERRUPTED, "execution interrupted", null),
                ChildMessageDecoder.decode("{\"type\":\"error\",\"exec\":5,\"kind\":\"interrupted\","
                        + "\"message\":\"execution interrupted\",\"call\":null}"));
    }

    @Test
    void validation() {
        assertEquals(new ChildMessage.Validation(4, true, null, List.of("call to 'system' detected")),
                ChildMessageDecoder.decode("{\"type\":\"validation\",\"exec\":4,\"valid\":true,\"error\":null,"
                        + "\"warnings\":[\"call to 'system' detected\"]}"));
        assertEquals(new ChildMessage.Validation(4, false, "<text>:1:3: unexpected end", List.of()),
                ChildMessageDecoder.decode("{\"type\":\"validation\",\"exec\":4,\"valid\":false,"
                        + "\"error\":\"<text>:1:3: unexpected end\",\"warnings\":[]}"));
    }

    @Test
    void largestIdIsAccepted() {
        ChildMessage.Failure f = assertInstanceOf(ChildMessage.Failure.class, ChildMessageDecoder.decode(
                "{\"type\":\"error\",\"exec\":9223372036854775807,\"kind\":\"runtime\",\"message\":\"m\",\"call\":null}"));
        assertEquals(Long.MAX_VALUE, f.exec());
    }

    // ---- not JSON, not an object -------------------------------------------------------------

    @Test
    void malformedJson() {
        assertTrue(reject("{\"type\":").startsWith("child sent malformed JSON: "));
        assertTrue(reject("{type:\"ready\"}").startsWith("child sent malformed JSON: "));
    }

    @Test
    void trailingGarbageIsMalformed() {
        assertTrue(reject("{\"type\":\"ready\"} {\"type\":\"ready\"}").startsWith("child sent malformed JSON: "));
    }

    @Test
    void nanIsMalformed() {
        assertTrue(reject("{\"type\":\"result\",\"exec\":1,\"value\":NaN,\"omitted\":false,\"visible\":true,\"class\":[]}")
                .startsWith("child sent malformed JSON: "));
    }

    @Test
    void nonObjects() {
        assertEquals("child sent a message that is not a JSON object", reject("[1,2]"));
        assertEquals("child sent a message that is not a JSON object", reject("\"x\""));
        assertEquals("child sent a message that is not a JSON object", reject("null"));
        assertEquals("child sent a message that is not a JSON object", reject("42"));
        assertEquals("child sent a message that is not a JSON object", reject(""));
    }

    @Test
    void duplicateKeys() {
        String msg = reject("{\"type\":\"ready\",\"type\":\"ready\"}");
        assertEquals("child sent malformed JSON: Duplicate field 'type'", msg);
    }

    @Test
    void duplicateKeysInsideArgs() {
        assertEquals("child sent malformed JSON: Duplicate field 'a'", reject(
                "{\"type\":\"tool_call\",\"exec\":1,\"call\":1,\"tool\":\"add\",\"args\":{\"a\":1,\"a\":2}}"));
    }

    @Test
    void overDeepNesting() {
        String args = "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}";
        String msg = reject("{\"type\":\"tool_call\",\"exec\":1,\"call\":1,\"tool\":\"t\",\"args\":" + args + "}");
        assertTrue(msg.startsWith("child sent malformed JSON: Document nesting depth (65) exceeds the maximum allowed (64"),
                msg);
    }

    @Test
    void nestingJustUnderTheLimitIsAccepted() {
        // object (1) + args object (2) + 62 arrays = depth 64
        String args = "{\"a\":" + "[".repeat(62) + "]".repeat(62) + "}";
        ChildMessage m = ChildMessageDecoder.decode("{\"type\":\"tool_call\",\"exec\":1,\"call\":1,\"tool\":\"t\",\"args\":" + args + "}");
        assertInstanceOf(ChildMessage.ToolCall.class, m);
    }

    // ---- type ---------------------------------------------------------------------------------

    @Test
    void unknownType() {
        assertEquals("child broke the protocol: unknown message type 'shutdown'", reject("{\"type\":\"shutdown\"}"));
    }

    @Test
    void controlCharactersInUnknownTypeAreEscaped() {
        String msg = reject("{\"type\":\"x\\u001b[31my\\nz\\u0000\"}");
        assertEquals("child broke the protocol: unknown message type 'x?[31my?z?'", msg);
    }

    @Test
    void overLongTypeIsRejectedBeforeItIsEchoed() {
        assertEquals("child broke the protocol: field 'type' is longer than 32 characters",
                reject("{\"type\":\"" + "t".repeat(33) + "\"}"));
    }

    @Test
    void missingOrNonStringType() {
        assertEquals("child broke the protocol: field 'type' must be a string", reject("{}"));
        assertEquals("child broke the protocol: field 'type' must be a string", reject("{\"type\":1}"));
        assertEquals("child broke the protocol: field 'type' must be a string", reject("{\"type\":null}"));
    }

    // ---- fields -------------------------------------------------------------------------------

    @Test
    void missingField() {
        assertEquals("child broke the protocol: tool_call message lacks field 'args'",
                reject("{\"type\":\"tool_call\",\"exec\":1,\"call\":1,\"tool\":\"add\"}"));
        assertEquals("child broke the protocol: result message lacks field 'value'",
                reject("{\"type\":\"result\",\"exec\":1,\"omitted\":false,\"visible\":true,\"class\":[]}"));
        assertEquals("child broke the protocol: error message lacks field 'call'",
                reject("{\"type\":\"error\",\"exec\":1,\"kind\":\"runtime\",\"message\":\"m\"}"));
        assertEquals("child broke the protocol: hello message lacks field 'r_version'",
                reject("{\"type\":\"hello\",\"protocol\":1,\"token\":\"t\",\"pid\":1}"));
    }

    @Test
    void extraField() {
        assertEquals("child broke the protocol: unexpected field 'extra' in ready message",
                reject("{\"type\":\"ready\",\"extra\":1}"));
        assertEquals("child broke the protocol: unexpected field 'token' in result message",
                reject("{\"type\":\"result\",\"exec\":1,\"value\":1,\"omitted\":false,\"visible\":true,\"class\":[],\"token\":\"t\"}"));
    }

    @Test
    void extraFieldNameIsEscapedAndAbbreviated() {
        String name = "\\u0007" + "f".repeat(60);
        assertEquals("child broke the protocol: unexpected field '?" + "f".repeat(39) + "...' in ready message",
                reject("{\"type\":\"ready\",\"" + name + "\":1}"));
    }

    @Test
    void idAsString() {
        assertEquals("child broke the protocol: field 'exec' must be an integer",
                reject("{\"type\":\"tool_call\",\"exec\":\"1\",\"call\":1,\"tool\":\"add\",\"args\":{}}"));
    }

    @Test
    void idAsFloat() {
        assertEquals("child broke the protocol: field 'call' must be an integer",
                reject("{\"type\":\"tool_call\",\"exec\":1,\"call\":1.0,\"tool\":\"add\",\"args\":{}}"));
        assertEquals("child broke the protocol: field 'exec' must be an integer",
                reject("{\"type\":\"error\",\"exec\":1e2,\"kind\":\"runtime\",\"message\":\"m\",\"call\":null}"));
    }

    @Test
    void idZeroOrNegative() {
        assertEquals("child broke the protocol: field 'exec' is out of range",
                reject("{\"type\":\"error\",\"exec\":0,\"kind\":\"runtime\",\"message\":\"m\",\"call\":null}"));
        assertEquals("child broke the protocol: field 'exec' is out of range",
                reject("{\"type\":\"error\",\"exec\":-1,\"kind\":\"runtime\",\"message\":\"m\",\"call\":null}"));
        assertEquals("child broke the protocol: field 'call' is out of range",
                reject("{\"type\":\"tool_call\",\"exec\":1,\"call\":0,\"tool\":\"add\",\"args\":{}}"));
    }

    @Test
    void idBeyondLong() {
        assertEquals("child broke the protocol: field 'exec' must be an integer",
                reject("{\"type\":\"error\",\"exec\":9223372036854775808,\"kind\":\"runtime\",\"message\":\"m\",\"call\":null}"));
    }

    @Test
    void helloRanges() {
        assertEquals("child broke the protocol: field 'protocol' is out of range",
                reject("{\"type\":\"hello\",\"protocol\":0,\"token\":\"t\",\"pid\":1,\"r_version\":\"4\",\"bulk_pipe\":false}"));
        assertEquals("child broke the protocol: field 'pid' is out of range",
                reject("{\"type\":\"hello\",\"protocol\":1,\"token\":\"t\",\"pid\":2147483648,\"r_version\":\"4\",\"bulk_pipe\":false}"));
        assertEquals("child broke the protocol: field 'token' is longer than 128 characters",
                reject("{\"type\":\"hello\",\"protocol\":1,\"token\":\"" + "a".repeat(129) + "\",\"pid\":1,\"r_version\":\"4\",\"bulk_pipe\":false}"));
    }

    @Test
    void booleanAsString() {
        assertEquals("child broke the protocol: field 'visible' must be a boolean",
                reject("{\"type\":\"result\",\"exec\":1,\"value\":1,\"omitted\":false,\"visible\":\"true\",\"class\":[]}"));
        assertEquals("child broke the protocol: field 'valid' must be a boolean",
                reject("{\"type\":\"validation\",\"exec\":1,\"valid\":1,\"error\":null,\"warnings\":[]}"));
    }

    @Test
    void stringFieldOfWrongType() {
        assertEquals("child broke the protocol: field 'mime' must be a string",
                reject("{\"type\":\"plot\",\"exec\":1,\"mime\":null,\"width\":1,\"height\":1,\"bytes\":1}"));
        assertEquals("child broke the protocol: field 'call' must be a string",
                reject("{\"type\":\"error\",\"exec\":1,\"kind\":\"runtime\",\"message\":\"m\",\"call\":3}"));
        assertEquals("child broke the protocol: field 'tool' must be a string",
                reject("{\"type\":\"tool_call\",\"exec\":1,\"call\":1,\"tool\":[\"add\"],\"args\":{}}"));
    }

    @Test
    void argsMustBeAnObject() {
        assertEquals("child broke the protocol: tool_call.args must be an object",
                reject("{\"type\":\"tool_call\",\"exec\":1,\"call\":1,\"tool\":\"add\",\"args\":[1,2]}"));
        assertEquals("child broke the protocol: tool_call.args must be an object",
                reject("{\"type\":\"tool_call\",\"exec\":1,\"call\":1,\"tool\":\"add\",\"args\":null}"));
    }

    @Test
    void errorKindNotAllowed() {
        assertEquals("child broke the protocol: error.kind 'fatal' is not one of syntax, runtime, interrupted, transfer, file, snapshot",
                reject("{\"type\":\"error\",\"exec\":1,\"kind\":\"fatal\",\"message\":\"m\",\"call\":null}"));
        assertEquals("child broke the protocol: error.kind 'RUNTIME' is not one of syntax, runtime, interrupted, transfer, file, snapshot",
                reject("{\"type\":\"error\",\"exec\":1,\"kind\":\"RUNTIME\",\"message\":\"m\",\"call\":null}"));
    }

    @Test
    void tooManyClassEntries() {
        String classes = "[" + "\"c\",".repeat(64) + "\"c\"]";
        assertEquals("child broke the protocol: field 'class' has more than 64 items",
                reject("{\"type\":\"result\",\"exec\":1,\"value\":1,\"omitted\":false,\"visible\":true,\"class\":" + classes + "}"));
    }

    @Test
    void sixtyFourClassEntriesAreAccepted() {
        String classes = "[" + "\"c\",".repeat(63) + "\"c\"]";
        ChildMessage.Result r = assertInstanceOf(ChildMessage.Result.class, ChildMessageDecoder.decode(
                "{\"type\":\"result\",\"exec\":1,\"value\":1,\"omitted\":false,\"visible\":true,\"class\":" + classes + "}"));
        assertEquals(64, r.rClass().size());
    }

    @Test
    void classEntriesMustBeShortStrings() {
        assertEquals("child broke the protocol: field 'class' must hold strings of at most 256 characters",
                reject("{\"type\":\"result\",\"exec\":1,\"value\":1,\"omitted\":false,\"visible\":true,\"class\":[1]}"));
        assertEquals("child broke the protocol: field 'class' must hold strings of at most 256 characters",
                reject("{\"type\":\"result\",\"exec\":1,\"value\":1,\"omitted\":false,\"visible\":true,\"class\":[\""
                        + "c".repeat(257) + "\"]}"));
        assertEquals("child broke the protocol: field 'class' must be an array of strings",
                reject("{\"type\":\"result\",\"exec\":1,\"value\":1,\"omitted\":false,\"visible\":true,\"class\":\"numeric\"}"));
    }

    @Test
    void overLongToolName() {
        assertEquals("child broke the protocol: field 'tool' is longer than 256 characters",
                reject("{\"type\":\"tool_call\",\"exec\":1,\"call\":1,\"tool\":\"" + "t".repeat(257) + "\",\"args\":{}}"));
        ChildMessage.ToolCall ok = assertInstanceOf(ChildMessage.ToolCall.class, ChildMessageDecoder.decode(
                "{\"type\":\"tool_call\",\"exec\":1,\"call\":1,\"tool\":\"" + "t".repeat(256) + "\",\"args\":{}}"));
        assertEquals(256, ok.tool().length());
    }

    @Test
    void tooManyWarnings() {
        String warnings = "[" + "\"w\",".repeat(256) + "\"w\"]";
        assertEquals("child broke the protocol: field 'warnings' has more than 256 items",
                reject("{\"type\":\"validation\",\"exec\":1,\"valid\":true,\"error\":null,\"warnings\":" + warnings + "}"));
    }

    @Test
    void validationErrorMayBeNullButValidationsAreNotNullable() {
        ChildMessage.Validation v = assertInstanceOf(ChildMessage.Validation.class, ChildMessageDecoder.decode(
                "{\"type\":\"validation\",\"exec\":1,\"valid\":true,\"error\":null,\"warnings\":[]}"));
        assertNull(v.error());
    }
}
