package io.securer.langchain4j;

import dev.langchain4j.code.CodeExecutionEngine;
import io.securer.SecureSession;
import java.util.Objects;

/**
 * LangChain4j's {@link CodeExecutionEngine} for R: {@link #execute(String)} runs the code in one
 * persistent session and returns the same text {@code run_r_code} gives the model (errors as text,
 * never thrown). Thread-safe; executions are serialized. Does not own the tool or session it wraps.
 */
public final class RCodeExecutionEngine implements CodeExecutionEngine {
    private final RCodeTool tool;

    /** Runs code with {@code tool}, as chat memory id {@value SecurerTools#MEMORY_ID}. */
    public RCodeExecutionEngine(RCodeTool tool) {
        this.tool = Objects.requireNonNull(tool, "tool");
    }

    /** Runs code in {@code session} with run_r_code's default timeout; the session stays the caller's. */
    public static RCodeExecutionEngine of(SecureSession session) {
        return new RCodeExecutionEngine(RCodeTool.builder().session(session).build());
    }

    @Override
    public String execute(String code) {
        return tool.runRCode(SecurerTools.MEMORY_ID, code);
    }
}
