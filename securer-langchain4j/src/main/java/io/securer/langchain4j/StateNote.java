package io.securer.langchain4j;

import java.util.ArrayList;
import java.util.List;

/**
 * What the model must be told about a chat's R state besides the call's own outcome: that the
 * variables were restored from the store after the R process was replaced, and any problem with
 * saving or restoring them. Immutable.
 */
record StateNote(boolean restored, List<String> problems) {
    static final StateNote NONE = new StateNote(false, List.of());
    static final StateNote RESTORED = new StateNote(true, List.of());

    StateNote {
        problems = List.copyOf(problems);
    }

    static StateNote problem(String text) {
        return new StateNote(false, List.of(text));
    }

    StateNote and(StateNote other) {
        List<String> all = new ArrayList<>(problems);
        all.addAll(other.problems);
        return new StateNote(restored || other.restored, all);
    }
}
