package io.securer.micrometer;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads back what a {@link TestObservationRegistry} saw, for exact assertions (the starter's tests use it too). */
public final class Observed {
    private Observed() {
    }

    /** Every observation context the registry handled, in start order. */
    public static List<Observation.Context> contexts(TestObservationRegistry registry) {
        List<Observation.Context> out = new ArrayList<>();
        TestObservationRegistryAssert.assertThat(registry).hasHandledContextsThatSatisfy(out::addAll);
        return out;
    }

    /** The contexts named {@code name}, in start order. */
    public static List<Observation.Context> named(TestObservationRegistry registry, String name) {
        return contexts(registry).stream().filter(c -> c.getName().equals(name)).toList();
    }

    public static Map<String, String> low(Observation.ContextView c) {
        return map(c.getLowCardinalityKeyValues());
    }

    public static Map<String, String> high(Observation.ContextView c) {
        return map(c.getHighCardinalityKeyValues());
    }

    /** The parent's context, or null. */
    public static Observation.ContextView parent(Observation.ContextView c) {
        return c.getParentObservation() == null ? null : c.getParentObservation().getContextView();
    }

    private static Map<String, String> map(KeyValues kvs) {
        Map<String, String> m = new TreeMap<>();
        for (KeyValue kv : kvs) {
            m.put(kv.getKey(), kv.getValue());
        }
        return m;
    }
}
