package io.securer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecurerToolTest {
    private static final ToolHandler NOOP = a -> null;

    private static String invalid(String what, String name) {
        return what + " name '" + name + "' is not a valid R identifier "
                + "(must match ^(?:[A-Za-z]|\\.(?![0-9]))[A-Za-z0-9_.]*$, not be reserved, at most 128 characters)";
    }

    @ParameterizedTest
    @ValueSource(strings = {"add", "get_weather", "x", "X1", ".hidden", "a.b.c", "f_", "a__b", "."})
    void validToolNames(String name) {
        assertEquals(name, SecurerTool.builder(name).handler(NOOP).build().name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1abc", "_private", "", "has space", "semi;colon", "dash-name", "ümlaut", "a$b", "`x`",
            "if", "else", "repeat", "while", "function", "for", "next", "break", "TRUE", "FALSE", "NULL", "Inf", "NaN",
            "NA", "NA_integer_", "NA_real_", "NA_character_", "in", "..1", "..2", "...", "..x"})
    void invalidToolNames(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SecurerTool.builder(name));
        assertEquals(invalid("tool", name), e.getMessage());
    }

    /**
     * BUG: R's rule is "starts with a letter, or a dot not followed by a digit"; {@code .2x}
     * lexes as the number .2 then x, so a tool of that name can never be called from R.
     */
    @Test
    void dotFollowedByDigitIsNotAnIdentifier() {
        assertThrows(IllegalArgumentException.class, () -> SecurerTool.builder(".2x"));
    }

    /** BUG: NA_complex_ is reserved in R (see ?Reserved) but missing from the reserved list. */
    @Test
    void naComplexIsReserved() {
        assertThrows(IllegalArgumentException.class, () -> SecurerTool.builder("NA_complex_"));
    }

    @Test
    void nameLengthLimit() {
        String ok = "a".repeat(128);
        assertEquals(ok, SecurerTool.builder(ok).handler(NOOP).build().name());
        String tooLong = "a".repeat(129);
        assertEquals(invalid("tool", tooLong),
                assertThrows(IllegalArgumentException.class, () -> SecurerTool.builder(tooLong)).getMessage());
    }

    @Test
    void nullName() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> SecurerTool.builder(null));
        assertEquals("tool name", e.getMessage());
    }

    @Test
    void argumentNamesFollowTheSameRules() {
        SecurerTool.Builder b = SecurerTool.builder("t");
        assertEquals(invalid("argument", "function"),
                assertThrows(IllegalArgumentException.class, () -> b.arg("function", ArgType.ANY)).getMessage());
        assertEquals(invalid("argument", "2x"),
                assertThrows(IllegalArgumentException.class, () -> b.optionalArg("2x", ArgType.ANY)).getMessage());
        assertEquals(invalid("argument", "..1"),
                assertThrows(IllegalArgumentException.class, () -> b.arg("..1", ArgType.ANY)).getMessage());
    }

    @Test
    void argumentTypeIsRequired() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> SecurerTool.builder("t").arg("a", null));
        assertEquals("type", e.getMessage());
    }

    @Test
    void duplicateArguments() {
        SecurerTool.Builder b = SecurerTool.builder("add").arg("a", ArgType.NUMERIC);
        assertEquals("tool 'add' declares argument 'a' twice",
                assertThrows(IllegalArgumentException.class, () -> b.optionalArg("a", ArgType.CHARACTER)).getMessage());
    }

    @Test
    void duplicateToolsInASessionBuilder() {
        SecurerTool a = SecurerTool.builder("add").handler(NOOP).build();
        SecurerTool b = SecurerTool.builder("add").handler(NOOP).build();
        SecureSession.Builder builder = SecureSession.builder().tool(a);
        assertEquals("duplicate tool name 'add'",
                assertThrows(IllegalArgumentException.class, () -> builder.tool(b)).getMessage());
        assertEquals("duplicate tool name 'add'",
                assertThrows(IllegalArgumentException.class, () -> SecureSession.builder().tools(List.of(a, b))).getMessage());
    }

    @Test
    void missingHandler() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> SecurerTool.builder("add").build());
        assertEquals("tool 'add' needs a handler", e.getMessage());
    }

    @Test
    void nullHandlerAndDescriptionAreRejected() {
        assertThrows(NullPointerException.class, () -> SecurerTool.builder("t").handler(null));
        assertThrows(NullPointerException.class, () -> SecurerTool.builder("t").description(null));
    }

    @Test
    void accessorsKeepDeclarationOrder() {
        SecurerTool t = SecurerTool.builder("greet").description("Greets").arg("name", ArgType.CHARACTER)
                .optionalArg("greeting", ArgType.CHARACTER).handler(NOOP).build();
        assertEquals("greet", t.name());
        assertEquals("Greets", t.description());
        assertEquals(List.of(new SecurerTool.Arg("name", ArgType.CHARACTER, true),
                new SecurerTool.Arg("greeting", ArgType.CHARACTER, false)), t.args());
        assertTrue(t.args().get(0).required());
        assertFalse(t.args().get(1).required());
        assertThrows(UnsupportedOperationException.class, () -> t.args().clear());
        assertEquals("", SecurerTool.builder("x").handler(NOOP).build().description());
    }

    @Test
    void signature() {
        SecurerTool add = SecurerTool.builder("add").arg("a", ArgType.NUMERIC).arg("b", ArgType.NUMERIC).handler(NOOP).build();
        assertEquals("add(a: numeric, b: numeric)", add.signature());
        assertEquals("SecurerTool[add(a: numeric, b: numeric)]", add.toString());
        SecurerTool greet = SecurerTool.builder("greet").arg("name", ArgType.CHARACTER)
                .optionalArg("greeting", ArgType.CHARACTER).optionalArg("n", ArgType.INTEGER).handler(NOOP).build();
        assertEquals("greet(name: character, greeting: character = NULL, n: integer = NULL)", greet.signature());
        assertEquals("nums()", SecurerTool.builder("nums").handler(NOOP).build().signature());
    }

    /**
     * The signature is R-style (it goes into LLM prompts): a data frame argument shows as
     * {@code data.frame}, as the child and {@code ToolDispatcher.specs()} call it.
     */
    @Test
    void signatureUsesRTypeNameForDataFrames() {
        SecurerTool t = SecurerTool.builder("summarise").arg("df", ArgType.DATA_FRAME).optionalArg("opts", ArgType.ANY)
                .handler(NOOP).build();
        assertEquals("summarise(df: data.frame, opts: any = NULL)", t.signature());
    }

    @Test
    void argTypeRNames() {
        assertEquals("numeric", ArgType.NUMERIC.rName());
        assertEquals("integer", ArgType.INTEGER.rName());
        assertEquals("character", ArgType.CHARACTER.rName());
        assertEquals("logical", ArgType.LOGICAL.rName());
        assertEquals("list", ArgType.LIST.rName());
        assertEquals("data.frame", ArgType.DATA_FRAME.rName());
        assertEquals("any", ArgType.ANY.rName());
    }

    @Test
    void toBuilderAndRenamedKeepEverythingButWhatChanges() {
        SecurerTool t = SecurerTool.builder("filter").description("Filters rows").arg("x", ArgType.LIST)
                .optionalArg("n", ArgType.INTEGER).handler(NOOP).build();
        SecurerTool renamed = t.renamed("tool_filter");
        assertEquals("tool_filter(x: list, n: integer = NULL)", renamed.signature());
        assertEquals("Filters rows", renamed.description());
        assertSame(NOOP, renamed.handler());
        SecurerTool described = t.toBuilder().description("Keeps matching rows").build();
        assertEquals("filter(x: list, n: integer = NULL)", described.signature());
        assertEquals("Keeps matching rows", described.description());
    }
}
