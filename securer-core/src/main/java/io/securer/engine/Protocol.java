package io.securer.engine;

/** Constants host and runtime must agree on; the runtime gets them substituted at load time. */
public final class Protocol {

    /** Version of the message set in docs/protocol.md; the child's hello must carry it. */
    public static final int VERSION = 3;

    private Protocol() {
    }
}
