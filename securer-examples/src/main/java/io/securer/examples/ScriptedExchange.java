package io.securer.examples;

import java.util.Objects;

/**
 * One question of a demo and, for the offline run, the recorded model turns that answer it: the
 * model first calls {@code run_r_code} with {@link #code}, then answers with {@link #answer}.
 * {@link #expectedResult} is what R must print for that code; the offline run checks it, so a
 * recorded answer can never contradict what R really computed.
 */
public record ScriptedExchange(String question, String code, String expectedResult, String answer) {
    public ScriptedExchange {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(expectedResult, "expectedResult");
        Objects.requireNonNull(answer, "answer");
    }
}
