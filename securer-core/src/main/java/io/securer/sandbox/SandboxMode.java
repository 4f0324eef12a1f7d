package io.securer.sandbox;

/** STUB until the sandbox branch lands. */
public enum SandboxMode {
    NONE, BUBBLEWRAP, SEATBELT;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
