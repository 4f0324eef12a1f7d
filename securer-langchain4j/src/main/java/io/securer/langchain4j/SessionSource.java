package io.securer.langchain4j;

import io.securer.ExecuteOptions;
import io.securer.ExecutionResult;
import io.securer.SecurerTool;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/** Where {@link RCodeTool} gets the R session for one call. Implementations are thread-safe. */
interface SessionSource extends AutoCloseable {

    /** A session borrowed for one call. */
    interface Lease extends AutoCloseable {
        ExecutionResult execute(String code, ExecuteOptions options);

        /** What the model must be told about the chat's state after the last {@link #execute}. */
        default StateNote stateNote() {
            return StateNote.NONE;
        }

        @Override
        void close();

        /** A lease that runs calls with {@code run} and calls {@code release} once, on close. */
        static Lease of(BiFunction<String, ExecuteOptions, ExecutionResult> run, Runnable release) {
            AtomicBoolean released = new AtomicBoolean();
            return new Lease() {
                @Override
                public ExecutionResult execute(String code, ExecuteOptions options) {
                    return run.apply(code, options);
                }

                @Override
                public void close() {
                    if (released.compareAndSet(false, true)) {
                        release.run();
                    }
                }
            };
        }
    }

    /**
     * Borrows the session serving {@code memoryId} (never null).
     *
     * @throws RuntimeException when no session can be started; the message is for the model
     */
    Lease acquire(Object memoryId);

    /**
     * Runs a short piece of the tool's own code (not the model's) in a session like the ones calls
     * get, e.g. to ask R which packages it has.
     */
    ExecutionResult probe(String code, ExecuteOptions options);

    /** The host tools R code may call. */
    List<SecurerTool> tools();

    /** Whether variables survive from one call to the next (same memory id). */
    boolean keepsState();

    /** The isolation the sessions run under (what the description may promise the model). */
    io.securer.SandboxMode sandboxMode();

    /** Closes what this source created; sessions the application supplied stay open. */
    @Override
    void close();
}
