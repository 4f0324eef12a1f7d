package io.securer.engine;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every thread securer starts is a named daemon: a forgotten session must never keep the JVM
 * alive, and thread dumps must say which session a thread serves.
 */
public final class Threads {
    private Threads() {
    }

    /** An unstarted daemon thread named {@code name}. */
    public static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    /** A factory of daemon threads named {@code prefix-1}, {@code prefix-2}, ... */
    public static ThreadFactory factory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> daemon(prefix + "-" + n.incrementAndGet(), r);
    }

    /** A factory of daemon threads that all carry {@code name}. */
    public static ThreadFactory named(String name) {
        return r -> daemon(name, r);
    }
}
