package io.securer.engine.sandbox;

/** The process limits the sandbox tests use: the library's defaults, spelled out. */
final class TestLimits {
    static final long MIB = 1024L * 1024L;
    /** What TestLimits.DEFAULTS translates to. */
    static final ProcessLimits DEFAULTS = new ProcessLimits(60L, 1024 * MIB, 50 * MIB, 50L, 256L, null);

    private TestLimits() {
    }
}
