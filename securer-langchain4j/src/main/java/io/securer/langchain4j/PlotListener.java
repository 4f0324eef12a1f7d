package io.securer.langchain4j;

import io.securer.Plot;

/**
 * Receives the graphics {@code run_r_code} calls draw, so the application can show them to its
 * user (a chat UI, a file, a message queue). Set it with {@link RCodeTool.Builder#plotListener}.
 *
 * <p>Called on the thread that runs the tool call, once per plot, in drawing order, after R has
 * finished and before the tool's text goes back to the model; keep it short (hand the bytes to
 * another thread for slow work). Calls for different chats may run at the same time, so an
 * implementation must be thread-safe. An exception it throws is logged and does not fail the tool
 * call; the model is told that plot was not shown.
 *
 * <p>Plots drawn by code that then fails (an R error, a timeout) are not delivered: the execution
 * returns no result.
 */
@FunctionalInterface
public interface PlotListener {
    /**
     * One plot of one {@code run_r_code} call.
     *
     * @param memoryId the chat memory id the tool call came with ({@code @MemoryId} of the AI service);
     *                 {@value SecurerTools#MEMORY_ID} when the call had none. Same id in every
     *                 session mode (one shared session, a pool, a session per memory id).
     * @param plot     the image (PNG unless the session's {@code plotFormat} says otherwise)
     */
    void onPlot(Object memoryId, Plot plot);
}
